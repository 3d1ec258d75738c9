"""The client document: an intake plus, optionally, clearance documents, reviews and restrictions.

Pure pydantic models (DESIGN.md contracts). The safety answers are generated from the knowledge
base's yes/no/unknown questions, so the JSON Schema lists every question with its wording, and a
missing answer means "unknown". Cross-field checks that need the knowledge base (ids of areas,
conditions, findings) live in `problems()`, so one run reports every problem.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, create_model, model_validator

from stretchwise.assessment.measures import Assessment
from stretchwise.library.knowledge import KnowledgeBase
from stretchwise.library.schema import RestrictionType

SCHEMA_VERSION: Literal["1"] = "1"

YesNoUnknown = Literal["yes", "no", "unknown"]
Side = Literal["left", "right", "both", "unknown"]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
Note = Annotated[str, Field(max_length=2000)]
Score = Annotated[int, Field(ge=0, le=10, description="0 = none, 10 = worst imaginable")]

# Yes/no questions that come with an area, a side and sometimes a date: one entry per site.
LocalKind = Literal[
    "recent-surgery",
    "recent-fracture",
    "acute-injury",
    "haematoma",
    "sharp-pain-on-movement",
    "fused-joint",
    "open-wound-or-local-infection",
    "bone-metastases",
    "cancer-treatment-current",
    "joint-instability",
    "reduced-sensation",
    "arthritis-flare",
    "relied-on-tightness",
    "recent-immobilisation",
    "swelling-or-lymphoedema",
]
LOCAL_KINDS: tuple[str, ...] = get_args(LocalKind)


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Pain(Model):
    now: Score | None = None
    average: Score | None = Field(None, description="Average over the last week")
    worst: Score | None = Field(None, description="Worst over the last week")
    regions: list[Slug] = Field(default_factory=list, description="Body-map areas that hurt")
    radiates_into_limb: YesNoUnknown = "unknown"
    duration_months: float | None = Field(None, ge=0, le=1200)

    @model_validator(mode="after")
    def worst_is_worst(self) -> Pain:
        given = [v for v in (self.now, self.average) if v is not None]
        if self.worst is not None and any(v > self.worst for v in given):
            raise ValueError("the worst pain cannot be lower than the pain now or on average")
        return self


class Site(Model):
    """Where something is: a body-map area (unknown when missing), a side, and a date if known."""

    kind: LocalKind
    area: Slug | None = Field(None, description="Body-map area; missing means not yet recorded")
    side: Side = "unknown"
    date: dt.date | None = Field(None, description="When it happened; missing counts as recent")
    note: Note = ""


class JointReplacement(Model):
    joint: Literal["hip", "knee"]
    side: Side = "unknown"
    date: dt.date | None = Field(
        None, description="Date of the operation; missing counts as recent"
    )
    approach: Literal["posterior", "anterior", "lateral", "unknown"] = Field(
        "unknown", description="Hip only: the surgical approach"
    )


class Clot(Model):
    """A clot a doctor diagnosed (a suspected clot is the answer suspected-clot-symptoms)."""

    limb: Literal["leg", "arm", "unknown"] = "unknown"
    side: Side = "unknown"
    date: dt.date | None = None
    anticoagulated: YesNoUnknown = "unknown"


class BloodPressure(Model):
    systolic: int = Field(ge=60, le=300, description="mmHg, after five minutes seated")
    diastolic: int = Field(ge=30, le=200, description="mmHg")
    measured_on: dt.date

    @model_validator(mode="after")
    def systolic_above_diastolic(self) -> BloodPressure:
        if self.systolic <= self.diastolic:
            raise ValueError("the systolic pressure must be higher than the diastolic")
        return self


class EventDates(Model):
    pulmonary_embolism: dt.date | None = None
    myocarditis: dt.date | None = None
    stroke_or_tia: dt.date | None = None
    birth: dt.date | None = None


class MedicalAssessment(Model):
    """The client has seen a doctor about red flags since they were raised (lifts only those)."""

    on: dt.date
    by: Annotated[str, Field(min_length=1, max_length=200)]
    red_flags: list[Slug] = Field(min_length=1, description="Red-flag finding ids assessed")
    outcome: Note = ""


_ANSWER_MODELS: dict[str, type[BaseModel]] = {}


def safety_answers_model(kb: KnowledgeBase) -> type[BaseModel]:
    """One optional field per yes/no/unknown question of the knowledge base, keyed by its id."""
    if kb.version in _ANSWER_MODELS:
        return _ANSWER_MODELS[kb.version]
    fields: dict[str, Any] = {
        q.id.replace("-", "_"): (
            YesNoUnknown,
            Field("unknown", alias=q.id, description=q.text),
        )
        for q in kb.questions.values()
        if q.answer == "yes_no_unknown"
    }
    model: type[BaseModel] = create_model(
        "SafetyAnswers",
        __config__=ConfigDict(extra="forbid", frozen=True, populate_by_name=True),
        **fields,
    )
    _ANSWER_MODELS[kb.version] = model
    return model


class RestrictionInput(Model):
    """A restriction written by a doctor, a surgeon or the therapist."""

    type: RestrictionType
    movement: Slug | None = None
    limit_deg: float | None = Field(None, ge=-30, le=200)
    region: Slug | None = None
    side: Side = "both"
    technique: Slug | None = None
    cap: float | None = Field(None, ge=0, le=10)
    minutes: float | None = Field(None, gt=0, le=120)
    position: Slug | None = None
    until: dt.date | None = Field(None, description="Last day it applies; missing = until reviewed")


class ClearanceDocument(Model):
    """A doctor's or surgeon's written clearance or precautions (DESIGN.md invariant 2)."""

    id: Annotated[str, Field(min_length=1, max_length=80)]
    author: Annotated[str, Field(min_length=1, max_length=200)]
    role: Literal["doctor", "surgeon", "specialist", "physiotherapist", "midwife", "other"]
    date: dt.date
    covers: list[Slug] = Field(min_length=1, description="Finding ids it clears")
    side: Side = "both"
    permits: Note = Field("", description="What it permits, in the author's words")
    precautions: list[RestrictionInput] = Field(
        default_factory=list, description="Replace the knowledge base's defaults for what it covers"
    )
    attachment: str = Field("", max_length=300, description="File name or reference of the scan")


class Review(Model):
    """A therapist confirms a finding is over (only once due, or where the finding allows)."""

    finding: Slug
    on: dt.date
    by: Annotated[str, Field(min_length=1, max_length=200)]
    reason: Annotated[str, Field(min_length=3, max_length=2000)]
    document: str | None = Field(None, description="Id of the clearance document it rests on")


class AddedRestriction(RestrictionInput):
    by: Annotated[str, Field(min_length=1, max_length=200)]
    on: dt.date
    reason: Annotated[str, Field(min_length=3, max_length=2000)]


class Intake(Model):
    date: dt.date = Field(description="The day the intake was completed")
    date_of_birth: dt.date | None = None
    age_years: int | None = Field(None, ge=0, le=120, description="When no date of birth is given")
    sex: Literal["female", "male", "intersex", "unknown"] = "unknown"
    conditions: list[Slug] = Field(
        default_factory=list, description="Knowledge-base condition and client-group ids"
    )
    pain: Pain = Field(default_factory=Pain)
    answers: dict[str, YesNoUnknown] = Field(
        default_factory=dict,
        description="Safety questions by knowledge-base id: yes, no or unknown (missing = unknown)",
    )
    osteoporosis_severity: Literal["osteopenia", "osteoporosis", "severe", "unknown"] = "unknown"
    blood_pressure: BloodPressure | None = None
    beighton_score: int | None = Field(None, ge=0, le=9)
    hypermobility_questionnaire_yes: int | None = Field(None, ge=0, le=5)
    pregnancy_weeks: int | None = Field(None, ge=0, le=45)
    dates: EventDates = Field(default_factory=EventDates)
    joint_replacements: list[JointReplacement] = Field(default_factory=list)
    clots: list[Clot] = Field(default_factory=list)
    sites: list[Site] = Field(default_factory=list, description="Local problems, one per site")
    medical_assessment: MedicalAssessment | None = None
    positions_cannot_take: list[Slug] = Field(default_factory=list)
    techniques_disliked: list[Slug] = Field(default_factory=list)
    goals: list[Annotated[str, Field(min_length=1, max_length=500)]] = Field(default_factory=list)
    hard_activities: list[Annotated[str, Field(min_length=1, max_length=200)]] = Field(
        default_factory=list, description="For the Patient-Specific Functional Scale"
    )
    consent_confirmed: bool = False


class SessionItemRecord(Model):
    """What was done: one stretch on one side with its dose."""

    stretch: Slug
    side: Literal["left", "right"] | None = None
    technique: Slug
    repetitions: int = Field(ge=1, le=20)
    hold_seconds: float = Field(ge=0, le=300)


class NextDay(Model):
    """The client's report the morning after a session (clinical.md §7.3)."""

    pain: Score | None = None
    settled: YesNoUnknown = Field("unknown", description="Back to the usual by the next morning")
    flare_hours: float | None = Field(None, ge=0, le=2000, description="How long a flare lasted")


