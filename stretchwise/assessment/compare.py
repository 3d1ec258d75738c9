"""Reading results: against the age- and sex-matched norm, the other side and the baseline. Pure.

A change or a side-to-side difference is called real only when it exceeds the test's measurement
error (`mdc` in tests.yaml): the published minimal detectable change, or, where none is published,
the documented configurable default (docs/clinical-knowledge.md, "Measurement error without a
published figure"). Instrument changes are judged against their `mcid`, which is the change the
knowledge base treats as meaningful, so a change of exactly that size counts.

A reading that reproduced a nerve sign (leg symptoms in a straight-leg raise) is recorded, but it
is not read as flexibility: no norm, no "short", and its changes are flagged as such.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from stretchwise.assessment.measures import (
    PAIN,
    PPT,
    PSFS,
    Assessment,
    Side,
    SymptomQuality,
    TestResult,
)
from stretchwise.assessment.scoring import AssessmentScores, Score, score_assessment
from stretchwise.library.knowledge import KnowledgeBase
from stretchwise.library.norms import reference_range
from stretchwise.library.schema import FlexibilityTest, Instrument

Direction = Literal["better", "worse", "same"]

# Farrar et al. 2001: a fall of about 2 points or about 30 % was clinically important, and higher
# baselines needed larger raw falls (clinical-corrections.md 8c: prefer 30 % when baseline is high).
PAIN_RELATIVE_MCID = 0.30


@dataclass(frozen=True)
class MeasurementError:
    value: float
    unit: str
    source: str | None
    documented_default: bool
    note: str


def measurement_error(test: FlexibilityTest) -> MeasurementError:
    """The change a re-test must exceed before it is called real."""
    return MeasurementError(
        value=test.mdc.value,
        unit=test.unit,
        source=test.mdc.source,
        documented_default=test.mdc.source is None,
        note=test.mdc.note,
    )


def _direction(difference: float, higher_is_better: bool) -> Direction:
    if difference == 0:
        return "same"
    return "better" if (difference > 0) == higher_is_better else "worse"


# ---------------------------------------------------------------- one reading


@dataclass(frozen=True)
class NormComparison:
    norm: str
    unit: str
    mean: float
    low: float
    high: float
    difference: float  # value - mean
    deficit: float  # how far on the worse side of the mean, in the test's unit; 0 if not
    deficit_pct: float | None  # of the mean; only where a percentage of range lost means something
    position: Literal["below", "within", "above"]  # against the range mean ± 1 SD
    worse_than_range: bool
    sources: tuple[str, ...]
    note: str


def compare_with_norm(
    kb: KnowledgeBase, test: FlexibilityTest, value: float, age: int, sex: str
) -> NormComparison | None:
    """The reading against the age- and sex-matched norm, or None when the test has no norm."""
    norm = kb.norms.get(test.norm) if test.norm else None
    if norm is None or norm.unit != test.unit:
        return None
    found = reference_range(norm, age, sex)
    if found is None:
        return None
    difference = value - found.mean
    deficit = max(0.0, -difference if test.higher_is_better else difference)
    # A percentage of a "deficit" norm (the knee-extension tests, where 0 is best) is not a
    # proportion of range lost, so it is given only for range-type readings.
    pct = deficit / found.mean * 100 if test.higher_is_better and found.mean > 0 else None
    position: Literal["below", "within", "above"] = (
        "below" if value < found.low else "above" if value > found.high else "within"
    )
    worse = position == ("below" if test.higher_is_better else "above")
    notes = [found.note] if found.note else []
    if found.low == found.high:
        notes.append(
            "a single published value without a spread: below it is not by itself abnormal"
        )
    return NormComparison(
        norm=norm.id,
        unit=norm.unit,
        mean=found.mean,
        low=found.low,
        high=found.high,
        difference=difference,
        deficit=deficit,
        deficit_pct=pct,
        position=position,
        worse_than_range=worse,
        sources=found.sources,
        note="; ".join(notes),
    )


def nerve_sign(test: FlexibilityTest, result: TestResult) -> bool:
    """Limb symptoms during a test that declares a nerve sign: a nerve sign, not tightness."""
    return bool(test.nerve_sign) and any(
        s.quality != SymptomQuality.DIZZINESS for s in result.symptoms
    )


@dataclass(frozen=True)
class Reading:
    test: str
    side: Side | None
    value: float
    unit: str
    norm: NormComparison | None
    short: bool | None  # by the test's own cut-off; None without a cut-off or when not flexibility
    nerve_sign: bool
    symptoms_reproduced: bool
    read_as_flexibility: bool
    notes: tuple[str, ...] = ()


def compare_result(kb: KnowledgeBase, result: TestResult, age: int, sex: str) -> Reading:
    test = result.of(kb)
    nerve = nerve_sign(test, result)
    dizzy = any(s.quality == SymptomQuality.DIZZINESS for s in result.symptoms)
    notes = []
    if nerve:
        notes.append(test.nerve_sign)
    if dizzy:
        notes.append(
            "Dizziness during the test: stop, and follow the screening rules before any more "
            "testing or stretching."
        )
    elif result.symptoms and not nerve:
        notes.append("Symptoms were reproduced: the reading may be limited by them, not by length.")
    flexibility = not nerve and not dizzy
    short = None
    if flexibility and (test.short_below is not None or test.short_above is not None):
        short = (test.short_below is not None and result.value < test.short_below) or (
            test.short_above is not None and result.value > test.short_above
        )
    return Reading(
        test=test.id,
        side=result.side,
        value=result.value,
        unit=test.unit,
        norm=compare_with_norm(kb, test, result.value, age, sex) if flexibility else None,
        short=short,
        nerve_sign=nerve,
        symptoms_reproduced=bool(result.symptoms),
        read_as_flexibility=flexibility,
        notes=tuple(notes),
    )


# ---------------------------------------------------------------- the other side, the baseline


@dataclass(frozen=True)
class Asymmetry:
    test: str
    left: float
    right: float
    difference: float  # absolute, in the test's unit
    difference_pct: float | None  # of the better side, for positive range readings
    worse_side: Side | None
    beyond_error: bool
    error: MeasurementError
    read_as_flexibility: bool


def asymmetry(kb: KnowledgeBase, left: TestResult, right: TestResult) -> Asymmetry:
    if left.test != right.test:
        raise ValueError(f"compare the same test on both sides, not {left.test} and {right.test}")
    if (left.side, right.side) != ("left", "right"):
        raise ValueError("give the left reading first and the right reading second")
    test = left.of(kb)
    difference = abs(left.value - right.value)
    worse: Side | None = None
    if difference:
        left_better = (left.value > right.value) == test.higher_is_better
        worse = "right" if left_better else "left"
    better = max(left.value, right.value) if test.higher_is_better else None
    pct = (
        difference / better * 100
        if better is not None and min(left.value, right.value) >= 0 and better > 0
        else None
    )
    error = measurement_error(test)
    return Asymmetry(
        test=test.id,
        left=left.value,
        right=right.value,
        difference=difference,
        difference_pct=pct,
        worse_side=worse,
        beyond_error=difference > error.value,
        error=error,
        read_as_flexibility=not (nerve_sign(test, left) or nerve_sign(test, right)),
    )


@dataclass(frozen=True)
class Change:
    test: str
    side: Side | None
    baseline: float
    later: float
    change: float  # later - baseline, in the test's unit
    direction: Direction
    beyond_error: bool
    error: MeasurementError
    read_as_flexibility: bool


def change(kb: KnowledgeBase, baseline: TestResult, later: TestResult) -> Change:
    """The change since baseline and whether it exceeds the test's measurement error."""
    if (baseline.test, baseline.side) != (later.test, later.side):
        raise ValueError(
            "a change compares the same test on the same side: "
            f"{baseline.test} ({baseline.side}) and {later.test} ({later.side}) differ"
        )
    test = later.of(kb)
    difference = later.value - baseline.value
    error = measurement_error(test)
    return Change(
        test=test.id,
        side=later.side,
        baseline=baseline.value,
        later=later.value,
        change=difference,
        direction=_direction(difference, test.higher_is_better),
        beyond_error=abs(difference) > error.value,
        error=error,
        read_as_flexibility=not (nerve_sign(test, baseline) or nerve_sign(test, later)),
    )


