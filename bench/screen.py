"""Screening figures: validation and screening of 10,000 generated client documents, in-process.

Documents are generated as plain dicts (what `json.loads` gives), varied the way intakes are:
mostly "no" answers with a few "yes" and unknown ones, sites, joint replacements, clots, event
dates, blood pressure, hypermobility, pregnancy, medical assessments, clearance documents with
precautions, reviews and restrictions a therapist added. Each one is timed from the parsed dict
to the clearance: `read_document` (pydantic validation and the knowledge-base checks, as the CLI
and API do) plus `screen`. JSON parsing is excluded. A warm-up pass comes first, then `runs`
timed passes over the same documents.

Prints JSON: {"p50_ms": [...], "p99_ms": [...], "documents": n, "decisions": {...}}, one value
per pass; a progress bar goes to standard error.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
import time
from collections import Counter
from typing import Any

from stretchwise.library.knowledge import KnowledgeBase, knowledge_base
from stretchwise.library.schema import ContraindicationClass, RestrictionType
from stretchwise.screening.cli import read_document
from stretchwise.screening.document import LOCAL_KINDS
from stretchwise.screening.engine import screen

DOCUMENTS = 10_000
SEED = 20261124
START = dt.date(2025, 6, 1)
SIDES = ["left", "right", "both", "unknown"]


class Generator:
    """Random but valid client documents, reproducible from the seed."""

    def __init__(self, kb: KnowledgeBase, seed: int) -> None:
        self.rng = random.Random(seed)
        self.questions = [q.id for q in kb.questions.values() if q.answer == "yes_no_unknown"]
        self.areas = sorted(kb.body_areas)
        self.regions = sorted(kb.regions)
        self.conditions = sorted(kb.conditions)
        self.positions = sorted(kb.positions)
        self.techniques = sorted(kb.techniques)
        self.movements = sorted(kb.movements.values(), key=lambda m: m.id)
        self.red_flags = sorted(
            c.id for c in kb.contraindications.values() if c.klass == ContraindicationClass.RED_FLAG
        )
        self.others = sorted(set(kb.contraindications) - set(self.red_flags))

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def day(self, start: dt.date, low: int, high: int) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(low, high))

    def iso(self, start: dt.date, low: int, high: int, p_unknown: float = 0.2) -> str | None:
        return None if self.chance(p_unknown) else self.day(start, low, high).isoformat()

    def document(self) -> tuple[dict[str, Any], dt.date]:
        """A client document and the day to screen it on."""
        day = self.day(START, 0, 500)
        intake = self.intake(day)
        doc: dict[str, Any] = {"schema_version": "1", "intake": intake}
        if self.chance(0.15):
            doc["clearance_documents"] = [self.clearance(day, n) for n in range(1, 3)]
        if self.chance(0.1):
            doc["reviews"] = [
                {
                    "finding": self.rng.choice(self.others),
                    "on": self.day(day, 0, 120).isoformat(),
                    "by": "J. Therapist",
                    "reason": "Reviewed in the clinic: settled, no symptoms today.",
                }
            ]
        if self.chance(0.15):
            doc["added_restrictions"] = [
                {
                    **self.restriction(day),
                    "by": "J. Therapist",
                    "on": self.day(day, 0, 30).isoformat(),
                    "reason": "Therapist's judgement after the first session",
                }
            ]
        return doc, self.day(day, 0, 120)

    def intake(self, day: dt.date) -> dict[str, Any]:
        rng = self.rng
        answers = dict.fromkeys(self.questions, "no")
        for q in rng.sample(self.questions, rng.choice([0, 0, 0, 1, 1, 2, 3])):
            answers[q] = "yes"
        for q in rng.sample(self.questions, rng.choice([0, 0, 0, 0, 0, 1, 2, 4])):
            answers[q] = "unknown"
        for q in rng.sample(self.questions, rng.choice([0, 0, 0, 0, 0, 0, 1, 3])):
            del answers[q]  # missing means unknown
        sex = rng.choice(["female", "female", "male", "male", "intersex", "unknown"])
        intake: dict[str, Any] = {
            "date": day.isoformat(),
            "sex": sex,
            "conditions": rng.sample(self.conditions, rng.randint(0, 2)),
            "answers": answers,
            "pain": self.pain(),
            "consent_confirmed": True,
            "goals": ["Walk the dog without my back hurting"],
            "hard_activities": ["Putting on socks", "Sitting through a film"],
        }
        if self.chance(0.7):
            intake["age_years"] = rng.randint(16, 92)
        else:
            intake["date_of_birth"] = self.day(day, -92 * 365, -16 * 365).isoformat()
        if self.chance(0.3):
            intake["sites"] = [self.site(day, answers) for _ in range(rng.randint(1, 3))]
        if self.chance(0.15):
            intake["joint_replacements"] = [self.replacement(day, answers)]
        if self.chance(0.08):
            intake["clots"] = [self.clot(day)]
            if answers.get("clot-diagnosed") == "no":
                answers["clot-diagnosed"] = "yes"
        if self.chance(0.6):
            systolic = rng.randint(95, 215)
            intake["blood_pressure"] = {
                "systolic": systolic,
                "diastolic": rng.randint(55, min(118, systolic - 20)),
                "measured_on": self.day(day, -10, 0).isoformat(),
            }
        if self.chance(0.2):
            intake["beighton_score"] = rng.randint(0, 9)
        if self.chance(0.15):
            intake["osteoporosis_severity"] = rng.choice(["osteopenia", "osteoporosis", "severe"])
        if sex != "male" and answers.get("pregnant") == "yes":
            intake["pregnancy_weeks"] = rng.randint(4, 40)
        if self.chance(0.1):
            intake["dates"] = {"stroke_or_tia": self.iso(day, -400, 0)}
        if self.chance(0.05):
            intake["medical_assessment"] = {
                "on": self.day(day, -20, 0).isoformat(),
                "by": "Dr A. Mensah, general practitioner",
                "red_flags": rng.sample(self.red_flags, rng.randint(1, 3)),
            }
        if self.chance(0.2):
            intake["positions_cannot_take"] = rng.sample(self.positions, 1)
        if self.chance(0.1):
            intake["techniques_disliked"] = rng.sample(self.techniques, 1)
        return intake

    def pain(self) -> dict[str, Any]:
        now, average = self.rng.randint(0, 8), self.rng.randint(0, 8)
        return {
            "now": now,
            "average": average,
            "worst": self.rng.randint(max(now, average), 10),
            "regions": self.rng.sample(self.areas, self.rng.randint(1, 3)),
            "radiates_into_limb": self.rng.choice(["no", "no", "yes", "unknown"]),
            "duration_months": self.rng.randint(3, 120),
        }

    def site(self, day: dt.date, answers: dict[str, str]) -> dict[str, Any]:
        kind = self.rng.choice(LOCAL_KINDS)
        if answers.get(kind) == "no":
            answers[kind] = "yes"
        return {
            "kind": kind,
            "area": None if self.chance(0.1) else self.rng.choice(self.areas),
            "side": self.rng.choice(SIDES),
            "date": self.iso(day, -600, 0),
        }

    def replacement(self, day: dt.date, answers: dict[str, str]) -> dict[str, Any]:
        joint = self.rng.choice(["hip", "knee"])
        if answers.get(f"{joint}-replacement") == "no":
            answers[f"{joint}-replacement"] = "yes"
        approaches = ["posterior", "anterior", "lateral", "unknown"]
        return {
            "joint": joint,
            "side": self.rng.choice(SIDES),
            "date": self.iso(day, -400, 0),
            "approach": self.rng.choice(approaches) if joint == "hip" else "unknown",
        }

    def clot(self, day: dt.date) -> dict[str, Any]:
        return {
            "limb": self.rng.choice(["leg", "leg", "arm", "unknown"]),
            "side": self.rng.choice(SIDES),
            "date": self.iso(day, -300, 0),
            "anticoagulated": self.rng.choice(["yes", "yes", "no", "unknown"]),
        }

    def clearance(self, day: dt.date, n: int) -> dict[str, Any]:
        return {
            "id": f"letter-{n}",
            "author": "Ms R. Okafor, orthopaedic surgeon",
            "role": self.rng.choice(["doctor", "surgeon", "specialist"]),
            "date": self.day(day, -30, 60).isoformat(),
            "covers": self.rng.sample(self.others, self.rng.randint(1, 3)),
            "side": self.rng.choice(SIDES),
            "permits": "Assisted stretching within the precautions listed.",
            "precautions": [self.restriction(day) for _ in range(self.rng.randint(0, 2))],
        }

    def restriction(self, day: dt.date) -> dict[str, Any]:
        kind = self.rng.choice(list(RestrictionType))
        r: dict[str, Any] = {"type": kind.value, "side": self.rng.choice(SIDES)}
        if kind == RestrictionType.FORBIDDEN_MOVEMENT:
            movement = self.rng.choice(self.movements)
            r["movement"] = movement.id
            if movement.limit_range_deg is not None:
                r["limit_deg"] = self.rng.randint(*map(int, movement.limit_range_deg))
        elif kind == RestrictionType.EXCLUDED_REGION:
            r["region"] = self.rng.choice(self.areas + self.regions)
        elif kind == RestrictionType.EXCLUDED_TECHNIQUE:
            r["technique"] = self.rng.choice(self.techniques)
        elif kind == RestrictionType.INTENSITY_CAP:
            r["cap"] = self.rng.randint(2, 6)
        elif kind == RestrictionType.MAX_MINUTES_IN_POSITION:
            r["minutes"] = self.rng.randint(2, 20)
            r["position"] = self.rng.choice(self.positions)
        r["until"] = self.iso(day, 0, 150, p_unknown=0.4)
        return r


def progress(done: int, total: int, label: str) -> None:
    bar = "#" * (30 * done // total)
    sys.stderr.write(f"\r  [{bar:<30}] {done:,}/{total:,} {label}")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def percentile(sorted_values: list[float], q: float) -> float:
    """The nearest-rank percentile of an already sorted list."""
    rank = max(1, round(q / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def main(runs: int, documents: int = DOCUMENTS) -> None:
    kb = knowledge_base()
    generator = Generator(kb, SEED)
    corpus = [generator.document() for _ in range(documents)]
    decisions: Counter[str] = Counter()
    for raw, on in corpus:  # warm-up, and every generated document must be valid
        decisions[screen(read_document(raw, kb), on, kb).decision] += 1
    p50s, p99s = [], []
    step = max(1, documents // 40)
    for run in range(1, runs + 1):
        timings = []
        label = f"screening, pass {run}/{runs}"
        for n, (raw, on) in enumerate(corpus, 1):
            start = time.perf_counter_ns()
            screen(read_document(raw, kb), on, kb)
            timings.append((time.perf_counter_ns() - start) / 1e6)
            if n % step == 0 or n == documents:
                progress(n, documents, label)
        timings.sort()
        p50s.append(percentile(timings, 50))
        p99s.append(percentile(timings, 99))
    print(
        json.dumps({"p50_ms": p50s, "p99_ms": p99s, "documents": documents, "decisions": decisions})
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
