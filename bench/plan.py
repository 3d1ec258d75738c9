"""Planner figures: session plans and 12-week programme skeletons for 1,000 generated clients.

Clients come from bench/screen.py's generator (the same variety of answers, sites, replacements,
clots, documents and restrictions), with a straight-leg raise for a third of them and a booking of
20 to 90 minutes. Only clients the screening clears get a plan; the generator draws until it has
1,000 of them. Each plan is timed from the validated document to the plan, `plan_session`
(screening included, as the CLI and API do); each programme with `plans.programme.programme`.
A warm-up pass comes first, then `runs` timed passes over the same clients.

Prints JSON with one value per pass for the timings, plus the plan figures (position changes,
time deviation excluding deliberately short plans, the share of short plans); a progress bar goes
to standard error.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screen import Generator, percentile, progress

from stretchwise.library.knowledge import knowledge_base
from stretchwise.plans.config import DEFAULTS
from stretchwise.plans.planner import plan_session
from stretchwise.plans.programme import programme
from stretchwise.screening.cli import read_document
from stretchwise.screening.document import ClientDocument
from stretchwise.screening.engine import screen

CLIENTS = 1_000
SEED = 20261207


def corpus(n: int) -> list[tuple[ClientDocument, dt.date, int, int]]:
    kb = knowledge_base()
    generator = Generator(kb, SEED)
    rng = random.Random(SEED)
    found: list[tuple[ClientDocument, dt.date, int, int]] = []
    while len(found) < n:
        raw, on = generator.document()
        if rng.random() < 1 / 3:
            day = raw["intake"]["date"]
            raw["assessments"] = [
                {
                    "on": day,
                    "tests": [
                        {
                            "test": "straight-leg-raise",
                            "side": side,
                            "value": rng.randint(25, 80),
                            "symptoms": [{"quality": "shooting", "area": "calf"}]
                            if side == "left" and rng.random() < 0.3
                            else [],
                        }
                        for side in ("left", "right")
                    ],
                }
            ]
        doc = read_document(raw, kb)
        if screen(doc, on, kb).allows_physical_work:
            found.append((doc, on, rng.randint(20, 90), rng.randint(0, 10_000)))
    return found


def main(runs: int, clients: int = CLIENTS) -> None:
    kb = knowledge_base()
    cases = corpus(clients)
    changes, deviations, short = [], [], 0
    for doc, on, minutes, seed in cases:  # warm-up, and the plan figures
        plan = plan_session(kb, doc, on, minutes, DEFAULTS, seed).plan
        assert plan is not None
        changes.append(plan.position_changes)
        if plan.short:
            short += 1
        else:
            deviations.append(abs(plan.time_deviation_pct))
        programme(kb, doc, on, DEFAULTS)
    session_p50, session_p99, programme_p50 = [], [], []
    step = max(1, clients // 40)
    for run in range(1, runs + 1):
        sessions, programmes = [], []
        for n, (doc, on, minutes, seed) in enumerate(cases, 1):
            start = time.perf_counter_ns()
            plan_session(kb, doc, on, minutes, DEFAULTS, seed)
            middle = time.perf_counter_ns()
            programme(kb, doc, on, DEFAULTS)
            sessions.append((middle - start) / 1e6)
            programmes.append((time.perf_counter_ns() - middle) / 1e6)
            if n % step == 0 or n == clients:
                progress(n, clients, f"planning, pass {run}/{runs}")
        sessions.sort()
        programmes.sort()
        session_p50.append(percentile(sessions, 50))
        session_p99.append(percentile(sessions, 99))
        programme_p50.append(percentile(programmes, 50))
    out: dict[str, Any] = {
        "session_p50_ms": session_p50,
        "session_p99_ms": session_p99,
        "programme_p50_ms": programme_p50,
        "position_changes_mean": statistics.fmean(changes),
        "time_deviation_pct_mean": statistics.fmean(deviations) if deviations else 0.0,
        "short_share": short / clients,
        "clients": clients,
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
