"""Instrument scores against hand computations that follow each instrument's published rule."""

from __future__ import annotations

import pytest

from stretchwise.assessment.measures import record
from stretchwise.assessment.scoring import ScoringError, score, score_assessment
from stretchwise.library.knowledge import KnowledgeBase


def test_every_shipped_instrument_has_a_scoring_rule_and_stays_in_its_range(
    kb: KnowledgeBase,
) -> None:
    for instrument in kb.instruments.values():
        lowest = score(instrument, {item.id: item.min for item in instrument.items})
        highest = score(instrument, {item.id: item.max for item in instrument.items})
        assert lowest.value == instrument.score_min, instrument.id
        assert highest.value == instrument.score_max, instrument.id


def test_the_pain_rating_is_its_single_answer(kb: KnowledgeBase) -> None:
    # Single item: the score is the answer. 7 → 7.
    found = score(kb.instruments["pain-nrs"], {"pain-average-24h": 7})
    assert found.value == 7
    assert found.answered == ("pain-average-24h",)


def test_an_unanswered_single_item_has_no_score(kb: KnowledgeBase) -> None:
    with pytest.raises(ScoringError, match="not answered: ask it"):
        score(kb.instruments["pain-nrs"], {"pain-average-24h": None})


def test_psfs_is_the_sum_of_the_activity_scores_over_the_number_of_activities(
    kb: KnowledgeBase,
) -> None:
    # Stratford 1995: total = sum of activity scores / number of activities.
    # Three activities rated 3, 5 and 8: (3 + 5 + 8) / 3 = 16 / 3 = 5.333...
    found = score(kb.instruments["psfs"], {"activity-1": 3, "activity-2": 5, "activity-3": 8})
    assert found.value == pytest.approx(16 / 3)
    assert found.missing == ("activity-4", "activity-5")


def test_psfs_with_five_activities(kb: KnowledgeBase) -> None:
    # (2 + 4 + 6 + 7 + 9) / 5 = 28 / 5 = 5.6
    answers = {"activity-1": 2, "activity-2": 4, "activity-3": 6, "activity-4": 7, "activity-5": 9}
    assert score(kb.instruments["psfs"], answers).value == pytest.approx(5.6)


def test_psfs_averages_only_the_rated_activities(kb: KnowledgeBase) -> None:
    # Activity 2 was not rated: (4 + 6 + 8) / 3 = 18 / 3 = 6, not (4 + 0 + 6 + 8) / 4.
    answers = {"activity-1": 4, "activity-2": None, "activity-3": 6, "activity-4": 8}
    found = score(kb.instruments["psfs"], answers)
    assert found.value == 6
    assert found.missing == ("activity-2", "activity-5")


def test_psfs_with_fewer_activities_than_the_knowledge_base_requires_is_refused(
    kb: KnowledgeBase,
) -> None:
    with pytest.raises(ScoringError, match=r"at least 3 rated items.*2 are rated.*Ask for 1 more"):
        score(kb.instruments["psfs"], {"activity-1": 4, "activity-2": 6})


def test_pressure_pain_threshold_is_the_mean_of_the_trials(kb: KnowledgeBase) -> None:
    # Three trials 300, 320 and 310 kPa: (300 + 320 + 310) / 3 = 930 / 3 = 310 kPa.
    assessment = record(
        {
            "on": "2026-05-02",
            "pressure_pain_threshold": {
                "local": {"site": "lumbar-spine", "trials_kpa": [300, 320, 310]},
                "remote": {"site": "forearm", "side": "left", "trials_kpa": [450, 470]},
            },
        },
        kb,
    )
    scores = score_assessment(kb, assessment)
    local = scores.get("pressure-pain-threshold", "local")
    remote = scores.get("pressure-pain-threshold", "remote")
    assert local is not None
    assert local.value == 310
    # (450 + 470) / 2 = 460 kPa
    assert remote is not None
    assert remote.value == 460


def test_the_stiffness_rating_is_scored_from_its_item_answer(kb: KnowledgeBase) -> None:
    assessment = record(
        {
            "on": "2026-05-02",
            "pain": 4,
            "stress": 6,
            "instruments": [{"instrument": "stiffness-rating", "answers": {"stiffness-24h": 5}}],
        },
        kb,
    )
    scores = score_assessment(kb, assessment)
    assert [(s.instrument, s.value) for s in scores.scores] == [
        ("pain-nrs", 4),
        ("stress-tension-rating", 6),
        ("stiffness-rating", 5),
    ]


def test_an_assessment_with_too_few_psfs_activities_says_why_it_has_no_psfs_score(
    kb: KnowledgeBase,
) -> None:
    assessment = record(
        {"on": "2026-05-02", "psfs": [{"activity": "Climbing stairs", "rating": 3}]}, kb
    )
    scores = score_assessment(kb, assessment)
    assert scores.get("psfs") is None
    assert "at least 3" in scores.refused["psfs"]


def test_answers_outside_the_scale_or_between_its_points_are_refused(kb: KnowledgeBase) -> None:
    pain = kb.instruments["pain-nrs"]
    with pytest.raises(ScoringError, match="outside its scale"):
        score(pain, {"pain-average-24h": 11})
    with pytest.raises(ScoringError, match="not a whole number"):
        score(pain, {"pain-average-24h": 6.5})
    with pytest.raises(ScoringError, match="has no item 'pain-now'"):
        score(pain, {"pain-now": 3})


def test_a_sum_score_needs_every_item(kb: KnowledgeBase) -> None:
    # No shipped instrument is summed yet; the rule is tested on a summed variant of the PSFS.
    summed = kb.instruments["psfs"].model_copy(update={"scoring": "sum", "score_max": 50})
    everything = {f"activity-{n}": n for n in range(1, 6)}
    # 1 + 2 + 3 + 4 + 5 = 15
    assert score(summed, everything).value == 15
    with pytest.raises(ScoringError, match="activity-5 is not answered"):
        score(summed, {**everything, "activity-5": None})