class SessionRecord(Model):
    date: dt.date
    minutes: int | None = Field(None, ge=5, le=240)
    checkin_pain: Score | None = Field(
        None, description="Pain at check-in: this session's baseline"
    )
    max_pain_during: Score | None = None
    stopped_for_symptoms: bool = Field(
        False, description="Sharp pain, tingling or numbness stopped a stretch (invariant 5)"
    )
    items: list[SessionItemRecord] = Field(default_factory=list)
    next_day: NextDay | None = None


class Adjustment(Model):
    """A therapist's change to the plan, with its reason; later plans respect it.

    It can never remove a safety restriction: the planner re-checks every adjustment.
    """

    on: dt.date
    by: Annotated[str, Field(min_length=1, max_length=200)]
    reason: Annotated[str, Field(min_length=3, max_length=2000)]
    action: Literal["remove", "prefer", "dose", "technique", "resume"] = Field(
        description="remove or prefer a stretch, set its dose or technique, or resume "
        "progression after a review"
    )
    stretch: Slug | None = None
    technique: Slug | None = None
    repetitions: int | None = Field(None, ge=1, le=20)
    hold_seconds: float | None = Field(None, ge=5, le=300)


class ClientDocument(Model):
    schema_version: Literal["1"] = SCHEMA_VERSION
    intake: Intake
    clearance_documents: list[ClearanceDocument] = Field(default_factory=list)
    reviews: list[Review] = Field(default_factory=list)
    added_restrictions: list[AddedRestriction] = Field(default_factory=list)
    assessments: list[Assessment] = Field(
        default_factory=list, description="Baseline first, then follow-ups"
    )
    programme_start: dt.date | None = Field(None, description="First session of the programme")
    sessions: list[SessionRecord] = Field(default_factory=list, description="Session history")
    adjustments: list[Adjustment] = Field(default_factory=list)


