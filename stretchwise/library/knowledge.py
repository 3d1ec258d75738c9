"""Loading the knowledge base: parse, validate, check references between entries, cache.

Pure: reads the YAML files beside this module (or a folder given for tests) and returns plain
typed values. `load()` raises `KnowledgeError` listing every problem, so one run shows them all.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from stretchwise.library.schema import (
    BodyArea,
    Condition,
    Contraindication,
    Entry,
    FlexibilityTest,
    Instrument,
    IntensityWindow,
    Movement,
    MovementKind,
    Muscle,
    Norm,
    Position,
    Question,
    Reference,
    Region,
    RestrictionType,
    RestrictionTypeInfo,
    Stretch,
    Technique,
)

DATA = Path(__file__).with_name("data")

# file name → (model, key in the file); each file holds a list of entries under its key.
CATALOGUES: dict[str, tuple[type[BaseModel], str]] = {
    "references": (Reference, "references"),
    "regions": (Region, "regions"),
    "muscles": (Muscle, "muscles"),
    "body_areas": (BodyArea, "body_areas"),
    "movements": (Movement, "movements"),
    "positions": (Position, "positions"),
    "restriction_types": (RestrictionTypeInfo, "restriction_types"),
    "techniques": (Technique, "techniques"),
    "questions": (Question, "questions"),
    "contraindications": (Contraindication, "contraindications"),
    "conditions": (Condition, "conditions"),
    "norms": (Norm, "norms"),
    "tests": (FlexibilityTest, "tests"),
    "instruments": (Instrument, "instruments"),
    "stretches": (Stretch, "stretches"),
}
E = TypeVar("E", bound=Entry)


class KnowledgeError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the knowledge base")
        self.problems = problems


@dataclass(frozen=True)
class KnowledgeBase:
    version: str
    references: dict[str, Reference]
    regions: dict[str, Region]
    muscles: dict[str, Muscle]
    body_areas: dict[str, BodyArea]
    movements: dict[str, Movement]
    positions: dict[str, Position]
    restriction_types: dict[str, RestrictionTypeInfo]
    techniques: dict[str, Technique]
    questions: dict[str, Question]
    contraindications: dict[str, Contraindication]
    conditions: dict[str, Condition]
    norms: dict[str, Norm]
    tests: dict[str, FlexibilityTest]
    instruments: dict[str, Instrument]
    stretches: dict[str, Stretch]
    equipment: dict[str, str]
    intensity: IntensityWindow
    intensity_by_condition: dict[str, IntensityWindow] = field(default_factory=dict)
    overlay_hash: str = "none"

    @property
    def assisted(self) -> list[Stretch]:
        return [s for s in self.stretches.values() if s.kind == "assisted"]

    @property
    def self_stretches(self) -> list[Stretch]:
        return [s for s in self.stretches.values() if s.kind == "self"]

    def stretches_for_muscle(self, muscle: str) -> list[Stretch]:
        return [s for s in self.stretches.values() if muscle in s.primary]

    def cited(self) -> set[str]:
        """Every reference id some entry cites."""
        found: set[str] = set()
        for catalogue in self.catalogues().values():
            for entry in catalogue.values():
                found |= set(_reference_ids(entry.model_dump()))
        found |= set(self.intensity.references)
        for window in self.intensity_by_condition.values():
            found |= set(window.references)
        return found & set(self.references)

    def catalogues(self) -> dict[str, dict[str, Any]]:
        return {name: getattr(self, name) for name in CATALOGUES if name != "references"}


def _reference_ids(data: object) -> Iterator[str]:
    """Reference ids sit under keys named `references`, `source` or `sources`."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("references", "sources") and isinstance(value, list):
                yield from (v for v in value if isinstance(v, str))
            elif key == "source" and isinstance(value, str):
                yield value
            else:
                yield from _reference_ids(value)
    elif isinstance(data, list):
        for value in data:
            yield from _reference_ids(value)


