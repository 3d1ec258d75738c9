"""`make bench`: serve the app as docs/deployment.md recommends; measure from a second process.

Each HTTP figure comes from wrk (a compiled load generator) on loopback, after a warm-up, as the
median of interleaved repeated runs. Results go to bench/results/latest.json and are printed.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
WORK = ROOT / "var" / "bench"
BIN = Path(sys.executable).parent


@dataclass
class Server:
    name: str
    clients: int
    port: int
    env: dict[str, str] = field(default_factory=dict)
    token: str = ""
    cookie: str = ""
    process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass(frozen=True)
class Load:
    """One wrk configuration; the figures it feeds are named in `figures`."""

    key: str
    server: str
    path: str
    connections: int
    auth: str  # "cookie" or "token"
    figures: dict[str, str]  # figure id -> "rps" | "p50" | "p99"


AIMS = {
    "web.client_list.rps": ">= 120",
    "web.client_list.p99_ms": "< 120",
    "web.client_list.p50_ms_c1": "< 10",
    "web.client_list.rps_at_100_clients": "(reference for the 10,000-client figure: within 25 %)",
    "api.clients.rps": ">= 150",
    "api.clients.p99_ms": "< 120",
    "api.clients.p50_ms_c1": "< 10",
    "api.stretches.rps": ">= 500",
    "api.stretches.p99_ms": "< 50",
    "api.stretches.p50_ms_c1": "(reference)",
    "kb.load_cold_ms": "< 300",
    "kb.lookup_us": "< 10",
    "screen.p50_ms": "< 1",
    "screen.p99_ms": "(reference)",
    "plan.session.p50_ms": "< 5",
    "plan.session.p99_ms": "< 20",
    "plan.programme.p50_ms": "< 50",
    "plan.position_changes_mean": "(reference)",
    "plan.time_deviation_pct_mean": "< 5",
    "plan.short_share": "(reference)",
}
UNITS = {"rps": "requests/s", "p50": "ms", "p99": "ms"}

LOADS = [
    Load(
        "web-c8",
        "big",
        "/clients/",
        8,
        "cookie",
        {"web.client_list.rps": "rps", "web.client_list.p99_ms": "p99"},
    ),
    Load("web-c1", "big", "/clients/", 1, "cookie", {"web.client_list.p50_ms_c1": "p50"}),
    Load(
        "web-small-c8",
        "small",
        "/clients/",
        8,
        "cookie",
        {"web.client_list.rps_at_100_clients": "rps"},
    ),
    Load(
        "api-c8",
        "big",
        "/api/v1/clients?limit=25",
        8,
        "token",
        {"api.clients.rps": "rps", "api.clients.p99_ms": "p99"},
    ),
    Load("api-c1", "big", "/api/v1/clients?limit=25", 1, "token", {"api.clients.p50_ms_c1": "p50"}),
    Load(
        "stretches-c8",
        "big",
        "/api/v1/stretches?limit=20",
        8,
        "none",
        {"api.stretches.rps": "rps", "api.stretches.p99_ms": "p99"},
    ),
    Load(
        "stretches-c1",
        "big",
        "/api/v1/stretches?limit=20",
        1,
        "none",
        {"api.stretches.p50_ms_c1": "p50"},
    ),
]


def say(message: str) -> None:
    print(message, flush=True)


def prepare(server: Server) -> None:
    folder = WORK / server.name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    server.env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "stretchwise.settings",
        "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        "STRETCHWISE_VAR_DIR": str(folder),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "ERROR",
        "SIGN_IN_MAX_FAILURES": "5",
    }
    run([str(BIN / "stretchwise"), "migrate", "--noinput", "-v0"], server.env)
    run([str(BIN / "stretchwise"), "collectstatic", "--noinput", "-v0"], server.env)
    out = run(
        [str(BIN / "python"), str(ROOT / "bench" / "seed.py"), str(server.clients)], server.env
    )
    server.token = out.strip().splitlines()[-1]


def run(command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    return done.stdout


def start(server: Server) -> None:
    server.process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "stretchwise.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{server.port}",
            "--log-level",
            "warning",
        ],
        env=server.env,
        cwd=ROOT,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(server.base + "/accounts/sign-in/", timeout=1).read()
            break
        except OSError:
            time.sleep(0.1)
    else:
        raise SystemExit(f"gunicorn for {server.name} did not start")
    server.cookie = sign_in(server)


def sign_in(server: Server) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(server.base + "/accounts/sign-in/").read()
    csrf = next(c.value for c in jar if c.name == "csrftoken")
    body = urllib.parse.urlencode(
        {
            "email": "bench@bench.example",
            "password": "bench-password-2026",
            "csrfmiddlewaretoken": csrf,
        }
    ).encode()
    request = urllib.request.Request(
        server.base + "/accounts/sign-in/",
        data=body,
        headers={"Referer": server.base + "/accounts/sign-in/"},
    )
    opener.open(request).read()
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        raise SystemExit("could not sign in to the benchmark server")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def stop(server: Server) -> None:
    if server.process is not None:
        os.killpg(server.process.pid, signal.SIGTERM)
        server.process.wait(timeout=20)


LATENCY = re.compile(r"^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", re.M)
SCALE = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(server: Server, load: Load, seconds: int) -> dict[str, float]:
    header = {
        "cookie": f"Cookie: {server.cookie}",
        "token": f"Authorization: Bearer {server.token}",
        "none": "Accept: application/json",
    }[load.auth]
    threads = min(2, load.connections)
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{load.connections}",
            f"-d{seconds}s",
            "--latency",
            "--timeout",
            "5s",
            "-H",
            header,
            server.base + load.path,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout
    figures = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}  # type: ignore[union-attr]
    for pct, value, unit in LATENCY.findall(out):
        figures[f"p{pct}"] = float(value) * SCALE[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    figures["non_2xx"] = float(errors.group(1)) if errors else 0.0
    return figures


def knowledge_base_figures(runs: int) -> dict[str, dict[str, Any]]:
    say("measuring the knowledge base in fresh processes…")
    out = run(
        [str(BIN / "python"), str(ROOT / "bench" / "kb.py"), str(max(runs, 5))], dict(os.environ)
    )
    samples = json.loads(out)
    details = {"runs": len(samples["load_cold_ms"]), "how": "fresh process each run, bench/kb.py"}
    return {
        "kb.load_cold_ms": {
            "value": round(statistics.median(samples["load_cold_ms"]), 2),
            "unit": "ms",
            "aim": AIMS["kb.load_cold_ms"],
            "details": {
                **details,
                "each_run": [round(v, 1) for v in samples["load_cold_ms"]],
                "what": "parse and validate every YAML file, no cache, start-up excluded",
            },
        },
        "kb.lookup_us": {
            "value": round(statistics.median(samples["lookup_us"]), 3),
            "unit": "µs",
            "aim": AIMS["kb.lookup_us"],
            "details": {**details, "what": "warm lookup of a stretch by slug, 200,000 times"},
        },
    }


def screening_figures(runs: int) -> dict[str, dict[str, Any]]:
    say("screening 10,000 generated client documents in-process…")
    # Standard error is left to the terminal: bench/screen.py draws its progress bar there.
    done = subprocess.run(
        [str(BIN / "python"), str(ROOT / "bench" / "screen.py"), str(runs)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit("bench/screen.py failed")
    samples = json.loads(done.stdout)
    details = {
        "documents": samples["documents"],
        "runs": runs,
        "decisions": samples["decisions"],
        "how": "bench/screen.py: one process, a warm-up pass, then the same documents per run",
        "what": "read_document (validation and knowledge-base checks) + screen, per document; "
        "JSON parsing excluded",
    }
    return {
        f"screen.{name}": {
            "value": round(statistics.median(samples[name]), 3),
            "unit": "ms",
            "aim": AIMS[f"screen.{name}"],
            "details": {**details, "each_run": [round(v, 3) for v in samples[name]]},
        }
        for name in ("p50_ms", "p99_ms")
    }


def planning_figures(runs: int) -> dict[str, dict[str, Any]]:
    say("planning sessions and programmes for 1,000 generated clients in-process…")
    # Standard error is left to the terminal: bench/plan.py draws its progress bar there.
    done = subprocess.run(
        [str(BIN / "python"), str(ROOT / "bench" / "plan.py"), str(runs)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit("bench/plan.py failed")
    samples = json.loads(done.stdout)
    details = {
        "clients": samples["clients"],
        "runs": runs,
        "how": "bench/plan.py: one process, a warm-up pass, then the same cleared clients per run",
    }
    timed = {
        "plan.session.p50_ms": ("session_p50_ms", "plan_session (screening included) per client"),
        "plan.session.p99_ms": ("session_p99_ms", "plan_session (screening included) per client"),
        "plan.programme.p50_ms": (
            "programme_p50_ms",
            "plans.programme.programme, 12-week skeleton",
        ),
    }
    figures: dict[str, dict[str, Any]] = {
        figure: {
            "value": round(statistics.median(samples[key]), 3),
            "unit": "ms",
            "aim": AIMS[figure],
            "details": {**details, "what": what, "each_run": [round(v, 3) for v in samples[key]]},
        }
        for figure, (key, what) in timed.items()
    }
    plain = {
        "plan.position_changes_mean": ("position_changes_mean", "changes", "per plan"),
        "plan.time_deviation_pct_mean": (
            "time_deviation_pct_mean",
            "%",
            "mean |time deviation| of the items against the time available; short plans excluded",
        ),
        "plan.short_share": ("short_share", "share", "plans deliberately shorter than booked"),
    }
    for figure, (key, unit, what) in plain.items():
        figures[figure] = {
            "value": round(samples[key], 3),
            "unit": unit,
            "aim": AIMS[figure],
            "details": {**details, "what": what},
        }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--only",
        default=os.environ.get("BENCH", ""),
        help="figure id prefix, e.g. web. or api.clients",
    )
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", 15)))
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", 3)))
    args = parser.parse_args()
    in_process = [
        figures_of
        for prefix, figures_of in (
            ("kb.", knowledge_base_figures),
            ("screen.", screening_figures),
            ("plan.", planning_figures),
        )
        if prefix.startswith(args.only) or args.only.startswith(prefix)
    ]
    loads = [load for load in LOADS if any(f.startswith(args.only) for f in load.figures)]
    if not loads and not in_process:
        raise SystemExit(f"no figure starts with {args.only!r}; see docs/benchmarks.md")
    if loads and shutil.which("wrk") is None:  # only the HTTP figures need it
        raise SystemExit("wrk is missing: apt-get install wrk (see docs/benchmarks.md)")
    results: dict[str, dict[str, Any]] = {}
    for figures_of in in_process:
        results.update(figures_of(args.runs))
    servers = {
        name: Server(name, n, port)
        for name, n, port in (("big", 10_000, 8761), ("small", 100, 8762))
    }
    needed = {load.server for load in loads}
    samples: dict[str, list[dict[str, float]]] = {load.key: [] for load in loads}
    try:
        for name in sorted(needed):
            say(f"preparing {servers[name].clients:,} clients in a fresh SQLite database…")
            prepare(servers[name])
            start(servers[name])
        for load in loads:  # warm-up: every worker has loaded templates and warmed its caches
            wrk(servers[load.server], load, 3)
        total = args.runs * len(loads)
        step = 0
        for run_no in range(1, args.runs + 1):
            for load in loads:  # interleaved, so slow drift of the machine spreads over all figures
                step += 1
                bar = "#" * (20 * step // total)
                say(f"[{bar:<20}] {step}/{total}  run {run_no}: {load.key} ({args.seconds}s)")
                samples[load.key].append(wrk(servers[load.server], load, args.seconds))
    finally:
        for server in servers.values():
            stop(server)
    for load in loads:
        for figure, measure in load.figures.items():
            values = [s[measure] for s in samples[load.key]]
            results[figure] = {
                "value": round(statistics.median(values), 2),
                "unit": UNITS[measure],
                "aim": AIMS[figure],
                "details": {
                    "clients_in_database": servers[load.server].clients,
                    "path": load.path,
                    "concurrency": load.connections,
                    "runs": len(values),
                    "seconds_per_run": args.seconds,
                    "each_run": [round(v, 2) for v in values],
                    "non_2xx_responses": sum(s["non_2xx"] for s in samples[load.key]),
                    "server": "gunicorn, 2 sync workers, DEBUG off, SQLite WAL",
                    "load_generator": f"wrk -c{load.connections} on loopback",
                },
            }
    if "web.client_list.rps" in results and "web.client_list.rps_at_100_clients" in results:
        big = results["web.client_list.rps"]["value"]
        small = results["web.client_list.rps_at_100_clients"]["value"]
        results["web.client_list.rps"]["details"]["ratio_to_100_clients"] = round(big / small, 3)
    RESULTS.mkdir(parents=True, exist_ok=True)
    previous = {}
    latest = RESULTS / "latest.json"
    if latest.exists() and args.only:
        previous = json.loads(latest.read_text())  # a subset run keeps the other figures
    merged = {**previous, **results}
    latest.write_text(json.dumps(merged, indent=2) + "\n")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (RESULTS / f"{stamp}.json").write_text(json.dumps(results, indent=2) + "\n")
    say("")
    say(f"{'figure':<38} {'value':>10}  unit          aim")
    for figure, result in results.items():
        say(f"{figure:<38} {result['value']:>10}  {result['unit']:<13} {result['aim']}")
    say(f"\nwritten to {latest.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
