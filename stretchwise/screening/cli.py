"""`stretchwise schema client` and `stretchwise screen CLIENT.json`: no database needed.

Exit status 0 when the command did its job (a referral is a result, not an error), 2 for invalid
input with the problems listed on standard error as JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import ValidationError

from stretchwise.library.knowledge import KnowledgeBase, KnowledgeError, knowledge_base
from stretchwise.library.overlay import OverlayError
from stretchwise.screening.document import ClientDocument, json_schema, problems
from stretchwise.screening.engine import screen


class InvalidInput(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def pydantic_problems(error: ValidationError) -> list[str]:
    return [
        f"{'.'.join(str(p) for p in e['loc']) or 'document'}: {e['msg']}" for e in error.errors()
    ]


def read_document(raw: Any, kb: KnowledgeBase) -> ClientDocument:
    """Validate a parsed document; raise InvalidInput with every problem found."""
    try:
        doc = ClientDocument.model_validate(raw)
    except ValidationError as error:
        raise InvalidInput(pydantic_problems(error)) from error
    found = problems(doc, kb)
    if found:
        raise InvalidInput(found)
    return doc


def today_in(tz: str) -> date:
    return datetime.now(ZoneInfo(tz)).date()


def _fail(found: list[str]) -> int:
    print(json.dumps({"problems": found}, indent=2, ensure_ascii=False), file=sys.stderr)
    return 2


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="stretchwise")
    sub = parser.add_subparsers(dest="command", required=True)
    schema = sub.add_parser("schema", help="print a JSON Schema")
    schema.add_argument("what", choices=["client"])
    run = sub.add_parser("screen", help="screen a client document and print the clearance")
    run.add_argument("document", type=Path, help="client document (JSON), or - for standard input")
    run.add_argument("--on", help="screening date, YYYY-MM-DD (default: today in --tz)")
    run.add_argument("--tz", default="UTC", help="the clinic's time zone (default UTC)")
    run.add_argument("--config", type=Path, help="a knowledge-base overlay that tightens rules")
    plan = sub.add_parser("plan", help="screen a client document and plan a session")
    plan.add_argument("document", type=Path, help="client document (JSON), or - for standard input")
    plan.add_argument("--minutes", type=int, required=True, help="minutes booked (10-240)")
    plan.add_argument("--on", help="session date, YYYY-MM-DD (default: today in --tz)")
    plan.add_argument("--tz", default="UTC", help="the clinic's time zone (default UTC)")
    plan.add_argument("--config", type=Path, help="an overlay: knowledge base and planner")
    plan.add_argument("--seed", type=int, default=0, help="variety between sessions (default 0)")
    args = parser.parse_args(argv)
    try:
        kb = knowledge_base(str(args.config) if getattr(args, "config", None) else None)
    except (KnowledgeError, OverlayError, OSError) as error:
        return _fail(getattr(error, "problems", [str(error)]))
    if args.command == "schema":
        print(json.dumps(json_schema(kb), indent=2, ensure_ascii=False))
        return 0
    try:
        today = today_in(args.tz)
    except (ZoneInfoNotFoundError, ValueError):
        return _fail([f"--tz: no time zone '{args.tz}' (for example Europe/London)"])
    try:
        on = date.fromisoformat(args.on) if args.on else today
    except ValueError:
        return _fail([f"--on: '{args.on}' is not a date (YYYY-MM-DD)"])
    try:
        text = sys.stdin.read() if str(args.document) == "-" else args.document.read_text("utf-8")
        raw = json.loads(text)
    except (OSError, UnicodeDecodeError) as error:
        return _fail([f"{args.document}: cannot be read ({error})"])
    except json.JSONDecodeError as error:
        return _fail([f"{args.document}: not valid JSON ({error})"])
    try:
        doc = read_document(raw, kb)
    except InvalidInput as error:
        return _fail(error.problems)
    if args.command == "plan":
        return _plan(kb, doc, on, args)
    clearance = screen(doc, on, kb)
    print(clearance.model_dump_json(indent=2))
    return 0


def _plan(kb: KnowledgeBase, doc: ClientDocument, on: date, args: argparse.Namespace) -> int:
    from stretchwise.plans.config import ConfigError, from_overlay
    from stretchwise.plans.planner import plan_session

    if not 10 <= args.minutes <= 240:
        return _fail([f"--minutes: {args.minutes} is outside 10-240"])
    try:
        config = from_overlay(str(args.config) if args.config else None)
    except (ConfigError, OverlayError) as error:
        return _fail(error.problems)
    result = plan_session(kb, doc, on, args.minutes, config, seed=args.seed)
    print(result.model_dump_json(indent=2))
    return 0