# libyaml's safe loader is about seven times faster than the pure-Python one; same semantics.
SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_file(path: Path, problems: list[str]) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoader)
    except yaml.YAMLError as error:
        problems.append(f"{path.name}: not valid YAML ({error})")
        return None


def _read(folder: Path, name: str, problems: list[str]) -> Any:
    path = folder / f"{name}.yaml"
    if not path.exists():
        problems.append(f"{name}.yaml: the file is missing")
        return None
    return _read_file(path, problems)


def catalogue_files(folder: Path, name: str) -> list[Path]:
    """A catalogue is `<name>.yaml` plus any `<name>-<part>.yaml`, read in name order."""
    return sorted(folder.glob(f"{name}.yaml")) + sorted(folder.glob(f"{name}-*.yaml"))


def _parse_catalogue(
    folder: Path, name: str, model: type[E], key: str, problems: list[str]
) -> dict[str, E]:
    files = catalogue_files(folder, name)
    if not files:
        problems.append(f"{name}.yaml: the file is missing")
        return {}
    entries: dict[str, E] = {}
    for path in files:
        raw = _read_file(path, problems)
        if raw is None:
            continue
        for entry_id, entry in _parse(path.stem, model, raw, key, problems).items():
            if entry_id in entries:
                problems.append(f"{path.name} › {entry_id}: the id is used twice")
            entries[entry_id] = entry
    return entries


def _parse(name: str, model: type[E], raw: Any, key: str, problems: list[str]) -> dict[str, E]:
    entries: dict[str, E] = {}
    items = raw.get(key) if isinstance(raw, dict) else None
    if not isinstance(items, list):
        problems.append(f"{name}.yaml: expected a list under '{key}:'")
        return entries
    for index, item in enumerate(items):
        label = item.get("id", f"#{index + 1}") if isinstance(item, dict) else f"#{index + 1}"
        try:
            entry = model.model_validate(item)
        except ValidationError as error:
            for e in error.errors():
                where = ".".join(str(p) for p in e["loc"]) or "entry"
                problems.append(f"{name}.yaml › {label} › {where}: {e['msg']}")
            continue
        entry_id = str(item["id"])  # validated: every catalogue entry has an id
        if entry_id in entries:
            problems.append(f"{name}.yaml › {entry_id}: the id is used twice")
        entries[entry_id] = entry
    return entries


def content_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.yaml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def load(folder: Path = DATA) -> KnowledgeBase:
    """Parse and validate every catalogue; raise KnowledgeError with all problems found."""
    problems: list[str] = []
    parsed: dict[str, dict[str, Any]] = {}
    for name, (model, key) in CATALOGUES.items():
        parsed[name] = _parse_catalogue(folder, name, model, key, problems)
    meta = _read(folder, "meta", problems) or {}
    equipment = {e["id"]: e["name"] for e in meta.get("equipment", []) if isinstance(e, dict)}
    intensity: IntensityWindow | None = None
    by_condition: dict[str, IntensityWindow] = {}
    try:
        intensity = IntensityWindow.model_validate(meta.get("intensity"))
        for condition, window in (meta.get("intensity_by_condition") or {}).items():
            by_condition[condition] = IntensityWindow.model_validate(window)
    except ValidationError as error:
        problems.extend(f"meta.yaml › intensity: {e['msg']}" for e in error.errors())
    if problems or intensity is None:
        raise KnowledgeError(problems or ["meta.yaml: no intensity window"])
    version = f"{meta.get('version', '0')}+{content_hash(folder)[:12]}"
    kb = KnowledgeBase(
        version=version,
        equipment=equipment,
        intensity=intensity,
        intensity_by_condition=by_condition,
        **parsed,  # type: ignore[arg-type]
    )
    problems = integrity_problems(kb)
    if problems:
        raise KnowledgeError(problems)
    return kb