# ---------------------------------------------------------------- instrument scores


@dataclass(frozen=True)
class ScoreChange:
    instrument: str
    site: str | None
    baseline: float
    later: float
    change: float
    change_pct: float | None  # of the baseline score
    direction: Direction
    threshold: float
    important: bool
    note: str


def score_change(instrument: Instrument, baseline: Score, later: Score) -> ScoreChange:
    """The change in an instrument's score against its clinically important difference."""
    if baseline.instrument != instrument.id or later.instrument != instrument.id:
        raise ValueError(f"both scores must be {instrument.name} scores")
    if baseline.answered != later.answered:
        raise ValueError(
            f"{instrument.name}: the baseline rated {', '.join(baseline.answered)} and the "
            f"follow-up {', '.join(later.answered)}; re-rate the same items to compare"
        )
    difference = later.value - baseline.value
    direction = _direction(difference, instrument.higher_is_better)
    threshold = instrument.mcid.value
    # The knowledge base's note says whether this is a published MCID, an MDC used in its place,
    # or a documented default; it is passed on so the page can say which.
    source = instrument.mcid.source or "documented configurable default"
    note = f"{threshold:g} ({source}): {instrument.mcid.note}"
    if instrument.id == PAIN and direction == "better":
        relative = PAIN_RELATIVE_MCID * baseline.value
        if relative > threshold:
            threshold = relative
            note = (
                f"30 % of the baseline, {threshold:g}, because a high baseline needs a larger "
                "fall (farrar-2001)"
            )
    pct = difference / baseline.value * 100 if baseline.value else None
    return ScoreChange(
        instrument=instrument.id,
        site=later.site,
        baseline=baseline.value,
        later=later.value,
        change=difference,
        change_pct=pct,
        direction=direction,
        threshold=threshold,
        important=abs(difference) >= threshold,
        note=note,
    )


