"""The normal range to compare a client's measurement with. Pure.

Rules (issue 4): the band for the client's age and sex; beyond the table's ages, the nearest band;
when sex is not recorded (or is neither band's), the wider range of the female and male bands, so
nobody is called short against the stricter of the two.
"""

from __future__ import annotations

from dataclasses import dataclass

from stretchwise.library.schema import Norm, NormBand


@dataclass(frozen=True)
class ReferenceRange:
    mean: float
    low: float
    high: float
    sources: tuple[str, ...]
    note: str


def _distance(band: NormBand, age: int) -> int:
    if band.age_min <= age <= band.age_max:
        return 0
    return band.age_min - age if age < band.age_min else age - band.age_max


def _nearest(bands: list[NormBand], age: int) -> list[NormBand]:
    if not bands:
        return []
    best = min(_distance(b, age) for b in bands)
    return [b for b in bands if _distance(b, age) == best]


def _range(band: NormBand) -> tuple[float, float]:
    spread = band.sd or 0.0
    return band.mean - spread, band.mean + spread


def reference_range(norm: Norm, age: int, sex: str) -> ReferenceRange | None:
    """The mean ± 1 SD range for this age and sex, following the rules above."""
    known_sex = sex in ("female", "male")
    pool = [b for b in norm.bands if b.sex in (sex, "any")] if known_sex else list(norm.bands)
    chosen = _nearest(pool, age)
    if not chosen:
        return None
    notes = []
    if known_sex:
        chosen = [b for b in chosen if b.sex == sex] or chosen
    elif any(b.sex != "any" for b in chosen):
        notes.append("sex not recorded: the wider range of the female and male values")
    if any(_distance(b, age) for b in chosen):
        notes.append("age beyond the table: the nearest age band")
    lows, highs = zip(*(_range(b) for b in chosen), strict=True)
    return ReferenceRange(
        mean=sum(b.mean for b in chosen) / len(chosen),
        low=min(lows),
        high=max(highs),
        sources=tuple(sorted({b.source for b in chosen})),
        note="; ".join(notes),
    )