@cache
def knowledge_base(overlay_path: str | None = None) -> KnowledgeBase:
    """The shipped knowledge base with the deployment's overlay, loaded once per process."""
    from stretchwise.library.overlay import apply_overlay, read_overlay

    kb = load(DATA)
    path = overlay_path or os.environ.get("STRETCHWISE_KB_OVERLAY", "")
    if not path:
        return kb
    overlay, digest = read_overlay(Path(path))
    return apply_overlay(kb, overlay, digest)


# ---------------------------------------------------------------- referential integrity


def _missing(where: str, ids: Iterable[str], known: dict[str, Any], what: str) -> list[str]:
    return [f"{where}: no {what} '{i}'" for i in ids if i not in known]


def integrity_problems(kb: KnowledgeBase) -> list[str]:
    p: list[str] = []
    restriction_types = {t.value for t in RestrictionType}
    if set(kb.restriction_types) != restriction_types:
        p.append(
            "restriction_types.yaml: must describe exactly "
            f"{sorted(restriction_types)}, found {sorted(kb.restriction_types)}"
        )
    for ref in sorted(set(_all_cited(kb)) - set(kb.references)):
        p.append(f"a reference '{ref}' is cited but not in references.yaml")
    for m in kb.muscles.values():
        p += _missing(f"muscles.yaml › {m.id} › region", [m.region], kb.regions, "region")
        p += _missing(f"muscles.yaml › {m.id} › tests", m.tests, kb.tests, "test")
    for a in kb.body_areas.values():
        where = f"body_areas.yaml › {a.id}"
        p += _missing(f"{where} › region", [a.region], kb.regions, "region")
        p += _missing(f"{where} › muscles", a.muscles, kb.muscles, "muscle")
        p += _missing(f"{where} › movements", a.movements, kb.movements, "movement")
    for t in kb.techniques.values():
        p += _missing(f"techniques.yaml › {t.id}", t.adds_movements, kb.movements, "movement")
    for c in kb.contraindications.values():
        where = f"contraindications.yaml › {c.id}"
        p += _missing(f"{where} › questions", c.questions, kb.questions, "question")
        for r in c.restrictions:
            p += _missing(
                f"{where} › restrictions",
                [r.movement] if r.movement else [],
                kb.movements,
                "movement",
            )
            p += _missing(
                f"{where} › restrictions",
                [r.technique] if r.technique else [],
                kb.techniques,
                "technique",
            )
            p += _missing(
                f"{where} › restrictions",
                [r.position] if r.position else [],
                kb.positions,
                "position",
            )
            if r.region and r.region not in kb.regions and r.region not in kb.body_areas:
                p.append(f"{where} › restrictions: no region or body area '{r.region}'")
    for cond in kb.conditions.values():
        where = f"conditions.yaml › {cond.id}"
        p += _missing(where, [pm.muscle for pm in cond.priority_muscles], kb.muscles, "muscle")
        techniques = cond.preferred_techniques + cond.excluded_techniques
        p += _missing(where, techniques, kb.techniques, "technique")
        for priority in cond.priority_muscles:
            if priority.muscle in kb.muscles and not kb.stretches_for_muscle(priority.muscle):
                p.append(f"{where}: priority muscle '{priority.muscle}' has no stretch")
    for condition in kb.intensity_by_condition:
        if condition not in kb.conditions:
            p.append(f"meta.yaml › intensity_by_condition: no condition '{condition}'")
    for test in kb.tests.values():
        where = f"tests.yaml › {test.id}"
        p += _missing(where, test.muscles, kb.muscles, "muscle")
        p += _missing(where, test.movements, kb.movements, "movement")
        p += _missing(where, [test.position], kb.positions, "position")
        p += _missing(where, [test.norm] if test.norm else [], kb.norms, "norm")
        p += _angle_problems(kb, where, test.peak_angles)
    for s in kb.stretches.values():
        p += _stretch_problems(kb, s)
    return p


