"""Unit tests of each rule of the session planner (issue 7), one rule per test, no database."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from stretchwise.library.schema import RestrictionType
from stretchwise.plans.config import configure
from stretchwise.plans.planner import SessionPlan
from stretchwise.plans.tests.support import (
    KB,
    NERVE_LOADS,
    assessment,
    check_plan,
    longest_run,
    plan,
    planned,
    position_caps,
    position_visits,
    with_,
)
from stretchwise.screening.document import Adjustment, ClientDocument
from stretchwise.screening.tests.builders import INTAKE_DAY, added, client

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
ON = INTAKE_DAY
LBP: dict[str, Any] = {
    "conditions": ["chronic-low-back-pain"],
    "pain": {"regions": ["lumbar-spine"]},
}


def example(name: str) -> ClientDocument:
    return ClientDocument.model_validate(json.loads((EXAMPLES / f"{name}.json").read_text()))


def lbp() -> ClientDocument:
    return client(KB, **LBP)


def adjust(doc: ClientDocument, *adjustments: Adjustment) -> ClientDocument:
    return with_(doc, adjustments=[*doc.adjustments, *adjustments])


def adj(action: str, **fields: object) -> Adjustment:
    return Adjustment.model_validate(
        {
            "on": ON.isoformat(),
            "by": "J. Therapist",
            "reason": "Therapist's choice",
            "action": action,
        }
        | fields
    )


def mains(p: SessionPlan) -> list[str]:
    return [i.stretch for i in p.items if i.role == "main"]


def slr(left: float, right: float, left_symptoms: bool = False) -> object:
    symptoms = [{"quality": "shooting", "area": "calf"}] if left_symptoms else []
    return assessment(
        ON,
        {"test": "straight-leg-raise", "side": "left", "value": left, "symptoms": symptoms},
        {"test": "straight-leg-raise", "side": "right", "value": right},
    )


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("incomplete-intake", "incomplete"),
        ("uncontrolled-blood-pressure", "referred"),
        ("suspected-dvt", "urgent"),
        ("cauda-equina-emergency", "urgent"),
    ],
)
def test_incomplete_or_referred_client_gets_no_plan_and_a_clear_message(
    name: str, words: str
) -> None:
    result = plan(example(name), dt.date(2026, 11, 24), 45)
    assert result.plan is None
    assert words in result.refused.lower()
    assert not result.clearance.allows_physical_work


# ---------------------------------------------------------------- structure


@pytest.mark.parametrize("minutes", [20, 30, 45, 60, 90])
def test_a_warm_up_comes_first(minutes: int) -> None:
    p = planned(lbp(), ON, minutes)
    roles = [i.role for i in p.items]
    assert roles[0] == "warm-up"
    first_main = roles.index("main")
    assert "warm-up" not in roles[first_main:], roles
    warm = [i for i in p.items if i.role == "warm-up"]
    assert all(i.technique in ("dynamic", "static") for i in warm)
    assert all(i.reasons[0].kind == "warm-up" for i in warm)


@pytest.mark.parametrize(
    "conditions",
    [
        ["chronic-low-back-pain"],
        ["chronic-neck-shoulder-pain"],
        ["knee-osteoarthritis", "hip-osteoarthritis"],
        ["fibromyalgia"],
        ["seniors", "sciatica"],
        ["athletes"],
        [],
    ],
)
@pytest.mark.parametrize("minutes", [30, 60, 90])
def test_items_are_grouped_by_position_when_nothing_caps_one(
    conditions: list[str], minutes: int
) -> None:
    p = planned(client(KB, conditions=conditions), ON, minutes)
    visits = position_visits(p)
    assert all(n == 1 for n in visits.values()), (visits, [i.position for i in p.items])
    assert p.position_changes == len(visits) - 1


def test_a_capped_position_is_revisited_only_to_keep_under_its_cap() -> None:
    doc = example("pregnant-20-weeks")
    on = dt.date(2026, 11, 24)
    result = plan(doc, on, 60)
    assert result.plan is not None
    caps = position_caps(result.clearance.restrictions)
    assert caps, "the pregnancy example has a supine cap"
    for position, minutes in caps.items():
        assert longest_run(result.plan, position) <= minutes * 60
    visits = position_visits(result.plan)
    for position, n in visits.items():
        assert (
            n == 1
            or position in caps
            or any(
                # another position is only visited twice because it breaks a capped run
                longest_run(result.plan, capped) > 0
                for capped in caps
            )
        ), visits


def test_a_therapist_added_position_cap_is_kept() -> None:
    doc = client(
        KB,
        conditions=["chronic-low-back-pain"],
        added=[added(RestrictionType.MAX_MINUTES_IN_POSITION, position="supine", minutes=4)],
    )
    result = plan(doc, ON, 60)
    assert result.plan is not None
    assert longest_run(result.plan, "supine") <= 4 * 60
    assert check_plan(result.plan, result.clearance.restrictions).violations == []


# ---------------------------------------------------------------- sides


def test_both_sides_of_every_sided_stretch() -> None:
    p = planned(lbp(), ON, 60)
    sides: dict[str, set[str | None]] = {}
    for i in p.items:
        sides.setdefault(i.stretch, set()).add(i.side)
    for stretch, seen in sides.items():
        if KB.stretches[stretch].sided:
            assert seen == {"left", "right"}, stretch
        else:
            assert seen == {None}, stretch


def test_one_more_repetition_on_the_tighter_side_beyond_measurement_error() -> None:
    doc = with_(lbp(), assessments=[slr(45, 75)])  # 30° apart, error 12°: left is tighter
    p = planned(doc, ON, 45)
    hamstring = [
        i
        for i in p.items
        if i.role == "main" and "biceps-femoris" in KB.stretches[i.stretch].primary
    ]
    assert hamstring, [i.stretch for i in p.items]
    for stretch in {i.stretch for i in hamstring}:
        left = next(i for i in hamstring if i.stretch == stretch and i.side == "left")
        right = next(i for i in hamstring if i.stretch == stretch and i.side == "right")
        assert left.dose.repetitions == right.dose.repetitions + 1, stretch
        assert left.dose.hold_seconds == right.dose.hold_seconds


def test_no_extra_repetition_within_measurement_error() -> None:
    doc = with_(lbp(), assessments=[slr(60, 68)])  # 8° apart, error 12°
    p = planned(doc, ON, 45)
    by: dict[str, dict[str | None, int]] = {}
    for i in p.items:
        by.setdefault(i.stretch, {})[i.side] = i.dose.repetitions
    for stretch, reps in by.items():
        if KB.stretches[stretch].sided:
            assert reps["left"] == reps["right"], (stretch, reps)


def test_a_nerve_sign_gets_nerve_friendly_options_and_no_longer_holds() -> None:
    base = planned(with_(lbp(), assessments=[slr(70, 72)]), ON, 45)
    doc = with_(lbp(), assessments=[slr(45, 75, left_symptoms=True)])
    p = planned(doc, ON, 45)
    nerve_items = [i for i in p.items if any(r.kind == "nerve" for r in i.reasons)]
    assert nerve_items, "the hamstring target keeps a (nerve-friendly) item"
    for i in p.items:
        assert not NERVE_LOADS & set(KB.stretches[i.stretch].loads), i.stretch
    for h in p.home_programme:
        assert not NERVE_LOADS & set(KB.stretches[h.stretch].loads), h.stretch
    for i in nerve_items:
        other = next(
            x for x in p.items if x.stretch == i.stretch and x.side != i.side and x.role == i.role
        )
        assert i.dose == other.dose, "no extra repetition on the nerve side"
        assert i.technique in ("static", "dynamic")
    longest_hold = max(i.dose.hold_seconds for i in base.items if i.role == "main")
    assert all(i.dose.hold_seconds <= longest_hold for i in nerve_items)


# ---------------------------------------------------------------- preferences and conditions


def test_positions_the_client_cannot_take_are_avoided() -> None:
    doc = client(KB, positions_cannot_take=["prone", "supine"], **LBP)
    p = planned(doc, ON, 60)
    assert {i.position for i in p.items}.isdisjoint({"prone", "supine"})


def test_disliked_techniques_are_avoided() -> None:
    doc = client(KB, techniques_disliked=["pnf-hold-relax", "myofascial-release"], **LBP)
    p = planned(doc, ON, 60)
    used = {i.technique for i in p.items}
    assert used.isdisjoint({"pnf-hold-relax", "myofascial-release"}), used


@pytest.mark.parametrize("condition", ["sciatica", "fibromyalgia", "post-rehabilitation"])
def test_a_conditions_excluded_techniques_are_never_used(condition: str) -> None:
    excluded = set(KB.conditions[condition].excluded_techniques)
    assert excluded
    for minutes in (30, 60, 90):
        for seed in range(3):
            doc = client(KB, conditions=[condition, "athletes"])
            p = planned(doc, ON, minutes, seed)
            assert {i.technique for i in p.items}.isdisjoint(excluded)


def test_fibromyalgia_gets_the_gentler_intensity_window() -> None:
    window = KB.intensity_by_condition["fibromyalgia"]
    p = planned(client(KB, conditions=["fibromyalgia"]), ON, 45)
    assert p.intensity[2] == window.pain_ceiling
    for i in p.items:
        assert i.sensation_band[1] <= window.sensation_max
        assert i.pain_ceiling == window.pain_ceiling
    general = planned(client(KB, conditions=["chronic-low-back-pain"]), ON, 45)
    assert general.intensity[1] > p.intensity[1]


def test_an_intensity_cap_lowers_the_band() -> None:
    doc = client(
        KB,
        conditions=["chronic-low-back-pain"],
        added=[added(RestrictionType.INTENSITY_CAP, cap=4)],
    )
    p = planned(doc, ON, 45)
    assert p.intensity[1] <= 4
    assert all(i.sensation_band[1] <= 4 for i in p.items)
    assert all(h.sensation_band[1] <= 4 for h in p.home_programme)


# ---------------------------------------------------------------- therapist adjustments


def test_a_removed_stretch_stays_out() -> None:
    base = planned(lbp(), ON, 45)
    gone = mains(base)[0]
    p = planned(adjust(lbp(), adj("remove", stretch=gone)), ON, 45)
    assert gone not in {i.stretch for i in p.items}


def test_a_preferred_stretch_comes_in() -> None:
    base = planned(lbp(), ON, 45)
    used = {i.stretch for i in base.items}
    wanted = next(
        a for i in base.items if i.role == "main" for a in i.alternatives if a not in used
    )
    p = planned(adjust(lbp(), adj("prefer", stretch=wanted)), ON, 45)
    item = next(i for i in p.items if i.stretch == wanted)
    assert any(r.kind == "adjustment" for r in item.reasons)


def test_a_dose_adjustment_is_kept_within_the_stretchs_range() -> None:
    base = planned(lbp(), ON, 45)
    target = next(i for i in base.items if i.role == "main" and i.technique == "static")
    dosing = next(d for d in KB.stretches[target.stretch].techniques if d.technique == "static")
    reps = dosing.repetitions or KB.techniques["static"].repetitions
    assert dosing.hold_seconds is not None
    doc = adjust(lbp(), adj("dose", stretch=target.stretch, repetitions=20, hold_seconds=300))
    p = planned(doc, ON, 45)
    for i in (i for i in p.items if i.stretch == target.stretch and i.role == "main"):
        assert i.dose.repetitions <= reps.max + 1  # +1 only on a tighter side
        assert dosing.hold_seconds.min <= i.dose.hold_seconds <= dosing.hold_seconds.max
    doc = adjust(lbp(), adj("dose", stretch=target.stretch, repetitions=1, hold_seconds=5))
    p = planned(doc, ON, 45)
    for i in (i for i in p.items if i.stretch == target.stretch and i.role == "main"):
        assert i.dose.repetitions >= reps.min
        assert i.dose.hold_seconds >= dosing.hold_seconds.min


def test_a_technique_adjustment_is_used() -> None:
    base = planned(lbp(), ON, 45)
    item = next(
        i for i in base.items if i.role == "main" and len(KB.stretches[i.stretch].techniques) > 1
    )
    other = next(
        d.technique for d in KB.stretches[item.stretch].techniques if d.technique != item.technique
    )
    p = planned(adjust(lbp(), adj("technique", stretch=item.stretch, technique=other)), ON, 45)
    assert {i.technique for i in p.items if i.stretch == item.stretch and i.role == "main"} == {
        other
    }


def test_adjustments_never_bring_back_a_restricted_stretch_or_technique() -> None:
    doc = example("low-back-pain-osteoporosis")  # no loaded spinal flexion, no end-range rotation
    on = dt.date(2026, 11, 24)
    result = plan(doc, on, 45)
    assert result.plan is not None
    restricted = [
        s.id
        for s in KB.assisted
        if "loaded-spinal-flexion" in s.loads or "end-range-spinal-rotation" in s.loads
    ]
    assert restricted
    hyper = example("hypermobility-beighton")  # no end range: no CRAC
    crac_stretch = next(
        s.id for s in KB.assisted if any(d.technique == "pnf-crac" for d in s.techniques)
    )
    adjusted = adjust(
        doc,
        *(adj("prefer", stretch=s) for s in restricted),
        *(adj("dose", stretch=s, repetitions=4) for s in restricted),
    )
    result = plan(adjusted, on, 45)
    assert result.plan is not None
    assert {i.stretch for i in result.plan.items}.isdisjoint(restricted)
    assert check_plan(result.plan, result.clearance.restrictions).violations == []
    adjusted = adjust(
        hyper,
        adj("prefer", stretch=crac_stretch),
        adj("technique", stretch=crac_stretch, technique="pnf-crac"),
    )
    result = plan(adjusted, on, 45)
    assert result.plan is not None
    assert "pnf-crac" not in {i.technique for i in result.plan.items}
    assert check_plan(result.plan, result.clearance.restrictions).violations == []


# ---------------------------------------------------------------- determinism and records


def test_the_same_input_gives_the_same_plan() -> None:
    doc = with_(lbp(), assessments=[slr(45, 75)])
    first = plan(doc, ON, 60, seed=7)
    second = plan(doc.model_copy(deep=True), ON, 60, seed=7)
    assert first.model_dump_json() == second.model_dump_json()


def test_a_different_seed_may_vary_the_plan() -> None:
    doc = client(KB, conditions=["chronic-low-back-pain", "desk-workers"])
    plans = {
        tuple((i.stretch, i.side, i.technique) for i in planned(doc, ON, 60, s).items)
        for s in range(12)
    }
    assert len(plans) > 1
    for s in range(12):
        assert planned(doc, ON, 60, s).seed == s


def test_knowledge_base_version_and_configuration_are_recorded() -> None:
    p = planned(lbp(), ON, 45)
    assert p.knowledge_base == KB.version
    assert p.configuration
    stricter = plan(lbp(), ON, 45, config=configure({"pain_rise_allowed": 1})).plan
    assert stricter is not None
    assert stricter.configuration != p.configuration


@pytest.mark.parametrize(
    "conditions", [["chronic-low-back-pain"], ["fibromyalgia"], ["seniors"], []]
)
def test_every_item_has_reasons_and_references(conditions: list[str]) -> None:
    doc = with_(client(KB, conditions=conditions), assessments=[slr(45, 75)])
    p = planned(doc, ON, 60)
    assert p.items
    for i in p.items:
        assert i.reasons, i.stretch
        assert i.references, i.stretch
        assert all(r in KB.references for r in i.references), i.references
        assert any(r.references for r in i.reasons), (i.stretch, i.reasons)
        for r in i.reasons:
            assert all(ref in KB.references for ref in r.references), r


@pytest.mark.parametrize("side", ["left", "right"])
def test_a_one_sided_excluded_technique_is_not_used_on_that_side(side: str) -> None:
    base = planned(lbp(), ON, 45)
    technique = next(
        i.technique
        for i in base.items
        if i.role == "main" and KB.stretches[i.stretch].sided and i.technique != "static"
    )
    doc = client(
        KB,
        added=[added(RestrictionType.EXCLUDED_TECHNIQUE, technique=technique, side=side)],
        **LBP,
    )
    result = plan(doc, ON, 45)
    assert result.plan is not None
    used = [(i.stretch, i.side) for i in result.plan.items if i.technique == technique]
    assert all(s != side for _, s in used), (technique, used)
    assert check_plan(result.plan, result.clearance.restrictions).violations == []
