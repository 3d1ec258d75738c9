"""Results against the matched norm, the other side and the baseline."""

from __future__ import annotations

from typing import Any

import pytest

from stretchwise.assessment.compare import (
    asymmetry,
    change,
    compare_assessment,
    compare_result,
    score_change,
)
from stretchwise.assessment.measures import Assessment, TestResult, record
from stretchwise.assessment.scoring import Score
from stretchwise.library.knowledge import KnowledgeBase


def reading(
    kb: KnowledgeBase, test: str, value: float, side: str | None = "left", **more: Any
) -> TestResult:
    data = {"test": test, "value": value, **more}
    if side is not None:
        data["side"] = side
    return TestResult.model_validate(data, context={"knowledge_base": kb})


def assessment(kb: KnowledgeBase, on: str, **fields: Any) -> Assessment:
    return record({"on": on, **fields}, kb)


def test_a_reading_below_the_matched_norm_gives_its_deficit_in_degrees_and_percent(
    kb: KnowledgeBase,
) -> None:
    # A woman of 70: hip internal rotation norm is Jung & Yamasaki 2016, 27.9 ± 6.1 degrees,
    # so the range is 21.8 to 34.0. A reading of 20: deficit 27.9 - 20 = 7.9 degrees,
    # 7.9 / 27.9 = 28.3 % of the mean, below the range.
    found = compare_result(kb, reading(kb, "hip-internal-rotation-rom", 20), 70, "female")
    assert found.norm is not None
    assert found.norm.mean == pytest.approx(27.9)
    assert found.norm.low == pytest.approx(21.8)
    assert found.norm.high == pytest.approx(34.0)
    assert found.norm.deficit == pytest.approx(7.9)
    assert found.norm.deficit_pct == pytest.approx(28.315, abs=0.01)
    assert found.norm.position == "below"
    assert found.norm.worse_than_range
    assert found.norm.sources == ("jung-2016",)


def test_a_man_of_the_same_age_is_compared_with_the_nearest_band_and_told_so(
    kb: KnowledgeBase,
) -> None:
    # Men over 64 have no band: the 18-64 textbook value of 45 degrees, no spread.
    found = compare_result(kb, reading(kb, "hip-internal-rotation-rom", 40), 70, "male")
    assert found.norm is not None
    assert found.norm.mean == 45
    assert found.norm.deficit == 5
    assert "nearest age band" in found.norm.note
    assert "single published value" in found.norm.note


def test_a_deficit_type_test_is_worse_above_the_norm_and_has_no_percentage(
    kb: KnowledgeBase,
) -> None:
    # A man of 20, active knee extension 30 degrees short of straight. Norm 17.8 ± 9.1,
    # range 8.7 to 26.9: 30 - 17.8 = 12.2 degrees worse than the mean, above the range, and
    # beyond the test's cut-off of 23.4.
    found = compare_result(kb, reading(kb, "active-knee-extension", 30), 20, "male")
    assert found.norm is not None
    assert found.norm.deficit == pytest.approx(12.2)
    assert found.norm.deficit_pct is None
    assert found.norm.position == "above"
    assert found.norm.worse_than_range
    assert found.short is True


def test_a_better_than_average_reading_has_no_deficit(kb: KnowledgeBase) -> None:
    found = compare_result(kb, reading(kb, "shoulder-flexion-rom", 178), 30, "female")
    assert found.norm is not None
    assert found.norm.deficit == 0
    assert found.norm.difference == pytest.approx(6.0)


def test_a_straight_leg_raise_below_70_is_short_by_the_tests_cut_off(kb: KnowledgeBase) -> None:
    found = compare_result(kb, reading(kb, "straight-leg-raise", 65), 40, "female")
    assert found.norm is None  # no age- and sex-matched norm for this test
    assert found.short is True
    assert found.read_as_flexibility


