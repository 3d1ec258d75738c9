"""The shape of the clinical knowledge base. Pure: pydantic models, no Django, no I/O.

Every catalogue is a YAML file in `library/data/`; each entry becomes one of these frozen models.
Clinical decisions (screening, planning, assessment) read only these types, so a value that passes
validation here is a value the engine can reason with.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
Slug = Annotated[str, Field(pattern=SLUG.pattern, min_length=2, max_length=80)]
Text = Annotated[str, Field(min_length=1, max_length=4000)]
Refs = Annotated[list[Slug], Field(min_length=1)]


class Entry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Range(Entry):
    """A value from the literature with the range it may be set within."""

    min: float
    default: float
    max: float

    @model_validator(mode="after")
    def ordered(self) -> Range:
        if not self.min <= self.default <= self.max:
            raise ValueError(
                f"needs min <= default <= max, got {self.min}/{self.default}/{self.max}"
            )
        return self


# ---------------------------------------------------------------- references and vocabulary


class Reference(Entry):
    id: Slug
    authors: Text
    year: int = Field(ge=1900, le=2100)
    title: Text
    journal: str = ""
    doi: str = ""
    pmid: str = ""
    pmcid: str = ""
    url: str = ""
    supports: Text = Field(description="One line: what this source supports in the knowledge base")
    note: str = ""


class Region(Entry):
    id: Slug
    name: Text


class Muscle(Entry):
    id: Slug
    name: Text
    region: Slug
    sided: bool = True
    actions: list[Text] = Field(min_length=1)
    tests: list[Slug] = Field(
        default_factory=list, description="Tests that reflect its extensibility"
    )
    references: list[Slug] = Field(default_factory=list)


class BodyArea(Entry):
    """A place on the body map: where an injury, a surgical site or a lesion can be."""

    id: Slug
    name: Text
    region: Slug
    sided: bool = True
    muscles: list[Slug] = Field(default_factory=list)
    movements: list[Slug] = Field(
        default_factory=list, description="Movements that load this area (excluded with it)"
    )


class MovementKind(StrEnum):
    ANGLE = "angle"  # a joint motion with a threshold in degrees: stretches declare their peak
    LOAD = "load"  # a position or load that a stretch either takes or does not


class Movement(Entry):
    """A position or load that a restriction can forbid."""

    id: Slug
    name: Text
    kind: MovementKind
    joint: str = ""
    default_limit_deg: float | None = Field(
        None, description="For angle movements: forbidden beyond this many degrees by default"
    )
    limit_range_deg: tuple[float, float] | None = Field(
        None, description="The limits a surgeon's or doctor's document may set"
    )
    description: Text
    references: list[Slug] = Field(default_factory=list)

    @model_validator(mode="after")
    def angle_has_limit(self) -> Movement:
        if self.kind == MovementKind.ANGLE and self.default_limit_deg is None:
            raise ValueError("an angle movement needs default_limit_deg")
        if self.kind == MovementKind.LOAD and self.default_limit_deg is not None:
            raise ValueError("a load movement has no angle limit")
        return self


class Position(Entry):
    id: Slug
    name: Text
    supported: bool = Field(description="Lying or seated with support: safe with a fall risk")
    description: Text


class RestrictionType(StrEnum):
    FORBIDDEN_MOVEMENT = "forbidden_movement"
    EXCLUDED_REGION = "excluded_region"
    EXCLUDED_TECHNIQUE = "excluded_technique"
    INTENSITY_CAP = "intensity_cap"
    NO_DEEP_PRESSURE = "no_deep_pressure"
    MAX_MINUTES_IN_POSITION = "max_minutes_in_position"
    NO_BREATH_HOLDING = "no_breath_holding"
    SUPPORTED_POSITIONS_ONLY = "supported_positions_only"
    NO_END_RANGE = "no_end_range"


class RestrictionTypeInfo(Entry):
    id: RestrictionType
    name: Text
    description: Text
    needs: list[Literal["movement", "region", "technique", "cap", "minutes", "position"]] = Field(
        default_factory=list
    )


# ---------------------------------------------------------------- techniques and intensity


class PhaseKind(StrEnum):
    POSITION = "position"  # take the limb to the start or to the point of stretch
    HOLD = "hold"  # passive or assisted stretch held
    CONTRACT = "contract"  # isometric contraction of the target muscle
    ANTAGONIST_CONTRACT = "antagonist_contract"  # the opposing muscle moves the limb further
    RELAX = "relax"
    RETURN = "return"  # back towards the anatomical position (stretch-return-contract)
    MOVE = "move"  # controlled active movement through range (dynamic)
    PRESSURE = "pressure"  # sustained manual pressure (myofascial release)
    REST = "rest"


class Phase(Entry):
    kind: PhaseKind
    seconds: Range
    effort_pct_mvc: Range | None = Field(
        None, description="For contractions: % of maximal voluntary contraction"
    )
    cue: Text

    @model_validator(mode="after")
    def effort_only_for_contractions(self) -> Phase:
        contracting = self.kind in (PhaseKind.CONTRACT, PhaseKind.ANTAGONIST_CONTRACT)
        if contracting and self.effort_pct_mvc is None:
            raise ValueError(f"a {self.kind} phase needs effort_pct_mvc")
        if not contracting and self.effort_pct_mvc is not None:
            raise ValueError(f"a {self.kind} phase has no effort_pct_mvc")
        return self


class Technique(Entry):
    id: Slug
    name: Text
    family: Literal["static", "pnf", "dynamic", "myofascial", "resistance"]
    summary_therapist: Text
    summary_client: Text
    phases: list[Phase] = Field(min_length=1)
    repetitions: Range
    rest_between_reps_seconds: Range
    reaches_end_range: bool = False
    contractions: bool = False
    deep_pressure: bool = False
    adds_movements: list[Slug] = Field(default_factory=list)
    references: Refs

    @model_validator(mode="after")
    def declares_its_contractions(self) -> Technique:
        has = any(
            p.kind in (PhaseKind.CONTRACT, PhaseKind.ANTAGONIST_CONTRACT) for p in self.phases
        )
        if has != self.contractions:
            raise ValueError("contractions must be true exactly when a phase contracts")
        return self


class IntensityWindow(Entry):
    """The target band of stretch sensation and the pain ceiling, both on 0–10."""

    sensation_min: float = Field(ge=0, le=10)
    sensation_max: float = Field(ge=0, le=10)
    pain_ceiling: float = Field(ge=0, le=10)
    rationale: Text
    references: Refs

    @model_validator(mode="after")
    def ordered(self) -> IntensityWindow:
        if self.sensation_min > self.sensation_max:
            raise ValueError("sensation_min is above sensation_max")
        return self


# ---------------------------------------------------------------- conditions and safety


class Urgency(StrEnum):
    SOON = "soon"
    SAME_DAY = "same_day"
    EMERGENCY = "emergency"


class Decision(StrEnum):
    CLEARED_WITH_RESTRICTIONS = "cleared_with_restrictions"
    REFER_BEFORE_STRETCHING = "refer_before_stretching"
    URGENT_REFERRAL = "urgent_referral"


class RestrictionSpec(Entry):
    """A restriction a finding imposes. Region and side come from the finding when `local`."""

    type: RestrictionType
    movement: Slug | None = None
    limit_deg: float | None = None
    region: Slug | None = None
    technique: Slug | None = None
    cap: float | None = Field(None, ge=0, le=10)
    minutes: float | None = Field(None, gt=0)
    position: Slug | None = None
    local: bool = Field(False, description="Applies to the finding's own body area and side")

    @model_validator(mode="after")
    def has_what_its_type_needs(self) -> RestrictionSpec:
        needs = {
            RestrictionType.FORBIDDEN_MOVEMENT: ["movement"],
            RestrictionType.EXCLUDED_TECHNIQUE: ["technique"],
            RestrictionType.INTENSITY_CAP: ["cap"],
            RestrictionType.MAX_MINUTES_IN_POSITION: ["minutes", "position"],
        }.get(self.type, [])
        missing = [n for n in needs if getattr(self, n) is None]
        if missing:
            raise ValueError(f"a {self.type} restriction needs {', '.join(missing)}")
        if self.type == RestrictionType.EXCLUDED_REGION and not (self.region or self.local):
            raise ValueError("an excluded_region restriction needs a region or local: true")
        return self


class Question(Entry):
    """An intake question. Safety questions are answered yes, no or unknown."""

    id: Slug
    text: Text
    answer: Literal["yes_no_unknown", "date", "side", "choice", "number"] = "yes_no_unknown"
    choices: list[Slug] = Field(default_factory=list)
    help: str = ""


class ContraindicationClass(StrEnum):
    ABSOLUTE = "absolute"
    RELATIVE = "relative"
    RED_FLAG = "red_flag"
    PRECAUTION = "precaution"


class Contraindication(Entry):
    id: Slug
    name: Text
    klass: ContraindicationClass = Field(alias="class")
    scope: Literal["whole_body", "local"]
    decision: Decision
    urgency: Urgency | None = None
    qualifiers: list[Text] = Field(min_length=1, description="What exactly makes it this finding")
    what_to_do_now: Text
    restrictions: list[RestrictionSpec] = Field(default_factory=list)
    duration_weeks: float | None = Field(
        None, gt=0, description="Time-limited: becomes 'review due' at the end, never lapses"
    )
    lifted_by: Literal[
        "clearance_document", "new_intake_after_medical_assessment", "therapist_review"
    ]
    questions: list[Slug] = Field(min_length=1)
    when_unknown: Text = Field(description="What the screen does when an answer is unknown")
    explanation_therapist: Text
    explanation_client: Text
    configurable: str = Field("", description="Values kept configurable because sources are thin")
    references: Refs

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    @model_validator(mode="after")
    def urgency_matches_decision(self) -> Contraindication:
        if (self.decision == Decision.URGENT_REFERRAL) != (self.urgency is not None):
            raise ValueError("urgency is given exactly for urgent referrals")
        if (
            self.klass == ContraindicationClass.RED_FLAG
            and self.decision != Decision.URGENT_REFERRAL
        ):
            raise ValueError("a red flag is always an urgent referral")
        if self.klass == ContraindicationClass.RED_FLAG and (
            self.lifted_by != "new_intake_after_medical_assessment"
        ):
            raise ValueError("a red flag is lifted only by a new intake after medical assessment")
        return self


class PriorityMuscle(Entry):
    muscle: Slug
    weight: float = Field(gt=0, le=1)


class Caution(Entry):
    id: Slug
    text: Text
    references: list[Slug] = Field(default_factory=list)


class Condition(Entry):
    id: Slug
    name: Text
    kind: Literal["condition", "client_group"]
    priority_muscles: list[PriorityMuscle] = Field(min_length=1)
    preferred_techniques: list[Slug] = Field(min_length=1)
    excluded_techniques: list[Slug] = Field(default_factory=list)
    intensity_cap: float | None = Field(None, ge=0, le=10)
    sessions_per_week: Range
    programme_weeks: Range
    cautions: list[Caution] = Field(default_factory=list)
    client_explanation: Text
    references: Refs


# ---------------------------------------------------------------- norms, tests, instruments


class NormBand(Entry):
    age_min: int = Field(ge=0, le=120)
    age_max: int = Field(ge=0, le=120)
    sex: Literal["female", "male", "any"]
    mean: float
    sd: float | None = Field(None, ge=0)
    source: Slug


class Norm(Entry):
    id: Slug
    movement: Text = Field(description="The joint movement, e.g. knee flexion")
    unit: Literal["deg", "cm"]
    bands: list[NormBand] = Field(min_length=1)
    note: str = ""


class Threshold(Entry):
    value: float
    source: Slug | None = Field(None, description="None = documented configurable default")
    note: str = ""


class FlexibilityTest(Entry):
    id: Slug
    name: Text
    how_to: list[Text] = Field(min_length=2)
    unit: Literal["deg", "cm", "in"]
    higher_is_better: bool
    sided: bool
    normal: Text
    norm: Slug | None = None
    short_below: float | None = None
    short_above: float | None = None
    mdc: Threshold
    muscles: list[Slug] = Field(min_length=1)
    movements: list[Slug] = Field(default_factory=list, description="What the test itself loads")
    peak_angles: dict[Slug, float] = Field(default_factory=dict)
    position: Slug
    anatomical_min: float
    anatomical_max: float
    nerve_sign: Text = ""
    references: Refs


class Item(Entry):
    id: Slug
    text: Text
    min: float = 0
    max: float = 10
    anchors: tuple[Text, Text] = Field(description="What the lowest and highest value mean")


class Licence(Entry):
    status: Literal["public_domain", "free_to_use", "free_with_attribution"]
    note: Text
    source: Slug | None = None


class Instrument(Entry):
    id: Slug
    name: Text
    purpose: Text
    items: list[Item] = Field(min_length=1)
    scoring: Literal["single", "mean", "sum"]
    higher_is_better: bool
    score_min: float
    score_max: float
    min_items: int = Field(ge=1, description="Fewest answered items for a valid score")
    mcid: Threshold
    licence: Licence
    references: Refs


# ---------------------------------------------------------------- stretches


class Dosing(Entry):
    technique: Slug
    repetitions: Range | None = None
    hold_seconds: Range | None = None
    note: str = ""


class TimeModel(Entry):
    setup_seconds: float = Field(ge=0, le=600)
    per_side_change_seconds: float = Field(0, ge=0, le=120)


class Limb(Entry):
    """One limb of a pictogram: angle at the root joint and bend at the middle joint, in degrees.

    Side view: `a` is flexion at the shoulder or hip, measured from the limb hanging along the
    trunk (0) towards the front of the body (90 = at right angles in front, 180 = overhead;
    negative = extension behind). Front view: `a` is abduction away from the midline.
    `b` is the bend at the elbow or knee (0 = straight); a knee bends the shank behind the
    thigh, an elbow brings the forearm in front of the upper arm.
    """

    a: float = Field(ge=-60, le=200)
    b: float = Field(0, ge=0, le=160)


PoseBase = Literal[
    "supine",
    "prone",
    "side-lying",
    "seated",
    "long-sitting",
    "standing",
    "kneeling",
    "half-kneeling",
    "all-fours",
]
PosePoint = Literal[
    "head",
    "near-hand",
    "far-hand",
    "near-elbow",
    "far-elbow",
    "near-shoulder",
    "near-hip",
    "near-knee",
    "far-knee",
    "near-foot",
    "far-foot",
    "chest",
    "pelvis",
]
PoseProp = Literal["table", "chair", "wall", "strap", "towel", "bolster", "step", "cushion"]


class Push(Entry):
    """A pictogram arrow: where the stretch is applied and which way (0 = right, 90 = up)."""

    at: PosePoint
    towards: float = Field(ge=-360, le=360)


class Pose(Entry):
    """A small description of the stretch's end position, from which its pictogram is drawn.

    `base` sets the starting posture (lying figures have the head on the left, upright figures
    face right); `lean` tilts the trunk forward (+) or back (-) from that base; `neck` bends the
    head forward (+) or back (-), or to the side in the front view. Limbs not given keep the
    base's default and stay where the base puts them whatever the lean. Limb angles are anatomical,
    relative to the trunk, like `peak_angles` (a long-sitting fold with the trunk leant 40° forward
    has 130° of hip flexion). `stretched` names the body parts drawn in the accent colour.
    """

    view: Literal["side", "front"] = "side"
    base: PoseBase
    lean: float = Field(0, ge=-90, le=120)
    neck: float = Field(0, ge=-60, le=60)
    near_arm: Limb | None = None
    far_arm: Limb | None = None
    near_leg: Limb | None = None
    far_leg: Limb | None = None
    stretched: list[
        Literal[
            "neck",
            "trunk",
            "near-arm",
            "far-arm",
            "near-leg",
            "far-leg",
            "near-thigh",
            "far-thigh",
            "near-shank",
            "far-shank",
            "near-upper-arm",
            "near-forearm",
        ]
    ] = Field(min_length=1)
    props: list[PoseProp] = Field(default_factory=list)
    push: list[Push] = Field(default_factory=list, max_length=2)


class Stretch(Entry):
    id: Slug
    name: Text
    kind: Literal["assisted", "self"]
    region: Slug
    primary: list[Slug] = Field(min_length=1)
    secondary: list[Slug] = Field(default_factory=list)
    position: Slug
    sided: bool
    techniques: list[Dosing] = Field(min_length=1)
    setup: list[Text] = Field(
        min_length=1, description="Therapist: stabilise, hands, direction of force"
    )
    cues: list[Text] = Field(min_length=1)
    should_feel: Text
    stop_if: Text
    equipment: list[Slug] = Field(default_factory=list)
    time: TimeModel
    loads: list[Slug] = Field(default_factory=list)
    peak_angles: dict[Slug, float] = Field(default_factory=dict)
    easier: list[Slug] = Field(default_factory=list)
    harder: list[Slug] = Field(default_factory=list)
    counterpart: Slug | None = Field(None, description="Self twin of an assisted stretch, or back")
    unsupervised_notes: str = ""
    home_tips: str = Field(
        "", description="For the client's handout: keeping it safe at home, in plain words"
    )
    pose: Pose | None = Field(None, description="End position, drawn as the pictogram")
    references: Refs

    @field_validator("peak_angles")
    @classmethod
    def plausible_angles(cls, value: dict[str, float]) -> dict[str, float]:
        for movement, degrees in value.items():
            if not -30 <= degrees <= 200:
                raise ValueError(f"{movement}: {degrees}° is not a joint angle")
        return value
