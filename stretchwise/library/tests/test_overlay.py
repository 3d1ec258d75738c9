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


def test_the_shipped_base_accepts_a_tighter_supine_limit_in_pregnancy_and_refuses_a_looser_one(
    tmp_path: Path,
) -> None:
    from stretchwise.library.knowledge import DATA

    kb = load(DATA)
    finding = next(
        c
        for c in kb.contraindications.values()
        if any(r.type == "max_minutes_in_position" for r in c.restrictions)
    )
    minutes = next(r.minutes for r in finding.restrictions if r.minutes)
    assert minutes is not None
    tighter = tmp_path / "tighter.yml"
    tighter.write_text(f"position_minutes: {{{finding.id}: {minutes / 2}}}\n")
    applied = apply_overlay(kb, *read_overlay(tighter))
    assert any(r.minutes == minutes / 2 for r in applied.contraindications[finding.id].restrictions)
    looser = tmp_path / "looser.yml"
    looser.write_text(f"position_minutes: {{{finding.id}: {minutes * 2}}}\n")
    with pytest.raises(OverlayError):
        apply_overlay(kb, *read_overlay(looser))
