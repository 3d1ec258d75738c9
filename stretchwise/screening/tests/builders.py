"""Builders for screening tests: a fine client, then only what a test is about.

A "fine client" is a 40-year-old woman with every yes/no/unknown safety question of the knowledge
base answered "no", seen on `INTAKE_DAY`. Tests override a few answers (`yes=`, `unknown=`), add
the details of a finding (sites, joint replacements, clots, dates) and clearance documents,
reviews or added restrictions. Listing a detail also turns its own yes/no question to "yes", so
every built document is consistent (`document.problems()` is empty unless a test wants it not to
be).

The second half reads a clearance: the findings of one id, restrictions matching a pattern, the
questions still to ask.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from stretchwise.library.knowledge import KnowledgeBase
from stretchwise.library.schema import RestrictionType
from stretchwise.screening.document import (
    AddedRestriction,
    BloodPressure,
    ClearanceDocument,
    ClientDocument,
    Clot,
    EventDates,
    Intake,
    JointReplacement,
    LocalKind,
    MedicalAssessment,
    RestrictionInput,
    Review,
    Side,
    Site,
    YesNoUnknown,
)
from stretchwise.screening.engine import Clearance, Finding, Restriction

INTAKE_DAY = dt.date(2025, 3, 3)

# Finding statuses that still act on the client, and those that no longer do.
ACTIVE = frozenset({"present", "review_due", "assumed", "unknown"})
LIFTED = frozenset({"lifted", "cleared_by_document"})


# ---------------------------------------------------------------- dates


def weeks_before(weeks: float, day: dt.date = INTAKE_DAY) -> dt.date:
    return day - dt.timedelta(days=round(weeks * 7))


def days_after(days: int, day: dt.date = INTAKE_DAY) -> dt.date:
    return day + dt.timedelta(days=days)


def window_end(start: dt.date, weeks: float) -> dt.date:
    """The inclusive last day of a window of `weeks` counted from `start`."""
    return start + dt.timedelta(days=round(weeks * 7) - 1)


# ---------------------------------------------------------------- documents


def yes_no_questions(kb: KnowledgeBase) -> list[str]:
    return [q.id for q in kb.questions.values() if q.answer == "yes_no_unknown"]


def fine_answers(kb: KnowledgeBase) -> dict[str, YesNoUnknown]:
    """Every safety question answered "no"."""
    return dict.fromkeys(yes_no_questions(kb), "no")


def client(
    kb: KnowledgeBase,
    *,
    yes: Iterable[str] = (),
    unknown: Iterable[str] = (),
    answers: Mapping[str, YesNoUnknown] | None = None,
    documents: Iterable[ClearanceDocument] = (),
    reviews: Iterable[Review] = (),
    added: Iterable[AddedRestriction] = (),
    **intake: Any,
) -> ClientDocument:
    """A fine client with overrides. `unknown` removes the answers (missing means unknown)."""
    a = fine_answers(kb)
    for q in yes:
        a[q] = "yes"
    for q in unknown:
        a.pop(q, None)
    if answers:
        a.update(answers)
    fields: dict[str, Any] = {
        "date": INTAKE_DAY,
        "age_years": 40,
        "sex": "female",
        "consent_confirmed": True,
    }
    fields.update(intake)
    # Listing the details of a finding means its question was answered yes.
    for s in fields.get("sites", ()):
        if a.get(s.kind) == "no":
            a[s.kind] = "yes"
    for r in fields.get("joint_replacements", ()):
        if a.get(f"{r.joint}-replacement") == "no":
            a[f"{r.joint}-replacement"] = "yes"
    if fields.get("clots") and a.get("clot-diagnosed") == "no":
        a["clot-diagnosed"] = "yes"
    if fields.get("pregnancy_weeks") is not None and a.get("pregnant") == "no":
        a["pregnant"] = "yes"
    fields["answers"] = a
    return ClientDocument(
        intake=Intake.model_validate(fields),
        clearance_documents=list(documents),
        reviews=list(reviews),
        added_restrictions=list(added),
    )


def site(
    kind: LocalKind, area: str | None, side: Side = "unknown", date: dt.date | None = None
) -> Site:
    return Site(kind=kind, area=area, side=side, date=date)


def hip(
    side: Side = "left", date: dt.date | None = None, approach: str = "posterior"
) -> JointReplacement:
    return JointReplacement.model_validate(
        {"joint": "hip", "side": side, "date": date, "approach": approach}
    )


def knee(side: Side = "left", date: dt.date | None = None) -> JointReplacement:
    return JointReplacement(joint="knee", side=side, date=date)


def clot(
    limb: str = "leg",
    side: Side = "left",
    date: dt.date | None = None,
    anticoagulated: YesNoUnknown = "yes",
) -> Clot:
    return Clot.model_validate(
        {"limb": limb, "side": side, "date": date, "anticoagulated": anticoagulated}
    )


def bp(systolic: int, diastolic: int, on: dt.date = INTAKE_DAY) -> BloodPressure:
    return BloodPressure(systolic=systolic, diastolic=diastolic, measured_on=on)


def dates(**when: dt.date) -> EventDates:
    return EventDates.model_validate(when)


def precaution(kind: RestrictionType, **fields: Any) -> RestrictionInput:
    return RestrictionInput.model_validate({"type": kind, **fields})


def document(
    covers: Iterable[str],
    *,
    id: str = "doc-1",
    author: str = "Ms R. Okafor, orthopaedic surgeon",
    role: str = "surgeon",
    date: dt.date = INTAKE_DAY,
    side: Side = "both",
    permits: str = "Assisted stretching within the precautions listed.",
    precautions: Iterable[RestrictionInput] = (),
) -> ClearanceDocument:
    return ClearanceDocument.model_validate(
        {
            "id": id,
            "author": author,
            "role": role,
            "date": date,
            "covers": list(covers),
            "side": side,
            "permits": permits,
            "precautions": list(precautions),
            "attachment": f"{id}.pdf",
        }
    )


def review(
    finding: str,
    on: dt.date,
    reason: str = "Reviewed in the clinic: settled, no symptoms today.",
    document: str | None = None,
) -> Review:
    return Review(finding=finding, on=on, by="J. Therapist", reason=reason, document=document)


def added(kind: RestrictionType, on: dt.date = INTAKE_DAY, **fields: Any) -> AddedRestriction:
    return AddedRestriction.model_validate(
        {"type": kind, "on": on, "by": "J. Therapist", "reason": "Therapist's judgement", **fields}
    )


def assessed(*red_flags: str, on: dt.date = INTAKE_DAY) -> MedicalAssessment:
    return MedicalAssessment(
        on=on, by="Dr P. Singh, emergency department", red_flags=list(red_flags)
    )


# ---------------------------------------------------------------- reading a clearance


def findings(c: Clearance, finding: str) -> list[Finding]:
    return [f for f in c.findings if f.id == finding]


def active(c: Clearance, finding: str) -> list[Finding]:
    return [f for f in findings(c, finding) if f.status in ACTIVE]


def active_ids(c: Clearance) -> set[str]:
    return {f.id for f in c.findings if f.status in ACTIVE}


def statuses(c: Clearance, finding: str) -> set[str]:
    return {f.status for f in findings(c, finding)}


def blocking(c: Clearance) -> set[str]:
    return {q.id for q in c.questions if q.blocking}


def asked(c: Clearance) -> set[str]:
    return {q.id for q in c.questions}


@dataclass(frozen=True)
class R:
    """A pattern for a restriction: every field given must match."""

    type: RestrictionType
    movement: str | None = None
    region: str | None = None
    side: str | None = None
    limit_deg: float | None = None
    cap: float | None = None
    minutes: float | None = None
    position: str | None = None
    source: str | None = None
    status: str | None = None
    ends_on: dt.date | None = None
    whole_body: bool = False  # region must be None (applies everywhere)

    def matches(self, r: Restriction) -> bool:
        wanted: dict[str, object] = {
            "movement": self.movement,
            "region": self.region,
            "side": self.side,
            "limit_deg": self.limit_deg,
            "cap": self.cap,
            "minutes": self.minutes,
            "position": self.position,
            "source": self.source,
            "status": self.status,
            "ends_on": self.ends_on,
        }
        if r.type != self.type or (self.whole_body and r.region is not None):
            return False
        return all(v is None or getattr(r, k) == v for k, v in wanted.items())


def matching(c: Clearance, pattern: R) -> list[Restriction]:
    return [r for r in c.restrictions if pattern.matches(r)]


def has(c: Clearance, pattern: R) -> bool:
    return bool(matching(c, pattern))


def describe(c: Clearance) -> str:
    """A short summary for assertion messages."""
    fs = ", ".join(f"{f.id}[{f.status}/{f.side}/{f.area}]" for f in c.findings)
    rs = "; ".join(
        f"{r.type.value}:{r.movement or ''}{r.region or ''}/{r.side}"
        f"{'' if r.limit_deg is None else f'@{r.limit_deg}'} <{r.source}> {r.status}"
        for r in c.restrictions
    )
    return f"decision={c.decision} urgency={c.urgency}\n findings: {fs}\n restrictions: {rs}"
