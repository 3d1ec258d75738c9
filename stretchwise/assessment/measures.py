"""What a therapist records at a baseline or follow-up assessment. Pure pydantic models.

Checks that need the knowledge base (the test exists, the reading is within what the test can
measure, the body-map area exists) run at validation and read it from the validation context:
`record(data, kb)`, or `Assessment.model_validate(data, context={"knowledge_base": kb})`. Without a
context the shipped knowledge base is used. Every message says what to do about the problem.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from stretchwise.library.knowledge import KnowledgeBase, knowledge_base
from stretchwise.library.schema import FlexibilityTest, Instrument

Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
Side = Literal["left", "right"]

# The instruments recorded in fields of their own rather than as generic item answers.
PAIN = "pain-nrs"
PSFS = "psfs"
STRESS = "stress-tension-rating"
PPT = "pressure-pain-threshold"
DEDICATED = {PAIN: "pain", PSFS: "psfs", STRESS: "stress", PPT: "pressure_pain_threshold"}


class Measure(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def knowledge(info: ValidationInfo) -> KnowledgeBase:
    context = info.context
    if isinstance(context, dict):
        kb = context.get("knowledge_base")
        if isinstance(kb, KnowledgeBase):
            return kb
    return knowledge_base()


def whole_rating(value: float, what: str) -> float:
    """A 0-10 numeric rating scale has eleven points: whole numbers only."""
    if not 0 <= value <= 10 or value != int(value):
        raise ValueError(
            f"{what} is a whole number from 0 to 10; {value:g} is not. Ask again and record the "
            "number the client chooses."
        )
    return float(value)


def is_rating_scale(instrument: Instrument) -> bool:
    # The schema has no "whole numbers" flag; every 0-10 item shipped is an 11-point rating scale.
    return all(item.min == 0 and item.max == 10 for item in instrument.items)


def answer_problems(instrument: Instrument, answers: Mapping[str, float | None]) -> list[str]:
    """Answers that do not belong to the instrument or fall outside an item's scale."""
    items = {item.id: item for item in instrument.items}
    problems = []
    for item_id, value in answers.items():
        item = items.get(item_id)
        if item is None:
            problems.append(
                f"{instrument.name} has no item '{item_id}'; its items are {', '.join(items)}."
            )
        elif value is not None and not item.min <= value <= item.max:
            problems.append(
                f"{instrument.name}, item '{item_id}': {value:g} is outside its scale "
                f"({item.min:g} to {item.max:g}: {item.anchors[0]}; {item.anchors[1]})."
            )
        elif value is not None and is_rating_scale(instrument) and value != int(value):
            problems.append(
                f"{instrument.name}, item '{item_id}': {value:g} is not a whole number; the scale "
                "has eleven points, 0 to 10."
            )
    return problems


# ---------------------------------------------------------------- ratings


