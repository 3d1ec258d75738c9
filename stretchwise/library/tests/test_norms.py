from __future__ import annotations

from stretchwise.library.norms import reference_range
from stretchwise.library.schema import Norm, NormBand


def band(age_min: int, age_max: int, sex: str, mean: float, sd: float) -> NormBand:
    return NormBand.model_validate(
        {
            "age_min": age_min,
            "age_max": age_max,
            "sex": sex,
            "mean": mean,
            "sd": sd,
            "source": "src",
        }
    )


KNEE = Norm(
    id="knee-flexion",
    movement="knee flexion",
    unit="deg",
    bands=[
        band(20, 44, "female", 142, 5),
        band(20, 44, "male", 138, 6),
        band(45, 69, "female", 137, 6),
        band(45, 69, "male", 132, 7),
    ],
)


def test_the_band_for_the_clients_age_and_sex_is_used() -> None:
    found = reference_range(KNEE, 30, "female")
    assert found is not None
    assert (found.mean, found.low, found.high) == (142, 137, 147)
    assert found.note == ""


def test_beyond_the_tables_ages_the_nearest_band_is_used_and_said() -> None:
    found = reference_range(KNEE, 82, "male")
    assert found is not None
    assert found.mean == 132
    assert "nearest age band" in found.note


def test_sex_not_recorded_takes_the_wider_range_of_both() -> None:
    found = reference_range(KNEE, 30, "not_recorded")
    assert found is not None
    assert found.low == 132  # the male band's lower edge
    assert found.high == 147  # the female band's upper edge
    assert "sex not recorded" in found.note


def test_a_band_for_any_sex_serves_everyone() -> None:
    neck = Norm(id="neck", movement="neck rotation", unit="deg", bands=[band(18, 64, "any", 80, 8)])
    for sex in ("female", "male", "not_recorded"):
        found = reference_range(neck, 40, sex)
        assert found is not None
        assert found.mean == 80


def test_an_age_band_for_any_sex_beats_a_distant_band_of_the_clients_own_sex() -> None:
    hip = Norm(
        id="hip",
        movement="hip flexion",
        unit="deg",
        bands=[band(2, 8, "male", 131, 5), band(18, 64, "any", 125, 0)],
    )
    found = reference_range(hip, 40, "male")
    assert found is not None
    assert found.mean == 125


def test_every_shipped_norm_gives_a_range_for_every_client() -> None:
    from stretchwise.library.knowledge import knowledge_base

    for norm in knowledge_base().norms.values():
        for age in (5, 15, 30, 50, 70, 95):
            for sex in ("female", "male", "intersex", "not_recorded"):
                assert reference_range(norm, age, sex) is not None, (norm.id, age, sex)