def _all_cited(kb: KnowledgeBase) -> Iterator[str]:
    for catalogue in kb.catalogues().values():
        for entry in catalogue.values():
            yield from _reference_ids(entry.model_dump())
    yield from kb.intensity.references
    for window in kb.intensity_by_condition.values():
        yield from window.references


def _angle_problems(kb: KnowledgeBase, where: str, angles: dict[str, float]) -> list[str]:
    problems = []
    for movement_id in angles:
        movement = kb.movements.get(movement_id)
        if movement is None:
            problems.append(f"{where} › peak_angles: no movement '{movement_id}'")
        elif movement.kind != MovementKind.ANGLE:
            problems.append(f"{where} › peak_angles: '{movement_id}' is not an angle movement")
    return problems


def _stretch_problems(kb: KnowledgeBase, s: Stretch) -> list[str]:
    where = f"stretches.yaml › {s.id}"
    p = _missing(f"{where} › region", [s.region], kb.regions, "region")
    p += _missing(f"{where} › muscles", s.primary + s.secondary, kb.muscles, "muscle")
    p += _missing(f"{where} › position", [s.position], kb.positions, "position")
    p += _missing(
        f"{where} › techniques", [d.technique for d in s.techniques], kb.techniques, "technique"
    )
    p += _missing(f"{where} › loads", s.loads, kb.movements, "movement")
    p += _missing(f"{where} › equipment", s.equipment, kb.equipment, "equipment")
    p += _missing(f"{where} › variants", s.easier + s.harder, kb.stretches, "stretch")
    p += _angle_problems(kb, where, s.peak_angles)
    for load in s.loads:
        movement = kb.movements.get(load)
        if movement is not None and movement.kind != MovementKind.LOAD:
            p.append(f"{where} › loads: '{load}' is an angle movement; give it in peak_angles")
    if s.counterpart is not None:
        twin = kb.stretches.get(s.counterpart)
        if twin is None:
            p.append(f"{where} › counterpart: no stretch '{s.counterpart}'")
        elif twin.kind == s.kind:
            p.append(f"{where} › counterpart: '{twin.id}' is also {s.kind}")
        elif twin.counterpart != s.id:
            p.append(f"{where} › counterpart: '{twin.id}' does not point back")
    if s.kind == "self" and s.counterpart is None:
        p.append(f"{where}: a self-stretch names the assisted stretch it mirrors")
    return p


def unused(kb: KnowledgeBase) -> dict[str, list[str]]:
    """Entries nothing refers to: worth a look, not an error."""
    used_muscles = {m for s in kb.stretches.values() for m in s.primary + s.secondary}
    used_movements = {m for s in kb.stretches.values() for m in [*s.loads, *s.peak_angles]}
    used_movements |= {
        r.movement for c in kb.contraindications.values() for r in c.restrictions if r.movement
    }
    used_questions = {q for c in kb.contraindications.values() for q in c.questions}
    return {
        "references": sorted(set(kb.references) - kb.cited()),
        "muscles": sorted(set(kb.muscles) - used_muscles),
        "movements": sorted(set(kb.movements) - used_movements),
        "questions": sorted(set(kb.questions) - used_questions),
    }


def stats(kb: KnowledgeBase) -> dict[str, Any]:
    coverage: Counter[str] = Counter(s.region for s in kb.assisted)
    return {
        "version": kb.version,
        "stretches": len(kb.assisted),
        "self_stretches": len(kb.self_stretches),
        "muscles": len(kb.muscles),
        "body_areas": len(kb.body_areas),
        "movements": len(kb.movements),
        "techniques": len(kb.techniques),
        "conditions": len(kb.conditions),
        "contraindications": len(kb.contraindications),
        "norms": len(kb.norms),
        "tests": len(kb.tests),
        "instruments": len(kb.instruments),
        "references": len(kb.references),
        "coverage": {region: coverage.get(region, 0) for region in sorted(kb.regions)},
    }