def test_leg_symptoms_in_a_straight_leg_raise_are_a_nerve_sign_not_tightness(
    kb: KnowledgeBase,
) -> None:
    symptoms = [{"quality": "pins_and_needles", "area": "calf", "at_value": 40}]
    found = compare_result(
        kb, reading(kb, "straight-leg-raise", 40, symptoms=symptoms), 40, "female"
    )
    assert found.nerve_sign
    assert not found.read_as_flexibility
    assert found.short is None
    assert found.norm is None
    assert "not that the hamstrings are short" in found.notes[0]


def test_dizziness_during_neck_rotation_stops_the_test(kb: KnowledgeBase) -> None:
    found = compare_result(
        kb,
        reading(kb, "cervical-rotation-rom", 50, symptoms=[{"quality": "dizziness"}]),
        40,
        "female",
    )
    assert not found.nerve_sign
    assert not found.read_as_flexibility
    assert "follow the screening rules" in found.notes[0]


def test_a_side_to_side_difference_beyond_the_measurement_error_is_flagged(
    kb: KnowledgeBase,
) -> None:
    # Left 60, right 75: 15 degrees, worse on the left, 15 / 75 = 20 % of the better side;
    # beyond the straight-leg raise's MDC of 12 degrees (Lopez-Minarro 2009).
    found = asymmetry(
        kb, reading(kb, "straight-leg-raise", 60), reading(kb, "straight-leg-raise", 75, "right")
    )
    assert found.difference == 15
    assert found.worse_side == "left"
    assert found.difference_pct == pytest.approx(20.0)
    assert found.beyond_error
    # 10 degrees is within the error.
    within = asymmetry(
        kb, reading(kb, "straight-leg-raise", 65), reading(kb, "straight-leg-raise", 75, "right")
    )
    assert not within.beyond_error


def test_a_change_must_exceed_the_measurement_error_to_be_real(kb: KnowledgeBase) -> None:
    baseline = reading(kb, "straight-leg-raise", 60)
    # +12 equals the MDC of 12: not beyond it. +13 is.
    assert not change(kb, baseline, reading(kb, "straight-leg-raise", 72)).beyond_error
    found = change(kb, baseline, reading(kb, "straight-leg-raise", 73))
    assert found.beyond_error
    assert found.direction == "better"
    assert found.error.source == "lopez-minarro-2009"


def test_a_test_without_a_published_error_uses_the_documented_default(kb: KnowledgeBase) -> None:
    # Passive knee extension: lower is better; documented default 8 degrees
    # (docs/clinical-knowledge.md). 30 → 21 is 9 degrees better, beyond 8.
    found = change(
        kb, reading(kb, "passive-knee-extension", 30), reading(kb, "passive-knee-extension", 21)
    )
    assert found.change == -9
    assert found.direction == "better"
    assert found.beyond_error
    assert found.error.documented_default
    assert found.error.value == 8


def test_a_change_between_sides_is_refused(kb: KnowledgeBase) -> None:
    with pytest.raises(ValueError, match="same test on the same side"):
        change(
            kb,
            reading(kb, "straight-leg-raise", 60),
            reading(kb, "straight-leg-raise", 70, "right"),
        )


def pain(value: float) -> Score:
    return Score("pain-nrs", value, ("pain-average-24h",), (), "single")


def test_pain_improvement_needs_two_points_or_thirty_percent_of_a_high_baseline(
    kb: KnowledgeBase,
) -> None:
    instrument = kb.instruments["pain-nrs"]
    # Baseline 4 → 2: a fall of 2, 30 % of 4 is 1.2, so the 2-point MCID applies: important.
    low = score_change(instrument, pain(4), pain(2))
    assert (low.change, low.threshold, low.important) == (-2, 2, True)
    # Baseline 8 → 6: a fall of 2, but 30 % of 8 = 2.4 is needed: not important.
    high = score_change(instrument, pain(8), pain(6))
    assert high.threshold == pytest.approx(2.4)
    assert not high.important
    # Baseline 8 → 5: a fall of 3 ≥ 2.4: important, 3 / 8 = 37.5 % better.
    clear = score_change(instrument, pain(8), pain(5))
    assert clear.important
    assert clear.change_pct == pytest.approx(-37.5)
    # Worse: 3 → 5 is a rise of 2, the MCID: important, and worse.
    worse = score_change(instrument, pain(3), pain(5))
    assert (worse.direction, worse.important) == ("worse", True)