# ---------------------------------------------------------------- checks against the knowledge base


def age_on(intake: Intake, on: dt.date) -> int | None:
    if intake.date_of_birth is not None:
        dob = intake.date_of_birth
        return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))
    return intake.age_years


def problems(doc: ClientDocument, kb: KnowledgeBase) -> list[str]:
    """Everything wrong with a structurally valid document, each with where it is."""
    p: list[str] = []
    i = doc.intake
    yes_no = {q.id for q in kb.questions.values() if q.answer == "yes_no_unknown"}
    for key in i.answers:
        if key not in yes_no:
            p.append(f"intake.answers.{key}: not a yes/no/unknown question of the knowledge base")
    for name, value in (("date_of_birth", i.date_of_birth),):
        if value is not None and value > i.date:
            p.append(f"intake.{name}: {value} is after the intake date {i.date}")
    both = i.date_of_birth is not None and i.age_years is not None
    if both and age_on(i, i.date) != i.age_years:
        p.append("intake.age_years: does not match the date of birth; give one of them")
    for cid in i.conditions:
        if cid not in kb.conditions:
            p.append(f"intake.conditions: no condition or client group '{cid}'")
    for a in i.pain.regions:
        if a not in kb.body_areas:
            p.append(f"intake.pain.regions: no body-map area '{a}'")
    for n, s in enumerate(i.sites):
        if s.area is not None and s.area not in kb.body_areas:
            p.append(f"intake.sites[{n}].area: no body-map area '{s.area}'")
        if s.date is not None and s.date > i.date:
            p.append(f"intake.sites[{n}].date: {s.date} is after the intake date")
        if i.answers.get(s.kind) == "no":
            p.append(f"intake.sites[{n}]: a {s.kind} site is listed but the answer is 'no'")
    for n, r in enumerate(i.joint_replacements):
        if r.date is not None and r.date > i.date:
            p.append(f"intake.joint_replacements[{n}].date: {r.date} is after the intake date")
        if r.joint == "knee" and r.approach != "unknown":
            p.append(f"intake.joint_replacements[{n}].approach: only a hip has an approach here")
        if i.answers.get(f"{r.joint}-replacement") == "no":
            p.append(f"intake.joint_replacements[{n}]: listed but the answer is 'no'")
    for n, clot in enumerate(i.clots):
        if clot.date is not None and clot.date > i.date:
            p.append(f"intake.clots[{n}].date: {clot.date} is after the intake date")
    if i.clots and i.answers.get("clot-diagnosed") == "no":
        p.append("intake.clots: clots are listed but clot-diagnosed is 'no'")
    for name, value in i.dates.model_dump().items():
        if value is not None and value > i.date:
            p.append(f"intake.dates.{name}: {value} is after the intake date")
    if i.blood_pressure is not None and i.blood_pressure.measured_on > i.date:
        p.append("intake.blood_pressure.measured_on: after the intake date")
    if i.pregnancy_weeks is not None and i.sex == "male":
        p.append("intake.pregnancy_weeks: given for a client recorded as male")
    for pos in i.positions_cannot_take:
        if pos not in kb.positions:
            p.append(f"intake.positions_cannot_take: no position '{pos}'")
    for t in i.techniques_disliked:
        if t not in kb.techniques:
            p.append(f"intake.techniques_disliked: no technique '{t}'")
    if i.medical_assessment is not None:
        m = i.medical_assessment
        if m.on > i.date:
            p.append("intake.medical_assessment.on: after the intake date")
        for f in m.red_flags:
            c = kb.contraindications.get(f)
            if c is None or c.klass != "red_flag":
                p.append(f"intake.medical_assessment.red_flags: '{f}' is not a red flag")
    ids = [d.id for d in doc.clearance_documents]
    if len(ids) != len(set(ids)):
        p.append("clearance_documents: two documents share an id")
    for n, d in enumerate(doc.clearance_documents):
        for f in d.covers:
            c = kb.contraindications.get(f)
            if c is None:
                p.append(f"clearance_documents[{n}].covers: no finding '{f}'")
            elif c.klass == "red_flag":
                p.append(
                    f"clearance_documents[{n}].covers: '{f}' is a red flag; it is lifted only "
                    "by a new intake after the client has been medically assessed"
                )
        for k, precaution in enumerate(d.precautions):
            where = f"clearance_documents[{n}].precautions[{k}]"
            p += _restriction_problems(where, precaution, kb)
    for n, rv in enumerate(doc.reviews):
        c = kb.contraindications.get(rv.finding)
        if rv.finding == "therapist-added":
            pass  # confirms that therapist-added restrictions which have ended are over
        elif c is None:
            p.append(f"reviews[{n}].finding: no finding '{rv.finding}'")
        elif c.klass == "red_flag":
            p.append(f"reviews[{n}]: a red flag cannot be lifted by a review")
        if rv.document is not None and rv.document not in ids:
            p.append(f"reviews[{n}].document: no clearance document '{rv.document}'")
    for n, session in enumerate(doc.sessions):
        if session.date > i.date + dt.timedelta(days=3660):
            p.append(f"sessions[{n}].date: more than ten years after the intake")
        for k, item in enumerate(session.items):
            if item.stretch not in kb.stretches:
                p.append(f"sessions[{n}].items[{k}].stretch: no stretch '{item.stretch}'")
            if item.technique not in kb.techniques:
                p.append(f"sessions[{n}].items[{k}].technique: no technique '{item.technique}'")
    for n, adj in enumerate(doc.adjustments):
        if adj.stretch is not None and adj.stretch not in kb.stretches:
            p.append(f"adjustments[{n}].stretch: no stretch '{adj.stretch}'")
        if adj.technique is not None and adj.technique not in kb.techniques:
            p.append(f"adjustments[{n}].technique: no technique '{adj.technique}'")
        if adj.action != "resume" and adj.stretch is None:
            p.append(f"adjustments[{n}]: a '{adj.action}' adjustment names its stretch")
    dates = [a.on for a in doc.assessments]
    if dates != sorted(dates):
        p.append("assessments: list them oldest first (the baseline first)")
    for n, added in enumerate(doc.added_restrictions):
        p += _restriction_problems(f"added_restrictions[{n}]", added, kb)
    return p


