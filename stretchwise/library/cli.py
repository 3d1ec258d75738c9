"""`stretchwise kb …`: check, describe and export the knowledge base. Needs no database."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from stretchwise.library.knowledge import DATA, KnowledgeError, load, stats, unused


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="stretchwise kb", description=__doc__)
    parser.add_argument("--data", type=Path, default=DATA, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="validate every catalogue and the links between them")
    stats_parser = sub.add_parser("stats", help="count the entries of each catalogue")
    stats_parser.add_argument("--json", action="store_true", help="as JSON")
    export = sub.add_parser("export", help="the whole knowledge base in one document")
    export.add_argument("--format", choices=["json"], default="json")
    args = parser.parse_args(argv)
    try:
        kb = load(args.data)
    except KnowledgeError as error:
        print(
            json.dumps({"problems": error.problems}, indent=2, ensure_ascii=False), file=sys.stderr
        )
        print(f"The knowledge base has {len(error.problems)} problem(s).", file=sys.stderr)
        return 2
    if args.command == "check":
        counts = stats(kb)
        print(f"ok: knowledge base {kb.version}")
        print(
            f"  {counts['stretches']} assisted and {counts['self_stretches']} self stretches, "
            f"{counts['muscles']} muscles, {counts['contraindications']} contraindications, "
            f"{counts['references']} references"
        )
        for catalogue, ids in unused(kb).items():
            if ids:
                print(f"  unused {catalogue} ({len(ids)}): {', '.join(ids)}")
        return 0
    if args.command == "stats":
        counts = stats(kb)
        if args.json:
            print(json.dumps(counts, indent=2))
        else:
            for key, value in counts.items():
                print(f"{key:>18}: {value}")
        return 0
    document = {
        "version": kb.version,
        "intensity": kb.intensity.model_dump(mode="json"),
        "intensity_by_condition": {
            k: v.model_dump(mode="json") for k, v in kb.intensity_by_condition.items()
        },
        "equipment": kb.equipment,
        "references": {k: v.model_dump(mode="json") for k, v in kb.references.items()},
        **{
            name: {k: v.model_dump(mode="json", by_alias=True) for k, v in catalogue.items()}
            for name, catalogue in kb.catalogues().items()
        },
    }
    json.dump(document, sys.stdout, indent=2, ensure_ascii=False)
    print()
    return 0