class PsfsActivity(Measure):
    """One activity of the Patient-Specific Functional Scale, named by the client."""

    activity: str = Field(min_length=1, max_length=200, description="In the client's own words")
    rating: float = Field(description="0 = cannot do it at all, 10 = as well as before")

    @field_validator("activity")
    @classmethod
    def named(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("name the activity in the client's own words")
        return value.strip()

    @field_validator("rating")
    @classmethod
    def eleven_points(cls, value: float) -> float:
        return whole_rating(value, "A PSFS activity rating")


class InstrumentAnswers(Measure):
    """Item answers for one of the other instruments the knowledge base ships."""

    instrument: Slug
    answers: dict[Slug, float | None] = Field(description="Item id → answer; None = not answered")

    @model_validator(mode="after")
    def belongs_to_the_instrument(self, info: ValidationInfo) -> InstrumentAnswers:
        kb = knowledge(info)
        instrument = kb.instruments.get(self.instrument)
        if instrument is None:
            raise ValueError(
                f"there is no instrument '{self.instrument}'; choose one of "
                f"{', '.join(kb.instruments)}"
            )
        if self.instrument in DEDICATED:
            raise ValueError(
                f"record {instrument.name} in the '{DEDICATED[self.instrument]}' field, "
                "not as item answers"
            )
        problems = answer_problems(instrument, self.answers)
        if problems:
            raise ValueError(" ".join(problems))
        return self


# ---------------------------------------------------------------- tests


class SymptomQuality(StrEnum):
    PAIN = "pain"
    SHOOTING = "shooting"
    BURNING = "burning"
    ELECTRIC = "electric"
    PINS_AND_NEEDLES = "pins_and_needles"
    NUMBNESS = "numbness"
    WEAKNESS = "weakness"
    DIZZINESS = "dizziness"
    OTHER = "other"


class ReproducedSymptom(Measure):
    """A symptom the test brought on, beyond the expected stretch (which is not recorded here)."""

    quality: SymptomQuality
    area: Slug | None = Field(None, description="Body-map area where it was felt")
    at_value: float | None = Field(None, description="The reading at which it began")
    description: str = Field("", max_length=500)

    @model_validator(mode="after")
    def known_area(self, info: ValidationInfo) -> ReproducedSymptom:
        kb = knowledge(info)
        if self.area is not None and self.area not in kb.body_areas:
            raise ValueError(
                f"there is no body-map area '{self.area}'; choose one of {', '.join(kb.body_areas)}"
            )
        return self


class TestResult(Measure):
    """One reading of a flexibility or range-of-motion test, on one side, in the test's unit."""

    __test__ = False  # not a pytest test class

    test: Slug
    side: Side | None = Field(None, description="Required for sided tests, absent otherwise")
    value: float
    unit: Literal["deg", "cm", "in"] | None = Field(
        None, description="When given, it must be the test's own unit (nothing is converted)"
    )
    symptoms: list[ReproducedSymptom] = Field(default_factory=list)
    note: str = Field("", max_length=2000)

    def of(self, kb: KnowledgeBase) -> FlexibilityTest:
        return kb.tests[self.test]

    @model_validator(mode="after")
    def possible_reading(self, info: ValidationInfo) -> TestResult:
        kb = knowledge(info)
        test = kb.tests.get(self.test)
        if test is None:
            raise ValueError(f"there is no test '{self.test}'; choose one of {', '.join(kb.tests)}")
        if test.sided and self.side is None:
            raise ValueError(f"{test.name} is tested on each side: say which side (left or right)")
        if not test.sided and self.side is not None:
            raise ValueError(f"{test.name} is not done per side: leave the side out")
        if self.unit is not None and self.unit != test.unit:
            raise ValueError(
                f"{test.name} is recorded in {test.unit}, not {self.unit}: convert the reading "
                f"to {test.unit} and enter it again"
            )
        if not test.anatomical_min <= self.value <= test.anatomical_max:
            side = f" ({self.side})" if self.side else ""
            raise ValueError(
                f"{test.name}{side}: {self.value:g} {test.unit} is outside what this test can "
                f"read ({test.anatomical_min:g} to {test.anatomical_max:g} {test.unit}). Check the "
                f"reading, its sign and that it is in {test.unit}."
            )
        return self


# ---------------------------------------------------------------- pressure pain threshold


class PressurePainThreshold(Measure):
    """Algometry at one site: the mean of the trials, in kPa (instruments.yaml protocol)."""

    site: Slug = Field(description="Body-map area")
    side: Side | None = None
    trials_kpa: list[float] = Field(min_length=1, max_length=5)

    @property
    def kpa(self) -> float:
        return sum(self.trials_kpa) / len(self.trials_kpa)

    @model_validator(mode="after")
    def possible_reading(self, info: ValidationInfo) -> PressurePainThreshold:
        kb = knowledge(info)
        area = kb.body_areas.get(self.site)
        if area is None:
            raise ValueError(
                f"there is no body-map area '{self.site}'; choose one of {', '.join(kb.body_areas)}"
            )
        if area.sided and self.side is None:
            raise ValueError(f"say which side of the {area.name.lower()} was tested")
        instrument = kb.instruments.get(PPT)
        if instrument is None:
            raise ValueError("the knowledge base ships no pressure pain threshold instrument")
        item = instrument.items[0]
        for trial in self.trials_kpa:
            if not item.min <= trial <= item.max:
                raise ValueError(
                    f"a trial of {trial:g} kPa is outside {item.min:g} to {item.max:g} kPa; "
                    "check the reading, and convert kg/cm2 to kPa (x 98.1) first"
                )
        return self


class PressurePainThresholds(Measure):
    """A local site (where it hurts) and a remote, pain-free control site; either may be absent."""

    local: PressurePainThreshold | None = None
    remote: PressurePainThreshold | None = None

    @model_validator(mode="after")
    def two_different_sites(self) -> PressurePainThresholds:
        if self.local is None and self.remote is None:
            raise ValueError("record a local or a remote site, or leave algometry out")
        if (
            self.local is not None
            and self.remote is not None
            and (self.local.site, self.local.side) == (self.remote.site, self.remote.side)
        ):
            raise ValueError("the remote site must be away from the local one; choose another")
        return self


# ---------------------------------------------------------------- the assessment


class Assessment(Measure):
    """Everything measured on one day. Kept as recorded; a correction is a new assessment."""

    on: dt.date
    pain: float | None = Field(None, description="Pain NRS: average pain over the last 24 hours")
    psfs: list[PsfsActivity] = Field(default_factory=list, max_length=5)
    stress: float | None = Field(None, description="Stress and tension now, 0-10")
    instruments: list[InstrumentAnswers] = Field(default_factory=list)
    tests: list[TestResult] = Field(default_factory=list)
    pressure_pain_threshold: PressurePainThresholds | None = None
    posture: list[Annotated[str, Field(min_length=1, max_length=500)]] = Field(
        default_factory=list, description="What the therapist observed, in their words"
    )
    note: str = Field("", max_length=4000)

    @field_validator("pain")
    @classmethod
    def pain_rating(cls, value: float | None) -> float | None:
        return None if value is None else whole_rating(value, "Pain")

    @field_validator("stress")
    @classmethod
    def stress_rating(cls, value: float | None) -> float | None:
        return None if value is None else whole_rating(value, "Stress and tension")

    @model_validator(mode="after")
    def consistent(self) -> Assessment:
        named = [a.activity.casefold() for a in self.psfs]
        if len(set(named)) != len(named):
            raise ValueError("each PSFS activity is named once; merge or rename the duplicates")
        seen: set[tuple[str, str | None]] = set()
        for result in self.tests:
            key = (result.test, result.side)
            if key in seen:
                side = f" on the {result.side} side" if result.side else ""
                raise ValueError(
                    f"{result.test} is recorded twice{side}; record the mean of the trials once"
                )
            seen.add(key)
        instruments = [a.instrument for a in self.instruments]
        if len(set(instruments)) != len(instruments):
            raise ValueError("each instrument is answered once per assessment")
        return self

    def result(self, test: str, side: Side | None = None) -> TestResult | None:
        return next((r for r in self.tests if r.test == test and r.side == side), None)


def record(data: Mapping[str, Any], kb: KnowledgeBase) -> Assessment:
    """Validate a recorded assessment against this knowledge base."""
    return Assessment.model_validate(data, context={"knowledge_base": kb})


def readable(error: ValidationError) -> list[str]:
    """One line per problem, saying where it is and what to do, for a form or the API."""
    lines = []
    for e in error.errors():
        where = " › ".join(str(p) for p in e["loc"])
        message = str(e["msg"]).removeprefix("Value error, ")
        lines.append(f"{where}: {message}" if where else message)
    return lines
