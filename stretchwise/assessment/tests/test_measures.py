"""A recorded assessment is validated with messages a therapist can act on."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from stretchwise.assessment.measures import Assessment, readable, record
from stretchwise.library.knowledge import KnowledgeBase


def problems(kb: KnowledgeBase, **fields: Any) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        record({"on": "2026-05-02", **fields}, kb)
    return readable(caught.value)


def test_a_full_assessment_is_recorded(kb: KnowledgeBase) -> None:
    assessment = record(
        {
            "on": "2026-05-02",
            "pain": 6,
            "psfs": [
                {"activity": "Putting on socks", "rating": 3},
                {"activity": "Sitting through a film", "rating": 5},
                {"activity": "Gardening", "rating": 2},
            ],
            "stress": 7,
            "tests": [
                {"test": "straight-leg-raise", "side": "left", "value": 62, "unit": "deg"},
                {
                    "test": "straight-leg-raise",
                    "side": "right",
                    "value": 48,
                    "symptoms": [{"quality": "pins_and_needles", "area": "calf", "at_value": 45}],
                },
                {"test": "sit-and-reach", "value": 21},
                {"test": "chair-sit-and-reach", "side": "left", "value": -12},
            ],
            "pressure_pain_threshold": {
                "local": {"site": "lumbar-spine", "trials_kpa": [280, 300, 290]}
            },
            "posture": ["Forward head", "Right shoulder lower than left"],
        },
        kb,
    )
    assert assessment.result("straight-leg-raise", "right") is not None
    assert assessment.result("chair-sit-and-reach", "left") is not None


def test_a_reading_beyond_what_the_test_can_measure_says_the_limits_and_what_to_check(
    kb: KnowledgeBase,
) -> None:
    [message] = problems(kb, tests=[{"test": "straight-leg-raise", "side": "left", "value": 95}])
    assert "Passive straight-leg raise (left): 95 deg is outside" in message
    assert "(0 to 80 deg)" in message
    assert "Check the reading" in message
    assert "Value error" not in message


def test_a_negative_thomas_reading_is_possible_but_not_beyond_its_range(
    kb: KnowledgeBase,
) -> None:
    record(
        {
            "on": "2026-05-02",
            "tests": [{"test": "modified-thomas-test", "side": "left", "value": -20}],
        },
        kb,
    )
    [message] = problems(kb, tests=[{"test": "modified-thomas-test", "side": "left", "value": -60}])
    assert "-45 to 30 deg" in message


def test_a_sided_test_needs_its_side_and_an_unsided_test_refuses_one(kb: KnowledgeBase) -> None:
    [message] = problems(kb, tests=[{"test": "knee-to-wall", "value": 9}])
    assert "say which side (left or right)" in message
    [message] = problems(kb, tests=[{"test": "sit-and-reach", "side": "left", "value": 20}])
    assert "leave the side out" in message


def test_a_reading_in_another_unit_is_not_converted_silently(kb: KnowledgeBase) -> None:
    [message] = problems(
        kb, tests=[{"test": "knee-to-wall", "side": "left", "value": 4, "unit": "in"}]
    )
    assert "recorded in cm, not in" in message
    assert "convert the reading to cm" in message


def test_an_unknown_test_lists_the_tests_there_are(kb: KnowledgeBase) -> None:
    [message] = problems(kb, tests=[{"test": "toe-touch", "value": 3}])
    assert "there is no test 'toe-touch'" in message
    assert "straight-leg-raise" in message


def test_the_same_reading_twice_is_refused(kb: KnowledgeBase) -> None:
    reading = {"test": "knee-to-wall", "side": "left", "value": 9}
    [message] = problems(kb, tests=[reading, reading])
    assert "recorded twice on the left side" in message


def test_ratings_are_whole_numbers_from_0_to_10(kb: KnowledgeBase) -> None:
    [message] = problems(kb, pain=11)
    assert message.startswith("pain: Pain is a whole number from 0 to 10; 11 is not")
    [message] = problems(kb, stress=6.5)
    assert "6.5 is not" in message
    [message] = problems(kb, psfs=[{"activity": "Running", "rating": -1}])
    assert "A PSFS activity rating is a whole number" in message


def test_psfs_activities_are_named_once_and_at_most_five(kb: KnowledgeBase) -> None:
    twice = [{"activity": "Running", "rating": 3}, {"activity": "running ", "rating": 4}]
    [message] = problems(kb, psfs=twice)
    assert "named once" in message
    six = [{"activity": f"Activity {n}", "rating": 5} for n in range(6)]
    [message] = problems(kb, psfs=six)
    assert message.startswith("psfs:")


def test_a_symptom_on_an_unknown_body_area_is_refused(kb: KnowledgeBase) -> None:
    [message] = problems(
        kb,
        tests=[
            {
                "test": "straight-leg-raise",
                "side": "left",
                "value": 50,
                "symptoms": [{"quality": "numbness", "area": "little-toe"}],
            }
        ],
    )
    assert "no body-map area 'little-toe'" in message


def test_algometry_sites_are_known_sided_where_needed_and_two_different_places(
    kb: KnowledgeBase,
) -> None:
    [message] = problems(
        kb, pressure_pain_threshold={"local": {"site": "calf", "trials_kpa": [300]}}
    )
    assert "say which side of the calf" in message
    same = {"site": "lumbar-spine", "trials_kpa": [300]}
    [message] = problems(kb, pressure_pain_threshold={"local": same, "remote": same})
    assert "remote site must be away from the local one" in message
    [message] = problems(
        kb, pressure_pain_threshold={"remote": {"site": "lumbar-spine", "trials_kpa": [2500]}}
    )
    assert "convert kg/cm2 to kPa" in message


def test_instruments_with_their_own_field_are_not_recorded_as_item_answers(
    kb: KnowledgeBase,
) -> None:
    [message] = problems(
        kb, instruments=[{"instrument": "pain-nrs", "answers": {"pain-average-24h": 3}}]
    )
    assert "in the 'pain' field" in message
    [message] = problems(
        kb, instruments=[{"instrument": "stiffness-rating", "answers": {"stiffness-24h": 12}}]
    )
    assert "outside its scale (0 to 10" in message


def test_an_assessment_validates_against_the_shipped_knowledge_base_without_a_context() -> None:
    assessment = Assessment.model_validate(
        {"on": "2026-05-02", "tests": [{"test": "knee-to-wall", "side": "right", "value": 11}]}
    )
    assert assessment.tests[0].value == 11
