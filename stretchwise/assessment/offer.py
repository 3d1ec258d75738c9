"""Which assessment tests a clearance allows. Pure.

The assessment is screened like treatment (issue 6): no physical test while the clearance is
incomplete or a referral, and otherwise every test that loads something a restriction forbids is
withheld with the reason, and the closest safe test offered in its place where one exists. Whether a
restriction rules a flexibility test out is decided in one place, `library.safety`; this module adds
what that function does not know about: a restriction with no recorded area covers the whole body,
and algometry (the pressure pain threshold) presses deeply on the tissue.

Restrictions are taken whatever their status: a restriction that has reached its end is "review
due" and still applies until it is reviewed (DESIGN.md invariant 2). A restriction on one side
withholds the whole test, because a sided test loads the other side too (the Thomas test holds the
other hip in deep flexion) and the knowledge base does not say which side each peak angle is on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from stretchwise.assessment.measures import PPT
from stretchwise.library.knowledge import KnowledgeBase
from stretchwise.library.safety import assessment_blocked_by
from stretchwise.library.schema import FlexibilityTest, RestrictionType
from stretchwise.screening.engine import Clearance, Restriction

ALLOWS_TESTING = ("cleared", "cleared_with_restrictions")
NOT_YET = {
    "incomplete": (
        "the clearance is incomplete: no physical test until the questions marked as needed "
        "are answered"
    ),
    "refer_before_stretching": (
        "the client is referred before stretching: no physical test until a doctor's clearance "
        "is recorded"
    ),
    "urgent_referral": (
        "urgent referral: no physical test; follow what to do now on the clearance"
    ),
}
# Instruments that involve touching or loading the client; the others are questions only. The
# schema has no such flag, so the one physical instrument shipped is named here.
PHYSICAL_INSTRUMENTS = {PPT}


@dataclass(frozen=True)
class Offered:
    test: str
    name: str
    cautions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Withheld:
    test: str
    name: str
    reasons: tuple[str, ...]
    alternative: str | None = None
    alternative_name: str | None = None


@dataclass(frozen=True)
class Offer:
    decision: str
    offered: list[Offered]
    withheld: list[Withheld]
    questionnaires: list[str]  # instruments that ask and touch nothing: always allowed

    def allows(self, test: str) -> bool:
        return any(o.test == test for o in self.offered)

    def withheld_test(self, test: str) -> Withheld | None:
        return next((w for w in self.withheld if w.test == test), None)


def _where(r: Restriction) -> str:
    return "" if r.side == "both" else f" ({r.side} side)"


def _because(why: str, r: Restriction) -> str:
    return f"{why}{_where(r)} — {r.reason}"


def _whole_body(r: Restriction) -> str | None:
    if r.type == RestrictionType.EXCLUDED_REGION and r.region is None:
        return "no excluded area was recorded, so the whole body is excluded until it is"
    return None


def why_withheld(kb: KnowledgeBase, test: FlexibilityTest, r: Restriction) -> str | None:
    """Why this restriction withholds this flexibility test, or None."""
    why = _whole_body(r) or assessment_blocked_by(kb, test, r.spec())
    return None if why is None else _because(why, r)


def why_algometry_withheld(r: Restriction) -> str | None:
    """Why this restriction withholds the pressure pain threshold everywhere, or None."""
    why = _whole_body(r)
    if r.type == RestrictionType.NO_DEEP_PRESSURE and r.region is None:
        why = "the algometer presses deeply on the tissue, and deep pressure is not allowed"
    return None if why is None else _because(why, r)


def _test_cautions(
    kb: KnowledgeBase, test: FlexibilityTest, rs: Sequence[Restriction]
) -> list[str]:
    cautions = []
    for r in rs:
        if r.type == RestrictionType.MAX_MINUTES_IN_POSITION and r.position == test.position:
            place = (
                kb.positions[r.position].name.lower() if r.position in kb.positions else r.position
            )
            cautions.append(f"no more than {r.minutes:g} minutes {place} — {r.reason}")
        if r.type == RestrictionType.INTENSITY_CAP and r.cap is not None:
            cautions.append(f"stop at a stretch sensation of {r.cap:g}/10 — {r.reason}")
    return cautions


def _algometry_cautions(kb: KnowledgeBase, rs: Sequence[Restriction]) -> list[str]:
    cautions = []
    for r in rs:
        local = r.type in (RestrictionType.NO_DEEP_PRESSURE, RestrictionType.EXCLUDED_REGION)
        if local and r.region is not None:
            area = kb.body_areas.get(r.region) or kb.regions.get(r.region)
            name = area.name.lower() if area else r.region
            cautions.append(f"not on the {name}{_where(r)} — {r.reason}")
    return cautions


def _alternative(
    test: FlexibilityTest, offered: dict[str, FlexibilityTest]
) -> FlexibilityTest | None:
    """The offered test sharing most muscles with it; the knowledge base's order breaks ties."""
    best: FlexibilityTest | None = None
    overlap = 0
    for candidate in offered.values():
        shared = len(set(candidate.muscles) & set(test.muscles))
        if candidate.id != test.id and shared > overlap:
            best, overlap = candidate, shared
    return best


def offer_tests(kb: KnowledgeBase, decision: str, restrictions: Sequence[Restriction]) -> Offer:
    """The tests that may be offered under this clearance decision and these restrictions."""
    questionnaires = [i for i in kb.instruments if i not in PHYSICAL_INSTRUMENTS]
    algometry = kb.instruments.get(PPT)
    if decision not in ALLOWS_TESTING:
        reason = NOT_YET.get(decision, f"the clearance decision '{decision}' allows no testing")
        withheld = [Withheld(t.id, t.name, (reason,)) for t in kb.tests.values()]
        if algometry is not None:
            withheld.append(Withheld(algometry.id, algometry.name, (reason,)))
        return Offer(decision, [], withheld, questionnaires)

    blocked: dict[str, list[str]] = {}
    allowed: dict[str, FlexibilityTest] = {}
    for test in kb.tests.values():
        reasons = [why for r in restrictions if (why := why_withheld(kb, test, r))]
        if reasons:
            blocked[test.id] = reasons
        else:
            allowed[test.id] = test
    offered = [
        Offered(t.id, t.name, tuple(dict.fromkeys(_test_cautions(kb, t, restrictions))))
        for t in allowed.values()
    ]
    withheld = []
    for test_id, reasons in blocked.items():
        test = kb.tests[test_id]
        alternative = _alternative(test, allowed)
        withheld.append(
            Withheld(
                test.id,
                test.name,
                tuple(reasons),
                alternative.id if alternative else None,
                alternative.name if alternative else None,
            )
        )
    if algometry is not None:
        reasons = [why for r in restrictions if (why := why_algometry_withheld(r))]
        if reasons:
            withheld.append(Withheld(algometry.id, algometry.name, tuple(reasons)))
        else:
            cautions = tuple(dict.fromkeys(_algometry_cautions(kb, restrictions)))
            offered.append(Offered(algometry.id, algometry.name, cautions))
    return Offer(decision, offered, withheld, questionnaires)


def offer_for(kb: KnowledgeBase, clearance: Clearance) -> Offer:
    """The tests a screening clearance allows."""
    return offer_tests(kb, clearance.decision, clearance.restrictions)
