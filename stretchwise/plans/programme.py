"""The multi-week programme: the skeleton of sessions with dates, dose levels and re-assessments.

Pure. Frequency and length come from the most demanding of the client's conditions (knowledge
base); each session's full plan is made on the day from the latest record (planner.py).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict

from stretchwise.library.knowledge import KnowledgeBase
from stretchwise.plans.config import PlannerConfig
from stretchwise.screening.document import ClientDocument

# Session weekdays for 1, 2 and 3 sessions a week (Monday = 0), spread to leave rest days.
WEEKDAYS = {1: [1], 2: [0, 3], 3: [0, 2, 4]}


class ProgrammeSession(BaseModel):
    model_config = ConfigDict(frozen=True)

    number: int
    week: int
    on: date
    dose: Literal["introduce", "build", "consolidate"]
    reassess: bool


class Programme(BaseModel):
    model_config = ConfigDict(frozen=True)

    start: date
    weeks: int
    sessions_per_week: int
    home_days_per_week: int
    sessions: list[ProgrammeSession]
    conditions: list[str]
    references: list[str]


def programme(
    kb: KnowledgeBase, doc: ClientDocument, start: date, config: PlannerConfig
) -> Programme:
    conditions = [kb.conditions[c] for c in doc.intake.conditions if c in kb.conditions]
    per_week = max((round(c.sessions_per_week.default) for c in conditions), default=1)
    per_week = max(1, min(3, per_week))
    weeks = max((round(c.programme_weeks.default) for c in conditions), default=8)
    monday = start - timedelta(days=start.weekday())
    sessions: list[ProgrammeSession] = []
    for week in range(weeks):
        for weekday in WEEKDAYS[per_week]:
            day = monday + timedelta(weeks=week, days=weekday)
            if day < start:
                if sessions:
                    continue
                day = start  # the first session is the day the programme starts
            if sessions and (day - sessions[-1].on).days < 2:
                continue  # a rest day between supervised sessions
            first_of_week = weekday == WEEKDAYS[per_week][0]
            reassess = (week == 0 and not sessions) or (
                first_of_week and week > 0 and week % config.reassess_every_weeks == 0
            )
            edge = max(1, weeks // 4)  # the first and last quarter, at least a week each
            dose: Literal["introduce", "build", "consolidate"] = (
                "introduce" if week < edge else "consolidate" if week >= weeks - edge else "build"
            )
            sessions.append(
                ProgrammeSession(
                    number=len(sessions) + 1, week=week + 1, on=day, dose=dose, reassess=reassess
                )
            )
    last = sessions[-1]
    recent = [x for x in sessions[:-1] if x.reassess and (last.on - x.on).days < 7]
    if not last.reassess:
        # The final session re-assesses, in place of one less than a week before it.
        for x in recent:
            sessions[x.number - 1] = x.model_copy(update={"reassess": False})
        sessions[-1] = last.model_copy(update={"reassess": True})
    refs = sorted({r for c in conditions for r in c.references[:2]} | {"acsm-2021"})
    return Programme(
        start=start,
        weeks=weeks,
        sessions_per_week=per_week,
        home_days_per_week=7 - per_week if per_week < 7 else 0,
        sessions=sessions,
        conditions=[c.id for c in conditions],
        references=refs,
    )
