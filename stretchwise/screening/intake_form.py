"""The intake form: its sections, and turning posted fields into an `Intake` with clear messages.

Pure: works on a plain mapping of field name to list of values (a Django QueryDict fits), so the
same parser serves the therapist's tablet, the client's private link and the client login.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError

from stretchwise.library.knowledge import KnowledgeBase
from stretchwise.screening.document import LOCAL_KINDS, ClientDocument, Intake, problems

__all__ = ["LOCAL_KINDS", "SECTIONS", "Parsed", "initial_from", "parse"]

Form = Mapping[str, list[str]]

# Safety questions grouped as a clinician would ask them; every yes/no question is in one group.
SECTIONS: list[tuple[str, str, list[str]]] = [
    (
        "urgent",
        "Symptoms that need a doctor first",
        [
            "ces-bladder-change", "ces-bowel-change", "ces-saddle-numbness",
            "ces-legs-weakness-both", "new-sexual-dysfunction", "bilateral-leg-pain",
            "progressive-weakness-or-numbness", "myelopathy-symptoms", "stroke-symptoms-now",
            "tia-not-assessed", "neck-neuro-symptoms", "tearing-neck-pain",
            "sudden-severe-headache", "new-unusual-headache", "drooping-eyelid-or-pupil",
            "recent-neck-injury", "chest-pain-breathless-fainting", "suspected-clot-symptoms",
            "fever-or-acute-illness", "fever-with-stiff-neck", "hot-swollen-joint-with-fever",
            "spinal-pain-with-fever", "infection-risk-factor", "feeling-unwell",
        ],
    ),
    (
        "back",
        "Back and neck pain",
        [
            "new-or-changed-spinal-pain", "spinal-pain-after-major-trauma",
            "trauma-new-numbness-weakness", "spinal-pain-after-minor-trauma",
            "severe-central-pain-eased-lying", "height-loss-or-new-curve", "night-pain-persistent",
            "weight-loss-unexplained", "no-improvement-new-episode", "radiating-limb-symptoms",
            "spondylolisthesis",
        ],
    ),
    (
        "heart",
        "Heart, blood pressure, blood and clots",
        [
            "clot-diagnosed", "anticoagulant", "antiplatelet", "bleeding-disorder",
            "low-platelets", "pulmonary-embolism-diagnosed", "myocarditis-or-pericarditis",
            "bp-uncontrolled-told", "hypertension", "heart-condition", "stroke-or-tia-history",
        ],
    ),
    (
        "bones",
        "Bones, joints and ligaments",
        [
            "hip-replacement", "knee-replacement", "osteoporosis-diagnosed",
            "vertebral-fracture-history", "multiple-low-trauma-fractures", "long-term-steroids",
            "rheumatoid-arthritis", "inflammatory-arthritis", "hypermobility-diagnosed",
            "connective-tissue-disorder", "down-syndrome", "upper-neck-instability-told",
        ],
    ),
    (
        "local",
        "Operations, injuries and sore areas",
        [
            "recent-surgery", "recent-fracture", "acute-injury", "haematoma",
            "sharp-pain-on-movement", "fused-joint", "open-wound-or-local-infection",
            "contagious-skin-condition", "joint-instability", "reduced-sensation", "diabetes",
            "relied-on-tightness", "recent-immobilisation", "swelling-or-lymphoedema",
            "arthritis-flare",
        ],
    ),
    ("cancer", "Cancer", ["cancer-history", "cancer-treatment-current", "bone-metastases"]),
    (
        "pregnancy",
        "Pregnancy and birth",
        ["pregnant", "pregnancy-complication", "pregnancy-warning-signs", "birth-recent"],
    ),
    ("balance", "Balance and falls", ["falls-past-year", "unsteady-on-feet", "dizzy-on-standing"]),
]  # fmt: skip

SITE_ROWS = 2  # rows offered per local problem; more can be added in a later intake version
REPLACEMENT_ROWS = 2
CLOT_ROWS = 2
TEXT_ROWS = 3


@dataclass(frozen=True)
class Parsed:
    intake: Intake | None
    errors: dict[str, str]  # field name (or "__all__") → a message a person can act on


def _one(form: Form, name: str) -> str:
    values = form.get(name) or [""]
    return values[-1].strip()


def _int(
    form: Form, name: str, low: int, high: int, errors: dict[str, str], what: str
) -> int | None:
    raw = _one(form, name)
    if raw == "":
        return None
    try:
        value = int(raw)
    except ValueError:
        errors[name] = f"Enter {what} as a whole number from {low} to {high}."
        return None
    if not low <= value <= high:
        errors[name] = f"{what.capitalize()} must be between {low} and {high}; you entered {value}."
        return None
    return value


def _date(form: Form, name: str, today: date, errors: dict[str, str], what: str) -> date | None:
    raw = _one(form, name)
    if raw == "":
        return None
    try:
        value = date.fromisoformat(raw)
    except ValueError:
        errors[name] = f"Enter the {what} as a date, for example {today.isoformat()}."
        return None
    if value > today:
        errors[name] = f"The {what} cannot be in the future."
        return None
    return value


def parse(form: Form, kb: KnowledgeBase, today: date) -> Parsed:
    """The posted form as an Intake, or every problem found keyed by the field to fix."""
    errors: dict[str, str] = {}
    data: dict[str, Any] = {"date": today.isoformat()}
    dob = _date(form, "date_of_birth", today, errors, "date of birth")
    if dob is not None:
        data["date_of_birth"] = dob.isoformat()
    age = _int(form, "age_years", 0, 120, errors, "age")
    if age is not None and dob is None:
        data["age_years"] = age
    sex = _one(form, "sex") or "unknown"
    data["sex"] = sex
    data["conditions"] = [c for c in form.get("conditions", []) if c]
    pain: dict[str, Any] = {}
    for key, what in (("now", "pain now"), ("average", "average pain"), ("worst", "worst pain")):
        value = _int(form, f"pain_{key}", 0, 10, errors, what)
        if value is not None:
            pain[key] = value
    pain["regions"] = [r for r in form.get("pain_regions", []) if r]
    pain["radiates_into_limb"] = _one(form, "pain_radiates") or "unknown"
    months = _int(form, "pain_months", 0, 1200, errors, "how many months the pain has lasted")
    if months is not None:
        pain["duration_months"] = months
    data["pain"] = pain
    answers = {}
    for q in kb.questions.values():
        if q.answer == "yes_no_unknown":
            answer = _one(form, f"q_{q.id}")
            if answer in ("yes", "no"):
                answers[q.id] = answer
            elif answer not in ("", "unknown"):
                errors[f"q_{q.id}"] = "Choose yes, no or don't know."
    data["answers"] = answers
    severity = _one(form, "osteoporosis_severity")
    if severity:
        data["osteoporosis_severity"] = severity
    systolic = _int(form, "bp_systolic", 60, 300, errors, "the systolic pressure (mmHg)")
    diastolic = _int(form, "bp_diastolic", 30, 200, errors, "the diastolic pressure (mmHg)")
    if (systolic is None) != (diastolic is None):
        errors["bp_systolic"] = "Give both blood-pressure numbers, or neither."
    elif systolic is not None and diastolic is not None:
        if systolic <= diastolic:
            errors["bp_systolic"] = "The first (systolic) number must be the higher one."
        else:
            data["blood_pressure"] = {
                "systolic": systolic,
                "diastolic": diastolic,
                "measured_on": today.isoformat(),
            }
    for name, low, high, what in (
        ("beighton_score", 0, 9, "the Beighton score"),
        ("hypermobility_questionnaire_yes", 0, 5, "the number of yes answers"),
        ("pregnancy_weeks", 0, 45, "weeks of pregnancy"),
    ):
        value = _int(form, name, low, high, errors, what)
        if value is not None:
            data[name] = value
    dates = {}
    for name, what in (
        ("pulmonary_embolism", "date of the pulmonary embolism"),
        ("myocarditis", "date of the myocarditis or pericarditis"),
        ("stroke_or_tia", "date of the stroke or TIA"),
        ("birth", "date of the birth"),
    ):
        when = _date(form, f"date_{name}", today, errors, what)
        if when is not None:
            dates[name] = when.isoformat()
    data["dates"] = dates
    replacements = []
    for n in range(REPLACEMENT_ROWS):
        joint = _one(form, f"replacement_{n}_joint")
        if not joint:
            continue
        row: dict[str, Any] = {
            "joint": joint,
            "side": _one(form, f"replacement_{n}_side") or "unknown",
        }
        when = _date(form, f"replacement_{n}_date", today, errors, "date of the operation")
        if when is not None:
            row["date"] = when.isoformat()
        if joint == "hip":
            row["approach"] = _one(form, f"replacement_{n}_approach") or "unknown"
        replacements.append(row)
    data["joint_replacements"] = replacements
    clots = []
    for n in range(CLOT_ROWS):
        limb = _one(form, f"clot_{n}_limb")
        if not limb:
            continue
        row = {
            "limb": limb,
            "side": _one(form, f"clot_{n}_side") or "unknown",
            "anticoagulated": _one(form, f"clot_{n}_treated") or "unknown",
        }
        when = _date(form, f"clot_{n}_date", today, errors, "date of the clot")
        if when is not None:
            row["date"] = when.isoformat()
        clots.append(row)
    data["clots"] = clots
    sites = []
    site_rows: list[tuple[str, int]] = []  # the form row each entry of `sites` came from
    for kind in LOCAL_KINDS:
        for n in range(SITE_ROWS):
            area = _one(form, f"site_{kind}_{n}_area")
            side = _one(form, f"site_{kind}_{n}_side")
            when = _date(form, f"site_{kind}_{n}_date", today, errors, "date")
            if not (area or side or when):
                continue
            site: dict[str, Any] = {"kind": kind, "side": side or "unknown"}
            if area:
                site["area"] = area
            if when is not None:
                site["date"] = when.isoformat()
            sites.append(site)
            site_rows.append((kind, n))
    data["sites"] = sites
    data["positions_cannot_take"] = [p for p in form.get("positions_cannot_take", []) if p]
    data["techniques_disliked"] = [t for t in form.get("techniques_disliked", []) if t]
    data["goals"] = [g for n in range(TEXT_ROWS) if (g := _one(form, f"goal_{n}"))]
    data["hard_activities"] = [g for n in range(TEXT_ROWS) if (g := _one(form, f"activity_{n}"))]
    assessed_on = _date(form, "assessed_on", today, errors, "date of the medical assessment")
    flags = [f for f in form.get("assessed_flags", []) if f]
    if assessed_on is not None or flags:
        by = _one(form, "assessed_by")
        if assessed_on is None or not flags or not by:
            errors["assessed_on"] = (
                "To record a medical assessment, give its date, who assessed the client and "
                "which warning signs they assessed."
            )
        else:
            data["medical_assessment"] = {
                "on": assessed_on.isoformat(),
                "by": by,
                "red_flags": flags,
                "outcome": _one(form, "assessed_outcome"),
            }
    data["consent_confirmed"] = _one(form, "consent_confirmed") in ("on", "yes", "true")
    if not data["consent_confirmed"]:
        errors["consent_confirmed"] = (
            "Please confirm the client agrees to their answers being stored and used to plan care."
        )
    try:
        intake = Intake.model_validate(data)
    except ValidationError as error:
        for e in error.errors():
            errors.setdefault(_field_of(e["loc"]), _plain(e["msg"]))
        return Parsed(None, errors)
    for problem in problems(ClientDocument(intake=intake), kb):
        where, _, message = problem.partition(": ")
        field, plain = _site_problem(where, site_rows, kb)
        errors.setdefault(field or _field_of(tuple(where.split("."))), plain or message or problem)
    return Parsed(None if errors else intake, errors)


def _site_problem(
    where: str, site_rows: list[tuple[str, int]], kb: KnowledgeBase
) -> tuple[str | None, str | None]:
    """A problem with a listed place, put beside the question or the row it belongs to."""
    if not where.startswith("intake.sites["):
        return None, None
    index = int(where.removeprefix("intake.sites[").split("]")[0])
    kind, n = site_rows[index]
    if where.endswith("]"):  # the place contradicts the answer
        return f"q_{kind}", (
            "You said where, but answered no here. Answer yes, or clear the place below."
        )
    return f"site_{kind}_{n}_{where.rsplit('.', 1)[-1]}", None


def _field_of(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if str(p) != "intake"]
    if not parts:
        return "__all__"
    head = parts[0]
    if head == "pain" and len(parts) > 1:
        return {"regions": "pain_regions", "radiates_into_limb": "pain_radiates"}.get(
            parts[1], f"pain_{parts[1]}"
        )
    if head == "blood_pressure":
        return "bp_systolic"
    if head in ("conditions", "positions_cannot_take", "techniques_disliked"):
        return head
    if head.startswith(("sites[", "joint_replacements[", "clots[")):
        return "__all__"
    return head


def _plain(message: str) -> str:
    return message.removeprefix("Value error, ")


def initial_from(intake: Intake) -> dict[str, Any]:
    """Form values that show a stored intake again (for a new version that corrects it)."""
    i = intake
    values: dict[str, Any] = {
        "date_of_birth": i.date_of_birth.isoformat() if i.date_of_birth else "",
        "age_years": i.age_years if i.age_years is not None else "",
        "sex": i.sex,
        "conditions": list(i.conditions),
        "pain_now": i.pain.now if i.pain.now is not None else "",
        "pain_average": i.pain.average if i.pain.average is not None else "",
        "pain_worst": i.pain.worst if i.pain.worst is not None else "",
        "pain_regions": list(i.pain.regions),
        "pain_radiates": i.pain.radiates_into_limb,
        "pain_months": int(i.pain.duration_months) if i.pain.duration_months is not None else "",
        "osteoporosis_severity": i.osteoporosis_severity,
        "beighton_score": i.beighton_score if i.beighton_score is not None else "",
        "hypermobility_questionnaire_yes": i.hypermobility_questionnaire_yes
        if i.hypermobility_questionnaire_yes is not None
        else "",
        "pregnancy_weeks": i.pregnancy_weeks if i.pregnancy_weeks is not None else "",
        "positions_cannot_take": list(i.positions_cannot_take),
        "techniques_disliked": list(i.techniques_disliked),
        "consent_confirmed": "on" if i.consent_confirmed else "",
    }
    for q, a in i.answers.items():
        values[f"q_{q}"] = a
    for name, value in i.dates.model_dump().items():
        values[f"date_{name}"] = value.isoformat() if value else ""
    for n, r in enumerate(i.joint_replacements[:REPLACEMENT_ROWS]):
        values[f"replacement_{n}_joint"] = r.joint
        values[f"replacement_{n}_side"] = r.side
        values[f"replacement_{n}_date"] = r.date.isoformat() if r.date else ""
        values[f"replacement_{n}_approach"] = r.approach
    for n, c in enumerate(i.clots[:CLOT_ROWS]):
        values[f"clot_{n}_limb"] = c.limb
        values[f"clot_{n}_side"] = c.side
        values[f"clot_{n}_date"] = c.date.isoformat() if c.date else ""
        values[f"clot_{n}_treated"] = c.anticoagulated
    counters: dict[str, int] = {}
    for s in i.sites:
        n = counters.get(s.kind, 0)
        if n >= SITE_ROWS:
            continue
        counters[s.kind] = n + 1
        values[f"site_{s.kind}_{n}_area"] = s.area or ""
        values[f"site_{s.kind}_{n}_side"] = s.side
        values[f"site_{s.kind}_{n}_date"] = s.date.isoformat() if s.date else ""
    for n, g in enumerate(i.goals[:TEXT_ROWS]):
        values[f"goal_{n}"] = g
    for n, g in enumerate(i.hard_activities[:TEXT_ROWS]):
        values[f"activity_{n}"] = g
    return values