def test_the_change_since_baseline_across_a_whole_assessment(kb: KnowledgeBase) -> None:
    activities = ["Putting on socks", "Gardening", "Sitting through a film"]
    baseline = assessment(
        kb,
        "2026-03-01",
        pain=6,
        psfs=[{"activity": a, "rating": r} for a, r in zip(activities, [2, 3, 4], strict=True)],
        tests=[
            {"test": "straight-leg-raise", "side": "left", "value": 55},
            {"test": "straight-leg-raise", "side": "right", "value": 70},
        ],
        pressure_pain_threshold={"local": {"site": "lumbar-spine", "trials_kpa": [250, 270]}},
    )
    later = assessment(
        kb,
        "2026-05-01",
        pain=3,
        psfs=[{"activity": a, "rating": r} for a, r in zip(activities, [5, 6, 4], strict=True)],
        tests=[
            {"test": "straight-leg-raise", "side": "left", "value": 70},
            {"test": "straight-leg-raise", "side": "right", "value": 74},
        ],
        pressure_pain_threshold={"local": {"site": "lumbar-spine", "trials_kpa": [300, 310]}},
    )
    report = compare_assessment(kb, later, 45, "female", baseline)
    # Straight-leg raise left 55 → 70 (+15 > 12), right 70 → 74 (+4 within error).
    assert [(c.side, c.change, c.beyond_error) for c in report.changes] == [
        ("left", 15, True),
        ("right", 4, False),
    ]
    assert [a.difference for a in report.asymmetries] == [4]
    changes = {(c.instrument, c.site): c for c in report.score_changes}
    # Pain 6 → 3: -3, threshold max(2, 1.8) = 2: important.
    assert changes[("pain-nrs", None)].important
    # PSFS (2 + 3 + 4) / 3 = 3 → (5 + 6 + 4) / 3 = 5: +2, the MDC of 2: important.
    psfs = changes[("psfs", None)]
    assert (psfs.baseline, psfs.later, psfs.important) == (3, 5, True)
    # Algometry (250 + 270) / 2 = 260 → (300 + 310) / 2 = 305 kPa: +45 < 50.6.
    ppt = changes[("pressure-pain-threshold", "local")]
    assert ppt.change == 45
    assert not ppt.important
    assert report.not_compared == []


def test_different_psfs_activities_or_algometry_sites_are_not_compared(
    kb: KnowledgeBase,
) -> None:
    baseline = assessment(
        kb,
        "2026-03-01",
        psfs=[{"activity": a, "rating": 3} for a in ["Walking", "Sitting", "Cycling"]],
        pressure_pain_threshold={"local": {"site": "lumbar-spine", "trials_kpa": [250]}},
    )
    later = assessment(
        kb,
        "2026-05-01",
        psfs=[{"activity": a, "rating": 6} for a in ["Walking", "Sitting", "Running"]],
        pressure_pain_threshold={"local": {"site": "thoracic-spine", "trials_kpa": [300]}},
    )
    report = compare_assessment(kb, later, 45, "female", baseline)
    assert report.score_changes == []
    assert any("activities differ" in n for n in report.not_compared)
    assert any("different site" in n for n in report.not_compared)


def test_a_baseline_after_the_assessment_is_refused(kb: KnowledgeBase) -> None:
    with pytest.raises(ValueError, match="is after this assessment"):
        compare_assessment(
            kb, assessment(kb, "2026-01-01"), 45, "female", assessment(kb, "2026-02-01")
        )