# ---------------------------------------------------------------- a whole assessment


@dataclass(frozen=True)
class AssessmentReport:
    on: dt.date
    baseline_on: dt.date | None
    readings: list[Reading]
    asymmetries: list[Asymmetry]
    changes: list[Change]
    scores: AssessmentScores
    score_changes: list[ScoreChange]
    not_compared: list[str] = field(default_factory=list)


def compare_assessment(
    kb: KnowledgeBase,
    assessment: Assessment,
    age: int,
    sex: str,
    baseline: Assessment | None = None,
) -> AssessmentReport:
    """Everything the assessment page shows: norms, sides, and the change since baseline."""
    if baseline is not None and baseline.on > assessment.on:
        raise ValueError(
            f"the baseline ({baseline.on}) is after this assessment ({assessment.on}); "
            "compare a later assessment with an earlier one"
        )
    readings = [compare_result(kb, r, age, sex) for r in assessment.tests]
    asymmetries = [
        asymmetry(kb, r, right)
        for r in assessment.tests
        if r.side == "left" and (right := assessment.result(r.test, "right")) is not None
    ]
    scores = score_assessment(kb, assessment)
    changes: list[Change] = []
    score_changes: list[ScoreChange] = []
    skipped: list[str] = []
    if baseline is not None:
        for r in assessment.tests:
            before = baseline.result(r.test, r.side)
            if before is not None:
                changes.append(change(kb, before, r))
        score_changes, skipped = _score_changes(
            kb, baseline, assessment, score_assessment(kb, baseline), scores
        )
    not_compared = [f"{key}: {why}" for key, why in scores.refused.items()] + skipped
    return AssessmentReport(
        on=assessment.on,
        baseline_on=baseline.on if baseline else None,
        readings=readings,
        asymmetries=asymmetries,
        changes=changes,
        scores=scores,
        score_changes=score_changes,
        not_compared=not_compared,
    )


def _same_site(baseline: Assessment, later: Assessment, site: str) -> bool:
    before, after = baseline.pressure_pain_threshold, later.pressure_pain_threshold
    a = getattr(before, site, None) if before else None
    b = getattr(after, site, None) if after else None
    return a is not None and b is not None and (a.site, a.side) == (b.site, b.side)


def _score_changes(
    kb: KnowledgeBase,
    baseline: Assessment,
    later: Assessment,
    before: AssessmentScores,
    after: AssessmentScores,
) -> tuple[list[ScoreChange], list[str]]:
    changes: list[ScoreChange] = []
    skipped: list[str] = []
    for now in after.scores:
        then = before.get(now.instrument, now.site)
        if then is None:
            continue
        if now.instrument == PSFS and [a.activity.casefold() for a in baseline.psfs] != [
            a.activity.casefold() for a in later.psfs
        ]:
            skipped.append(
                "psfs: the activities differ from the baseline's; rate the baseline activities "
                "again, in the same order, to measure change"
            )
            continue
        if now.instrument == PPT and now.site and not _same_site(baseline, later, now.site):
            skipped.append(
                f"pressure-pain-threshold ({now.site}): measured at a different site from the "
                "baseline; re-test the same site and side to measure change"
            )
            continue
        try:
            changes.append(score_change(kb.instruments[now.instrument], then, now))
        except ValueError as error:
            skipped.append(f"{now.instrument}: {error}")
    return changes, skipped
