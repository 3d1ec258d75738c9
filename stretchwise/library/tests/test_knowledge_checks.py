"""Each validation check, proven by a fixture broken in exactly that way."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from stretchwise.library.knowledge import KnowledgeError, load, stats, unused
from stretchwise.library.tests.minimal import minimal, write

Breakage = Callable[[dict[str, Any]], None]


def first(data: dict[str, Any], catalogue: str) -> dict[str, Any]:
    entry: dict[str, Any] = data[catalogue][catalogue][0]
    return entry


def test_the_minimal_knowledge_base_loads(tmp_path: Path) -> None:
    kb = load(write(tmp_path))
    assert kb.version.startswith("test+")
    assert stats(kb)["stretches"] == 1
    assert stats(kb)["self_stretches"] == 1
    assert unused(kb)["references"] == ["ref-unused-2021"]


def test_the_version_changes_when_any_file_changes(tmp_path: Path) -> None:
    before = load(write(tmp_path)).version
    data = minimal()
    first(data, "muscles")["name"] = "Biceps femoris (long head)"
    assert load(write(tmp_path, data)).version != before


def set_value(catalogue: str, key: str, value: object) -> Breakage:
    def breakage(data: dict[str, Any]) -> None:
        first(data, catalogue)[key] = value

    return breakage


def drop(catalogue: str) -> Breakage:
    def breakage(data: dict[str, Any]) -> None:
        del data[catalogue]

    return breakage


def duplicate(catalogue: str) -> Breakage:
    def breakage(data: dict[str, Any]) -> None:
        data[catalogue][catalogue].append(dict(first(data, catalogue)))

    return breakage


def restriction(**fields: object) -> Breakage:
    def breakage(data: dict[str, Any]) -> None:
        first(data, "contraindications")["restrictions"] = [fields]

    return breakage


BROKEN: dict[str, tuple[Breakage, str]] = {
    "a missing file": (drop("techniques"), "techniques.yaml: the file is missing"),
    "an id used twice": (duplicate("muscles"), "the id is used twice"),
    "a bad slug": (set_value("muscles", "id", "Biceps Femoris"), "String should match pattern"),
    "an unknown field": (set_value("muscles", "colour", "red"), "Extra inputs are not permitted"),
    "a cited reference that does not exist": (
        set_value("techniques", "references", ["nobody-1999"]),
        "a reference 'nobody-1999' is cited",
    ),
    "a muscle in an unknown region": (set_value("muscles", "region", "wings"), "no region 'wings'"),
    "a muscle naming an unknown test": (
        set_value("muscles", "tests", ["wing-flap"]),
        "no test 'wing-flap'",
    ),
    "a stretch for an unknown muscle": (
        set_value("stretches", "primary", ["wing"]),
        "no muscle 'wing'",
    ),
    "a stretch with an unknown technique": (
        set_value("stretches", "techniques", [{"technique": "flying"}]),
        "no technique 'flying'",
    ),
    "a load that is really an angle": (
        set_value("stretches", "loads", ["hip-flexion"]),
        "is an angle movement",
    ),
    "a peak angle for a load movement": (
        set_value("stretches", "peak_angles", {"sciatic-neural-tension": 40}),
        "is not an angle movement",
    ),
    "an impossible joint angle": (
        set_value("stretches", "peak_angles", {"hip-flexion": 400}),
        "is not a joint angle",
    ),
    "a counterpart that does not point back": (
        lambda d: d["stretches"]["stretches"][1].update(counterpart=None),
        "names the assisted stretch it mirrors",
    ),
    "a counterpart of the same kind": (
        lambda d: d["stretches"]["stretches"][1].update(kind="assisted"),
        "is also assisted",
    ),
    "unknown equipment": (set_value("stretches", "equipment", ["trampoline"]), "no equipment"),
    "a priority muscle with no stretch": (
        lambda d: (
            d["muscles"]["muscles"].append(
                {
                    "id": "soleus",
                    "name": "Soleus",
                    "region": "hamstrings",
                    "actions": ["plantarflexion"],
                }
            )
            or first(d, "conditions")["priority_muscles"].append(
                {"muscle": "soleus", "weight": 0.5}
            )
        ),
        "priority muscle 'soleus' has no stretch",
    ),
    "a red flag that is not an urgent referral": (
        lambda d: first(d, "contraindications").update(
            decision="refer_before_stretching", urgency=None
        ),
        "a red flag is always an urgent referral",
    ),
    "an urgent referral with no urgency": (
        set_value("contraindications", "urgency", None),
        "urgency is given exactly for urgent referrals",
    ),
    "a red flag lifted by a therapist": (
        set_value("contraindications", "lifted_by", "therapist_review"),
        "lifted only by a new intake",
    ),
    "a restriction missing its movement": (
        restriction(type="forbidden_movement"),
        "needs movement",
    ),
    "a restriction with an unknown movement": (
        restriction(type="forbidden_movement", movement="moonwalk"),
        "no movement 'moonwalk'",
    ),
    "a contraindication asking an unknown question": (
        set_value("contraindications", "questions", ["favourite-colour"]),
        "no question 'favourite-colour'",
    ),
    "a contraction without its effort": (
        lambda d: first(d, "techniques")["phases"].append(
            {"kind": "contract", "seconds": {"min": 3, "default": 5, "max": 6}, "cue": "Push."}
        ),
        "needs effort_pct_mvc",
    ),
    "a technique hiding its contractions": (
        lambda d: d["techniques"]["techniques"][1].update(contractions=False),
        "contractions must be true",
    ),
    "a range out of order": (
        set_value("techniques", "repetitions", {"min": 4, "default": 2, "max": 3}),
        "needs min <= default <= max",
    ),
    "an intensity window upside down": (
        lambda d: d["meta"]["intensity"].update(sensation_min=7, sensation_max=3),
        "sensation_min is above sensation_max",
    ),
    "a test loading an unknown movement": (
        set_value("tests", "movements", ["cartwheel"]),
        "no movement 'cartwheel'",
    ),
    "a restriction type left undescribed": (
        lambda d: d["restriction_types"]["restriction_types"].pop(),
        "must describe exactly",
    ),
    "a copyrighted licence": (
        lambda d: first(d, "instruments")["licence"].update(status="copyrighted"),
        "licence.status",
    ),
    "an angle movement with no limit": (
        lambda d: d["movements"]["movements"][0].update(default_limit_deg=None),
        "needs default_limit_deg",
    ),
    "not valid YAML": (None, "not valid YAML"),  # type: ignore[dict-item]
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_each_check_rejects_its_broken_fixture(tmp_path: Path, case: str) -> None:
    breakage, message = BROKEN[case]
    data = minimal()
    if breakage is not None:
        breakage(data)
    write(tmp_path, data)
    if breakage is None:
        (tmp_path / "regions.yaml").write_text("regions: [unclosed\n")
    with pytest.raises(KnowledgeError) as error:
        load(tmp_path)
    assert any(message in problem for problem in error.value.problems), error.value.problems


def test_a_catalogue_split_over_files_is_read_whole(tmp_path: Path) -> None:
    data = minimal()
    write(tmp_path, data)
    (tmp_path / "references-extra.yaml").write_text(
        "references:\n- {id: ref-b-2022, authors: B, year: 2022, title: T, supports: S}\n"
    )
    assert "ref-b-2022" in load(tmp_path).references
