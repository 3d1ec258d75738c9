"""Progression over simulated multi-week histories (clinical.md §7.3, issue 7)."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise
from typing import Any

import pytest

from stretchwise.plans.config import DEFAULTS, ConfigError, configure
from stretchwise.plans.progression import Level, progression
from stretchwise.plans.tests.support import KB, assessment, planned, with_
from stretchwise.screening.document import Adjustment, ClientDocument, SessionRecord
from stretchwise.screening.tests.builders import INTAKE_DAY, client, knee

START = INTAKE_DAY


def session(
    day: int, checkin: int = 3, next_pain: int | None = 3, settled: str = "yes", **more: Any
) -> SessionRecord:
    nd = (
        None
        if next_pain is None and settled == "unknown"
        else {
            "pain": next_pain,
            "settled": settled,
            **({"flare_hours": more.pop("flare_hours")} if "flare_hours" in more else {}),
        }
    )
    return SessionRecord.model_validate(
        {
            "date": (START + dt.timedelta(days=day)).isoformat(),
            "checkin_pain": checkin,
            "next_day": nd,
            **more,
        }
    )


def history(*sessions: SessionRecord, doc: ClientDocument | None = None) -> ClientDocument:
    base = doc or client(KB, conditions=["chronic-low-back-pain"])
    return with_(base, sessions=list(sessions))


def steady(n: int) -> list[SessionRecord]:
    return [session(3 * k) for k in range(n)]


def level_after(doc: ClientDocument, day: int, time_limited: bool = False) -> Any:
    return progression(KB, doc, START + dt.timedelta(days=day), DEFAULTS, time_limited)


def test_a_steady_responder_progresses_one_variable_at_a_time_in_order() -> None:
    seen: list[Level] = [Level()]
    for n in range(1, 9):
        p = level_after(history(*steady(n)), 3 * n)
        assert p.verdict == "progress"
        seen.append(p.level)
    changes = []
    for before, after in pairwise(seen):
        diff = [k for k in before.__dict__ if getattr(before, k) != getattr(after, k)]
        assert len(diff) <= 1, diff  # one variable at a time
        changes += diff
    # §7.3 order: time per muscle (repetitions), sessions a week, hold, technique, intensity last
    order = ["extra_reps", "extra_sessions", "extra_hold", "technique_step", "extra_intensity"]
    firsts = [order.index(c) for c in dict.fromkeys(changes)]
    assert firsts == sorted(firsts)
    assert changes[:3] == ["extra_reps", "extra_sessions", "extra_hold"]
    assert "extra_intensity" in changes
    assert changes[-1] == "extra_intensity"


def test_progression_shows_in_the_plan() -> None:
    doc = history(*steady(1))
    p = planned(doc, START + dt.timedelta(days=3), 45)
    assert p.progression == "progress"
    assert any(r.kind == "progression" for i in p.items if i.role == "main" for r in i.reasons)


def test_a_flare_regresses_cuts_volume_goes_static_and_pauses_until_resumed() -> None:
    flare = session(6, checkin=3, next_pain=8, settled="no", flare_hours=72)
    doc = history(*steady(2), flare)
    p = level_after(doc, 9)
    assert p.verdict == "regress"
    assert p.paused
    assert p.level.volume_factor == pytest.approx(1 - DEFAULTS.regress_volume_pct / 100)
    assert p.level.gentle
    plan_ = planned(doc, START + dt.timedelta(days=9), 45)
    assert {i.technique for i in plan_.items} <= {"static", "dynamic"}
    assert (
        plan_.intensity[1]
        < planned(history(*steady(2)), START + dt.timedelta(days=9), 45).intensity[1]
    )
    # Good sessions after the flare do not progress while paused.
    later = history(*steady(2), flare, session(9), session(12))
    p = level_after(later, 15)
    assert p.verdict == "paused"
    assert p.paused
    assert p.level.volume_factor < 1
    # A therapist's review resumes it.
    resumed = with_(
        later,
        adjustments=[
            Adjustment(
                on=START + dt.timedelta(days=13),
                by="J. Therapist",
                reason="Flare reviewed: settled, resume",
                action="resume",
            )
        ],
    )
    p = level_after(resumed, 15)
    assert not p.paused
    after = history(*later.sessions, session(15), doc=resumed)
    p = level_after(after, 18)
    assert p.verdict == "progress"
    assert not p.paused


def test_a_stop_for_symptoms_regresses() -> None:
    doc = history(*steady(2), session(6, stopped_for_symptoms=True))
    assert level_after(doc, 9).verdict == "regress"


def test_pain_above_baseline_plus_two_that_settled_repeats() -> None:
    doc = history(*steady(2), session(6, checkin=2, next_pain=5, settled="yes"))
    before = level_after(history(*steady(2)), 9)
    p = level_after(doc, 9)
    assert p.verdict == "repeat"
    assert p.level == before.level


def test_within_baseline_plus_two_progresses() -> None:
    doc = history(session(0, checkin=2, next_pain=4, settled="yes"))
    assert level_after(doc, 3).verdict == "progress"


def test_a_plateau_across_reassessments_changes_technique() -> None:
    tests = [
        {"test": "straight-leg-raise", "side": "left", "value": 60},
        {"test": "straight-leg-raise", "side": "right", "value": 62},
    ]
    assessments = [assessment(START + dt.timedelta(weeks=3 * k), *tests) for k in range(3)]
    doc = with_(history(*steady(1)), assessments=assessments)
    p = level_after(doc, 60)
    assert p.plateau
    assert p.level.technique_step != level_after(history(*steady(1)), 60).level.technique_step
    improving = [
        assessment(START + dt.timedelta(weeks=3 * k), {**tests[0], "value": 50 + 15 * k}, tests[1])
        for k in range(3)
    ]
    assert not level_after(with_(history(*steady(1)), assessments=improving), 60).plateau


def test_post_surgery_only_volume_and_hold_progress_while_a_time_limited_restriction_holds() -> (
    None
):
    for n in range(1, 12):
        p = level_after(history(*steady(n)), 3 * n, time_limited=True)
        assert not p.level.technique_step
        assert p.level.extra_intensity == 0
    assert p.level.extra_hold > 0
    assert p.level.extra_reps > 0


def test_post_surgery_plan_never_steps_technique_or_intensity_while_restricted() -> None:
    operated = START - dt.timedelta(weeks=4)  # a knee replacement 4 weeks ago: time-limited
    base = client(
        KB,
        conditions=["knee-osteoarthritis", "post-rehabilitation"],
        joint_replacements=[knee("right", operated)],
    )
    doc = with_(base, sessions=steady(10))
    on = START + dt.timedelta(days=30)
    p = planned(doc, on, 45)
    reasons = " ".join(p.progression_reasons)
    assert "time-limited" in reasons, reasons
    assert "PNF technique" not in reasons, reasons
    assert "stronger" not in reasons, reasons
    unrestricted = with_(client(KB, conditions=["knee-osteoarthritis"]), sessions=steady(10))
    assert "PNF technique" in " ".join(planned(unrestricted, on, 45).progression_reasons)


@pytest.mark.parametrize(
    "overrides",
    [
        {"pain_rise_allowed": 3},
        {"settle_hours": 36},
        {"flare_hours": 72},
        {"regress_volume_pct": 30},
        {"max_seconds_per_muscle": 90},
        {"no_such_setting": 1},
    ],
)
def test_configuration_that_loosens_a_threshold_is_refused(overrides: dict[str, Any]) -> None:
    with pytest.raises(ConfigError):
        configure(overrides)


def test_configuration_may_tighten() -> None:
    c = configure({"pain_rise_allowed": 1, "regress_volume_pct": 50, "settle_hours": 12})
    assert c.pain_rise_allowed == 1
    doc = history(session(0, checkin=2, next_pain=4, settled="yes"))
    assert progression(KB, doc, START + dt.timedelta(days=3), c, False).verdict == "repeat"