def _restriction_problems(where: str, r: RestrictionInput, kb: KnowledgeBase) -> list[str]:
    p: list[str] = []
    needs = {
        RestrictionType.FORBIDDEN_MOVEMENT: "movement",
        RestrictionType.EXCLUDED_TECHNIQUE: "technique",
        RestrictionType.INTENSITY_CAP: "cap",
        RestrictionType.MAX_MINUTES_IN_POSITION: "minutes",
        RestrictionType.EXCLUDED_REGION: "region",
    }
    field = needs.get(r.type)
    if field and getattr(r, field) is None:
        p.append(f"{where}: a {r.type.value} restriction needs '{field}'")
    if r.type == RestrictionType.MAX_MINUTES_IN_POSITION and r.position is None:
        p.append(f"{where}: a max_minutes_in_position restriction needs 'position'")
    if r.movement and r.movement not in kb.movements:
        p.append(f"{where}.movement: no movement '{r.movement}'")
    if r.movement and r.limit_deg is not None:
        m = kb.movements.get(r.movement)
        if m is not None and m.limit_range_deg is not None:
            low, high = m.limit_range_deg
            if not low <= r.limit_deg <= high:
                p.append(f"{where}.limit_deg: {r.limit_deg}° is outside {low}-{high}° for {m.id}")
    if r.region and r.region not in kb.body_areas and r.region not in kb.regions:
        p.append(f"{where}.region: no body-map area or region '{r.region}'")
    if r.technique and r.technique not in kb.techniques:
        p.append(f"{where}.technique: no technique '{r.technique}'")
    if r.position and r.position not in kb.positions:
        p.append(f"{where}.position: no position '{r.position}'")
    return p


def json_schema(kb: KnowledgeBase) -> dict[str, Any]:
    """The published JSON Schema of a client document, with every safety question listed."""
    schema = ClientDocument.model_json_schema()
    answers = safety_answers_model(kb).model_json_schema(by_alias=True)
    defs = schema.setdefault("$defs", {})
    defs["Intake"]["properties"]["answers"] = {
        "title": "Safety answers",
        "description": "Each safety question by id: yes, no or unknown (missing = unknown).",
        "type": "object",
        "properties": answers["properties"],
        "additionalProperties": False,
    }
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://stretchwise.example/schema/client-document-1.json"
    schema["title"] = "Stretchwise client document"
    return schema
