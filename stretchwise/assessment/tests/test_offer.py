"""The assessment is screened like treatment: which tests a clearance allows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from stretchwise.assessment.offer import offer_for, offer_tests
from stretchwise.library.knowledge import KnowledgeBase, knowledge_base
from stretchwise.library.schema import RestrictionType
from stretchwise.screening.document import ClientDocument
from stretchwise.screening.engine import Restriction, screen


def restriction(type: str, reason: str = "a finding", **fields: Any) -> Restriction:
    return Restriction(type=RestrictionType(type), source="finding", reason=reason, **fields)


def posterior_hip(side: str = "right") -> list[Restriction]:
    reason = "Hip replacement, posterior approach"
    return [
        restriction("forbidden_movement", reason, movement="hip-flexion", limit_deg=90, side=side),
        restriction("forbidden_movement", reason, movement="hip-adduction", limit_deg=0, side=side),
        restriction(
            "forbidden_movement", reason, movement="hip-internal-rotation", limit_deg=0, side=side
        ),
    ]


def test_the_thomas_test_is_withheld_after_a_posterior_hip_replacement(
    kb: KnowledgeBase,
) -> None:
    offer = offer_tests(kb, "cleared_with_restrictions", posterior_hip())
    withheld = offer.withheld_test("modified-thomas-test")
    assert withheld is not None
    assert "hip flexion to about 120°, beyond 90° (right side)" in withheld.reasons[0]
    assert "Hip replacement, posterior approach" in withheld.reasons[0]
    assert not offer.allows("modified-thomas-test")
    assert not offer.allows("hip-internal-rotation-rom")
    # The straight-leg raise stops at 80 degrees of hip flexion: within the 90-degree limit.
    assert offer.allows("straight-leg-raise")


def test_a_withheld_sit_and_reach_is_replaced_by_a_safe_hamstring_test(
    kb: KnowledgeBase,
) -> None:
    offer = offer_tests(kb, "cleared_with_restrictions", posterior_hip())
    withheld = offer.withheld_test("sit-and-reach")
    assert withheld is not None
    assert withheld.alternative == "straight-leg-raise"
    assert offer.allows(withheld.alternative)


def test_sit_and_reach_is_withheld_when_loaded_spinal_flexion_is_forbidden(
    kb: KnowledgeBase,
) -> None:
    osteoporosis = [
        restriction(
            "forbidden_movement",
            "Severe osteoporosis or vertebral fracture",
            movement="loaded-spinal-flexion",
        )
    ]
    offer = offer_tests(kb, "cleared_with_restrictions", osteoporosis)
    for test in ("sit-and-reach", "chair-sit-and-reach"):
        withheld = offer.withheld_test(test)
        assert withheld is not None
        assert "loaded spinal flexion" in withheld.reasons[0]
        assert withheld.alternative == "straight-leg-raise"
    assert offer.allows("straight-leg-raise")
    assert offer.allows("pressure-pain-threshold")


def test_algometry_is_withheld_on_anticoagulants(kb: KnowledgeBase) -> None:
    reason = "On anticoagulants or a bleeding risk"
    anticoagulants = [
        restriction("no_deep_pressure", reason),
        restriction("intensity_cap", reason, cap=4),
        restriction("no_end_range", reason),
    ]
    offer = offer_tests(kb, "cleared_with_restrictions", anticoagulants)
    withheld = offer.withheld_test("pressure-pain-threshold")
    assert withheld is not None
    assert "presses deeply" in withheld.reasons[0]
    assert withheld.alternative is None
    # End-range tests go; the active knee extension measures the same hamstrings without it.
    slr = offer.withheld_test("straight-leg-raise")
    assert slr is not None
    assert slr.alternative == "active-knee-extension"
    [active] = [o for o in offer.offered if o.test == "active-knee-extension"]
    assert any("stretch sensation of 4/10" in c for c in active.cautions)
    # Questions touch nothing and stay available.
    assert "pain-nrs" in offer.questionnaires
    assert "pressure-pain-threshold" not in offer.questionnaires


def test_algometry_avoids_an_area_with_local_no_deep_pressure(kb: KnowledgeBase) -> None:
    local = [restriction("no_deep_pressure", "Haematoma", region="calf", side="left")]
    offer = offer_tests(kb, "cleared_with_restrictions", local)
    [algometry] = [o for o in offer.offered if o.test == "pressure-pain-threshold"]
    assert algometry.cautions == ("not on the calf (left side) — Haematoma",)


def test_no_physical_test_while_the_clearance_is_incomplete_or_a_referral(
    kb: KnowledgeBase,
) -> None:
    for decision, says in (
        ("incomplete", "incomplete"),
        ("refer_before_stretching", "doctor's clearance"),
        ("urgent_referral", "urgent referral"),
        ("something-new", "allows no testing"),
    ):
        offer = offer_tests(kb, decision, [])
        assert offer.offered == []
        assert len(offer.withheld) == len(kb.tests) + 1  # every test and algometry
        assert all(says in w.reasons[0] and w.alternative is None for w in offer.withheld)
        assert "psfs" in offer.questionnaires


def test_an_excluded_area_that_was_not_recorded_excludes_every_test(kb: KnowledgeBase) -> None:
    offer = offer_tests(
        kb, "cleared_with_restrictions", [restriction("excluded_region", "Recent fracture")]
    )
    assert offer.offered == []
    assert all("whole body is excluded" in w.reasons[0] for w in offer.withheld)


def test_tests_lying_on_the_back_are_timed_after_the_first_trimester(kb: KnowledgeBase) -> None:
    reason = "Pregnancy after the first trimester"
    pregnancy = [
        restriction("max_minutes_in_position", reason, minutes=3, position="supine"),
        restriction("forbidden_movement", reason, movement="abdominal-compression"),
    ]
    offer = offer_tests(kb, "cleared_with_restrictions", pregnancy)
    assert not offer.allows("modified-thomas-test")  # hugs the other knee to the chest
    [slr] = [o for o in offer.offered if o.test == "straight-leg-raise"]
    assert slr.cautions[0].startswith("no more than 3 minutes")


def test_a_restriction_past_its_end_still_withholds_until_reviewed(kb: KnowledgeBase) -> None:
    due = [
        r.model_copy(update={"status": "review_due", "ends_on": dt.date(2026, 2, 20)})
        for r in posterior_hip()
    ]
    assert not offer_tests(kb, "cleared_with_restrictions", due).allows("modified-thomas-test")


def test_a_screened_posterior_hip_replacement_withholds_the_thomas_test(
    kb: KnowledgeBase,
) -> None:
    answers = {q.id: "no" for q in kb.questions.values() if q.answer == "yes_no_unknown"}
    answers["hip-replacement"] = "yes"
    doc = ClientDocument.model_validate(
        {
            "intake": {
                "date": "2026-05-01",
                "age_years": 68,
                "sex": "female",
                "answers": answers,
                "pain": {"now": 2, "average": 2, "worst": 3, "radiates_into_limb": "no"},
                "joint_replacements": [
                    {"joint": "hip", "side": "right", "date": "2026-04-10", "approach": "posterior"}
                ],
                "consent_confirmed": True,
            }
        }
    )
    clearance = screen(doc, dt.date(2026, 5, 2), kb)
    assert clearance.allows_physical_work
    offer = offer_for(kb, clearance)
    assert not offer.allows("modified-thomas-test")
    assert offer.allows("shoulder-flexion-rom")


def every_default_restriction() -> list[Restriction]:
    kb = knowledge_base()
    found = []
    for finding in kb.contraindications.values():
        for spec in finding.restrictions:
            limit = spec.limit_deg
            if spec.movement and limit is None:
                limit = kb.movements[spec.movement].default_limit_deg
            found.append(
                Restriction(
                    type=spec.type,
                    movement=spec.movement,
                    limit_deg=limit,
                    region=spec.region or ("calf" if spec.local else None),
                    technique=spec.technique,
                    cap=spec.cap,
                    minutes=spec.minutes,
                    position=spec.position,
                    source=finding.id,
                    reason=finding.name,
                )
            )
    return found


@given(st.lists(st.sampled_from(every_default_restriction()), max_size=6))
def test_no_offered_test_loads_a_restricted_movement(restrictions: list[Restriction]) -> None:
    kb = knowledge_base()
    offer = offer_tests(kb, "cleared_with_restrictions", restrictions)
    for offered in offer.offered:
        test = kb.tests.get(offered.test)
        for r in restrictions:
            if test is None:
                assert r.type != RestrictionType.NO_DEEP_PRESSURE or r.region is not None
                continue
            # Checked from the test's own declarations, not through the function that decided.
            if r.type == RestrictionType.FORBIDDEN_MOVEMENT and r.movement:
                assert r.movement not in test.movements
                angle = test.peak_angles.get(r.movement)
                assert angle is None or r.limit_deg is None or angle <= r.limit_deg
            if r.type == RestrictionType.NO_END_RANGE:
                assert "end-range-any-joint" not in test.movements
    for withheld in offer.withheld:
        assert withheld.alternative is None or offer.allows(withheld.alternative)
