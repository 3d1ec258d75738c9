"""Golden plans for realistic clients of our own (issue 7).

Each file in goldens/ holds a client document, the minutes booked, the date, the seed, the
expected plan (stretch, side, technique, repetitions, hold per item, and the home programme) and a
written `rationale` that cites the knowledge-base ids for every item. The test compares the
planner's output with the golden. `STRETCHWISE_UPDATE_GOLDENS=1` rewrites the plan part, never
the rationale. A golden with `"frozen": false` holds a plan a therapist would not deliver; its
test fails with the rationale until the planner is fixed. A changed plan must be read again by a
therapist before it is committed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest

from stretchwise.plans.planner import SessionPlan
from stretchwise.plans.tests.support import KB, check_plan, plan
from stretchwise.screening.document import ClientDocument, problems

GOLDENS = Path(__file__).resolve().parent / "goldens"
FILES = sorted(GOLDENS.glob("*.json"))
UPDATE = os.environ.get("STRETCHWISE_UPDATE_GOLDENS") == "1"


def summary(p: SessionPlan) -> dict[str, Any]:
    return {
        "items": [
            {
                "stretch": i.stretch,
                "side": i.side,
                "technique": i.technique,
                "role": i.role,
                "repetitions": i.dose.repetitions,
                "hold_seconds": i.dose.hold_seconds,
            }
            for i in p.items
        ],
        "home_programme": [
            {
                "stretch": h.stretch,
                "side": h.side,
                "technique": h.technique,
                "repetitions": h.repetitions,
                "hold_seconds": h.hold_seconds,
            }
            for h in p.home_programme
        ],
        "intensity": list(p.intensity),
        "short": p.short,
    }


def test_there_are_enough_goldens() -> None:
    assert len(FILES) >= 7


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_the_plan_matches_its_golden(path: Path) -> None:
    golden = json.loads(path.read_text())
    doc = ClientDocument.model_validate(golden["client"], context={"knowledge_base": KB})
    assert problems(doc, KB) == []
    on = dt.date.fromisoformat(golden["on"])
    result = plan(doc, on, golden["minutes"], golden["seed"])
    assert result.plan is not None, result.refused
    assert check_plan(result.plan, result.clearance.restrictions).violations == []
    got = summary(result.plan)
    rationale = golden["rationale"]
    assert rationale.get("summary", "").strip(), "a golden needs a written rationale"
    for item in got["items"]:  # every item is explained and cites the knowledge base
        assert item["stretch"] in rationale["items"], item["stretch"]
    for refs in rationale["cites"]:
        assert (
            refs in KB.references
            or refs in KB.conditions
            or refs in KB.contraindications
            or (refs in KB.stretches or refs in KB.tests or refs in KB.techniques)
        ), refs
    if not golden.get("frozen", True):
        pytest.fail(f"not frozen, the planner's plan is clinically wrong: {rationale['summary']}")
    if UPDATE and got != golden["plan"]:
        golden["plan"] = got
        path.write_text(json.dumps(golden, indent=2, ensure_ascii=False) + "\n")
    assert got == golden["plan"]
