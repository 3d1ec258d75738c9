"""`stretchwise kb …`: check, describe and export the knowledge base. Needs no database."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from stretchwise.library.knowledge import (
    DATA,
    KnowledgeBase,
    KnowledgeError,
    load,
    stats,
    unused,
)
from stretchwise.library.pictogram import render


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="stretchwise kb", description=__doc__)
    parser.add_argument("--data", type=Path, default=DATA, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="validate every catalogue and the links between them")
    stats_parser = sub.add_parser("stats", help="count the entries of each catalogue")
    stats_parser.add_argument("--json", action="store_true", help="as JSON")
    export = sub.add_parser("export", help="the whole knowledge base in one document")
    export.add_argument("--format", choices=["json"], default="json")
    picture = sub.add_parser("pictogram", help="draw stretches' pictograms as SVG (or PNG)")
    picture.add_argument("ids", nargs="*", help="stretch ids; none means every stretch")
    picture.add_argument("--png", type=Path, help="write one PNG contact sheet here")
    picture.add_argument("--out", type=Path, help="write one SVG file per stretch into this folder")
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
    if args.command == "pictogram":
        return _pictograms(kb, args.ids, args.png, args.out)
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


def _pictograms(kb: KnowledgeBase, ids: list[str], png: Path | None, out: Path | None) -> int:
    unknown = [i for i in ids if i not in kb.stretches]
    if unknown:
        print(f"No stretch with id {', '.join(unknown)}.", file=sys.stderr)
        return 2
    chosen = [kb.stretches[i] for i in ids] if ids else list(kb.stretches.values())
    missing = [s.id for s in chosen if s.pose is None]
    drawn = {s.id: render(s.pose, s.name) for s in chosen if s.pose is not None}
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        for stretch_id, svg in drawn.items():
            (out / f"{stretch_id}.svg").write_text(svg, encoding="utf-8")
    if png is not None:
        contact_sheet(drawn, {s.id: s.name for s in chosen}, png)
    if out is None and png is None:
        for svg in drawn.values():
            print(svg)
    if missing:
        print(f"{len(missing)} stretch(es) have no pose yet: {', '.join(missing)}", file=sys.stderr)
    return 0


def contact_sheet(drawn: dict[str, str], names: dict[str, str], png: Path) -> None:
    """Every pictogram on one page, for looking at them (needs WeasyPrint and pdftoppm)."""
    import subprocess
    import tempfile
    from html import escape

    from weasyprint import HTML

    cells = "".join(
        f"<figure>{svg}<figcaption>{escape(names[i])}<br><code>{escape(i)}</code></figcaption>"
        "</figure>"
        for i, svg in drawn.items()
    )
    page = (
        "<style>@page{size:A4;margin:10mm}body{font:8pt sans-serif}"
        "figure{display:inline-block;width:44mm;margin:2mm;vertical-align:top;"
        "border:1px solid #ddd;padding:1mm}svg{width:100%;height:30mm}</style>" + cells
    )
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "sheet.pdf"
        HTML(string=page).write_pdf(pdf)
        stem = png.with_suffix("")
        subprocess.run(["pdftoppm", "-png", "-r", "110", str(pdf), str(stem)], check=True)
    pages = sorted(stem.parent.glob(f"{stem.name}-*.png"))
    if len(pages) == 1:
        pages[0].replace(png)
        pages = [png]
    print("wrote " + ", ".join(str(p) for p in pages))
