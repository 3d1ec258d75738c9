"""Instrument scores, computed as each instrument's authors specify. Pure.

The knowledge base says how each instrument is scored (`scoring`: single, mean or sum) and how
many answered items a score needs (`min_items`). The rules for missing items:

- single: the one item is the score; unanswered, there is no score.
- mean: the mean of the answered items, when at least `min_items` are answered. This is the
  published PSFS rule: "total score = sum of the activity scores / number of activities"
  (Stratford et al. 1995), over the activities the client named.
- sum: every item must be answered. A sum over fewer items is not on the same scale, and the
  prorating rules that some questionnaires publish are their own, so none is guessed here.

Anything else is refused with a `ScoringError` that says what to ask or record.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from stretchwise.assessment.measures import (
    PAIN,
    PPT,
    PSFS,
    STRESS,
    Assessment,
    answer_problems,
)
from stretchwise.library.knowledge import KnowledgeBase
from stretchwise.library.schema import Instrument


class ScoringError(ValueError):
    """An instrument cannot be scored from these answers; the message says why and what to do."""


@dataclass(frozen=True)
class Score:
    instrument: str
    value: float
    answered: tuple[str, ...]
    missing: tuple[str, ...]
    how: str = field(compare=False)
    site: Literal["local", "remote"] | None = None


def score(instrument: Instrument, answers: Mapping[str, float | None]) -> Score:
    """The instrument's score from item answers (item id → value; None or absent = unanswered)."""
    problems = answer_problems(instrument, answers)
    if problems:
        raise ScoringError(" ".join(problems))
    ids = [item.id for item in instrument.items]
    answered = tuple(i for i in ids if answers.get(i) is not None)
    missing = tuple(i for i in ids if answers.get(i) is None)
    values = [float(answers[i]) for i in answered]  # type: ignore[arg-type]
    if instrument.scoring == "single":
        value, how = _single(instrument, values)
    elif instrument.scoring == "mean":
        value, how = _mean(instrument, values)
    else:
        value, how = _sum(instrument, values, missing)
    if not instrument.score_min <= value <= instrument.score_max:
        raise ScoringError(
            f"{instrument.name}: the score {value:g} is outside {instrument.score_min:g} to "
            f"{instrument.score_max:g}; the knowledge base's scoring rule needs checking"
        )
    return Score(instrument.id, value, answered, missing, how)


def _single(instrument: Instrument, values: list[float]) -> tuple[float, str]:
    if len(instrument.items) != 1:
        raise ScoringError(
            f"{instrument.name} is declared a single-item score but has "
            f"{len(instrument.items)} items; the knowledge base entry needs fixing"
        )
    if not values:
        raise ScoringError(
            f"{instrument.name} has one question and it is not answered: ask it, or leave "
            "the measure out of this assessment"
        )
    return values[0], "the answer to its single item"


def _mean(instrument: Instrument, values: list[float]) -> tuple[float, str]:
    if len(values) < instrument.min_items:
        raise ScoringError(
            f"{instrument.name} needs at least {instrument.min_items} rated items for a score; "
            f"{len(values)} {'is' if len(values) == 1 else 'are'} rated. Ask for "
            f"{instrument.min_items - len(values)} more, or leave the measure out."
        )
    return sum(values) / len(values), f"the mean of the {len(values)} rated items"


def _sum(
    instrument: Instrument, values: list[float], missing: tuple[str, ...]
) -> tuple[float, str]:
    if missing:
        raise ScoringError(
            f"{instrument.name} is the sum of all {len(instrument.items)} items and "
            f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not answered; a sum "
            "with missing items is not on the same scale, so ask them"
        )
    return sum(values), f"the sum of its {len(values)} items"


# ---------------------------------------------------------------- a whole assessment


@dataclass(frozen=True)
class AssessmentScores:
    scores: list[Score]
    refused: dict[str, str] = field(default_factory=dict)  # instrument id → why there is no score

    def get(self, instrument: str, site: str | None = None) -> Score | None:
        return next((s for s in self.scores if s.instrument == instrument and s.site == site), None)


def psfs_answers(assessment: Assessment, instrument: Instrument) -> dict[str, float | None]:
    """The named activities fill the PSFS items in order; unnamed ones stay unanswered."""
    ratings = [a.rating for a in assessment.psfs]
    return {
        item.id: (ratings[i] if i < len(ratings) else None)
        for i, item in enumerate(instrument.items)
    }


def score_assessment(kb: KnowledgeBase, assessment: Assessment) -> AssessmentScores:
    """Every instrument recorded in the assessment, scored; those that cannot be, with why."""
    scores: list[Score] = []
    refused: dict[str, str] = {}

    def attempt(
        instrument_id: str,
        answers: dict[str, float | None],
        site: Literal["local", "remote"] | None = None,
    ) -> None:
        key = f"{instrument_id}:{site}" if site else instrument_id
        instrument = kb.instruments.get(instrument_id)
        if instrument is None:
            refused[key] = f"the knowledge base ships no instrument '{instrument_id}'"
            return
        try:
            found = score(instrument, answers)
        except ScoringError as error:
            refused[key] = str(error)
            return
        scores.append(
            Score(found.instrument, found.value, found.answered, found.missing, found.how, site)
        )

    def single(instrument_id: str, value: float | None) -> None:
        instrument = kb.instruments.get(instrument_id)
        if value is not None and instrument is not None:
            attempt(instrument_id, {instrument.items[0].id: value})
        elif value is not None:
            refused[instrument_id] = f"the knowledge base ships no instrument '{instrument_id}'"

    single(PAIN, assessment.pain)
    if assessment.psfs and PSFS in kb.instruments:
        attempt(PSFS, psfs_answers(assessment, kb.instruments[PSFS]))
    single(STRESS, assessment.stress)
    for answers in assessment.instruments:
        attempt(answers.instrument, dict(answers.answers))
    thresholds = assessment.pressure_pain_threshold
    if thresholds is not None and PPT in kb.instruments:
        item = kb.instruments[PPT].items[0].id
        if thresholds.local is not None:
            attempt(PPT, {item: thresholds.local.kpa}, "local")
        if thresholds.remote is not None:
            attempt(PPT, {item: thresholds.remote.kpa}, "remote")
    return AssessmentScores(scores, refused)
