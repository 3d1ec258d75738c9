from __future__ import annotations

from pathlib import Path

import pytest

from stretchwise.library.knowledge import load
from stretchwise.library.overlay import OverlayError, apply_overlay, read_overlay
from stretchwise.library.tests.minimal import write


def overlaid(tmp_path: Path, text: str) -> object:
    kb = load(write(tmp_path))
    overlay_file = tmp_path / "overlay.yml"
    overlay_file.write_text(text)
    overlay, digest = read_overlay(overlay_file)
    return apply_overlay(kb, overlay, digest)


def test_an_overlay_may_lower_the_pain_ceiling_and_is_recorded_by_hash(tmp_path: Path) -> None:
    kb = overlaid(tmp_path, "intensity: {pain_ceiling: 1, sensation_max: 5}\n")
    assert kb.intensity.pain_ceiling == 1  # type: ignore[attr-defined]
    assert kb.intensity.sensation_max == 5  # type: ignore[attr-defined]
    assert len(kb.overlay_hash) == 12  # type: ignore[attr-defined]


def test_an_overlay_may_lower_a_movement_limit(tmp_path: Path) -> None:
    kb = overlaid(tmp_path, "movement_limits: {hip-flexion: 70}\n")
    assert kb.movements["hip-flexion"].default_limit_deg == 70  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "text",
    [
        "intensity: {pain_ceiling: 4}\n",
        "intensity: {sensation_max: 8}\n",
        "movement_limits: {hip-flexion: 120}\n",
        "movement_limits: {sciatic-neural-tension: 10}\n",
        "intensity_by_condition: {nobody: {pain_ceiling: 1}}\n",
        "restriction_weeks: {cauda-equina: 2}\n",
        "something_else: 1\n",
    ],
)
def test_an_overlay_that_would_loosen_a_safety_value_is_refused(tmp_path: Path, text: str) -> None:
    with pytest.raises(OverlayError):
        overlaid(tmp_path, text)
