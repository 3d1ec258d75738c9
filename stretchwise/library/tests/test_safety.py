"""The one place that decides whether a restriction rules a stretch or a test out."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchwise.library.knowledge import KnowledgeBase, load
from stretchwise.library.safety import (
    assessment_blocked_by,
    stretch_blocked_by,
    techniques_allowed,
)
from stretchwise.library.schema import RestrictionSpec, RestrictionType
from stretchwise.library.tests.minimal import write


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    return load(write(Path(tmp_path_factory.mktemp("kb"))))


def forbid(movement: str, limit: float | None = None) -> RestrictionSpec:
    return RestrictionSpec(
        type=RestrictionType.FORBIDDEN_MOVEMENT, movement=movement, limit_deg=limit
    )


def test_a_stretch_within_the_hip_flexion_limit_is_allowed(kb: KnowledgeBase) -> None:
    stretch = kb.stretches["supine-hamstring"]  # hip flexion about 80°
    assert stretch_blocked_by(kb, stretch, forbid("hip-flexion")) is None


def test_a_surgeons_lower_limit_rules_the_same_stretch_out(kb: KnowledgeBase) -> None:
    stretch = kb.stretches["supine-hamstring"]
    reason = stretch_blocked_by(kb, stretch, forbid("hip-flexion", 70))
    assert reason is not None
    assert "80" in reason
    assert "70" in reason


def test_a_load_movement_rules_out_every_stretch_that_takes_it(kb: KnowledgeBase) -> None:
    for stretch in kb.stretches.values():
        assert stretch_blocked_by(kb, stretch, forbid("sciatic-neural-tension")) is not None


def test_no_breath_holding_removes_contraction_techniques_but_keeps_static_holds(
    kb: KnowledgeBase,
) -> None:
    stretch = kb.stretches["supine-hamstring"].model_copy(
        update={
            "techniques": [
                *kb.stretches["supine-hamstring"].techniques,
                kb.stretches["supine-hamstring"]
                .techniques[0]
                .model_copy(update={"technique": "pnf-contract-relax"}),
            ]
        }
    )
    no_breath_hold = RestrictionSpec(type=RestrictionType.NO_BREATH_HOLDING)
    assert techniques_allowed(kb, stretch, [no_breath_hold]) == ["static"]
    assert stretch_blocked_by(kb, stretch, no_breath_hold) is None


def test_excluding_the_only_technique_rules_the_stretch_out(kb: KnowledgeBase) -> None:
    stretch = kb.stretches["supine-hamstring"]
    excluded = RestrictionSpec(type=RestrictionType.EXCLUDED_TECHNIQUE, technique="static")
    assert stretch_blocked_by(kb, stretch, excluded) == "none of its techniques is allowed"


def test_an_excluded_region_rules_out_its_stretches_and_tests(kb: KnowledgeBase) -> None:
    excluded = RestrictionSpec(type=RestrictionType.EXCLUDED_REGION, region="thigh-back")
    assert stretch_blocked_by(kb, kb.stretches["supine-hamstring"], excluded) is not None
    assert assessment_blocked_by(kb, kb.tests["straight-leg-raise"], excluded) is not None


def test_a_test_that_loads_a_forbidden_movement_is_withheld(kb: KnowledgeBase) -> None:
    slr = kb.tests["straight-leg-raise"]
    assert assessment_blocked_by(kb, slr, forbid("sciatic-neural-tension")) is not None
    assert assessment_blocked_by(kb, slr, forbid("hip-flexion", 60)) is not None
    assert assessment_blocked_by(kb, slr, forbid("hip-flexion")) is None


@given(st.floats(min_value=0, max_value=180), st.floats(min_value=-30, max_value=200))
def test_a_stretch_is_blocked_exactly_when_its_peak_angle_passes_the_limit(
    limit: float, peak: float
) -> None:
    kb = load(write(Path(__import__("tempfile").mkdtemp())))
    stretch = kb.stretches["supine-hamstring"].model_copy(
        update={"peak_angles": {"hip-flexion": peak}}
    )
    blocked = stretch_blocked_by(kb, stretch, forbid("hip-flexion", limit)) is not None
    assert blocked == (peak > limit)
