"""Knowledge-base figures, each from fresh processes so nothing is cached between runs.

Prints JSON: {"load_cold_ms": [...], "lookup_us": [...]}. Interpreter start-up is excluded:
each child imports the loader first and times only the parse and validation.
"""

from __future__ import annotations

import json
import subprocess
import sys

CHILD = r"""
import json, time, timeit
from stretchwise.library import knowledge
start = time.perf_counter()
kb = knowledge.load(knowledge.DATA)
load_ms = (time.perf_counter() - start) * 1000
slug = next(iter(kb.stretches))
base = knowledge.knowledge_base()
n = 200_000
lookup_us = timeit.timeit(lambda: knowledge.knowledge_base().stretches[slug], number=n) / n * 1e6
print(json.dumps({"load_ms": load_ms, "lookup_us": lookup_us}))
"""


def main(runs: int) -> None:
    loads, lookups = [], []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", CHILD], capture_output=True, text=True, check=True
        ).stdout
        figures = json.loads(out)
        loads.append(figures["load_ms"])
        lookups.append(figures["lookup_us"])
    print(json.dumps({"load_cold_ms": loads, "lookup_us": lookups}))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
