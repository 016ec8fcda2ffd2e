"""Citizen path under load: complete responses per second through gunicorn, against a floor.

A complete response is GET /s/<token> (form, CSRF token, session cookie) plus one POST of a
12-question page answered 303 to the thanks page. For each database (SQLite file in a temp
dir, or a fresh PostgreSQL database) this script migrates and seeds it, creates a published
one-page survey with a public link through the app's services, serves the app with gunicorn
(APP_ENV=production), runs N concurrent respondents for a fixed time at each level, then does
the same against bench/floor_app.py (a minimal Flask + SQLAlchemy app writing the same rows).
It prints responses/s, latency percentiles, errors, the ratio to the floor, and checks that
the database holds exactly as many complete responses as the clients saw accepted.

Run:  .venv/bin/python bench/load_submit.py
      .venv/bin/python bench/load_submit.py --database sqlite \
          --database postgresql+psycopg://postgres@127.0.0.1:5432/nq57_bench
Options: --clients 8,32  --seconds 10  --warmup 2  --workers 2  --threads 2
"""

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _client import Results, percentile, run_load
from _server import (
    PYTHON,
    ROOT,
    Gunicorn,
    app_env,
    free_port,
    run,
    scratch_database,
    system_busy,
)
from _survey import ANSWER_ROWS, answer_form

APP_COUNT = sa.text(
    "SELECT count(*), (SELECT count(*) FROM answers a JOIN responses r ON r.id = a.response_id"
    " WHERE r.survey_id = :s AND r.status = 'complete'),"
    " (SELECT completes FROM links WHERE survey_id = :s)"
    " FROM responses WHERE survey_id = :s AND status = 'complete'"
)
FLOOR_COUNT = sa.text(
    "SELECT count(*), (SELECT count(*) FROM bench_floor_answers), count(*)"
    " FROM bench_floor_responses WHERE status = 'complete'"
)


def stored(engine, query, survey_id: int) -> tuple[int, int, int]:
    """(complete responses, their answer rows, the link's completes counter)."""
    with engine.connect() as conn:
        return tuple(conn.execute(query, {"s": survey_id}).one())


def wait_for_quiet(limit: float) -> float:
    """Wait (up to ``limit`` seconds) for 3 quiet seconds in a row: other processes using
    under 25% of a core. The server is idle between runs, so what is busy is other work.
    Returns the last second's load, in % of one core."""
    deadline, quiet = time.monotonic() + limit, 0
    while True:
        start, (busy0, _) = time.monotonic(), system_busy()
        time.sleep(1)
        load = (system_busy()[0] - busy0) / (time.monotonic() - start) * 100
        quiet = quiet + 1 if load < 25 else 0
        if quiet >= 3 or time.monotonic() >= deadline:
            return load


def measure(server: Gunicorn, path: str, form, clients: int, args, engine, count) -> dict:
    """Warm up, then one measured run at ``clients``; returns the figures of the run."""
    background = wait_for_quiet(args.idle_wait)
    run_load(server.port, path, form, clients, args.warmup)
    before = stored(engine, count, args.survey_id)
    busy0, total0 = system_busy()
    (server0, db0), client0 = server.cpu_seconds(), time.process_time()
    results: Results = run_load(server.port, path, form, clients, args.seconds)
    busy1, total1 = system_busy()
    (server1, db1), client1 = server.cpu_seconds(), time.process_time()
    cpus = (total1 - total0) / results.seconds  # cores the machine has
    after = stored(engine, count, args.survey_id)
    added = [a - b for a, b in zip(after, before, strict=True)]
    consistent = added[0] == results.ok and added[1] == ANSWER_ROWS * results.ok
    return {
        "ok": results.ok, "rate": results.rate, "errors": dict(results.errors),
        "p50": percentile(results.full, 50), "p95": percentile(results.full, 95),
        "p99": percentile(results.full, 99), "get_p50": percentile(results.get, 50),
        "get_p99": percentile(results.get, 99), "post_p50": percentile(results.post, 50),
        "post_p99": percentile(results.post, 99),
        "stored": added[0], "answers": added[1], "counter": added[2],
        "check": "OK" if consistent and added[2] == added[0] else "MISMATCH",
        "cpu_total": (busy1 - busy0) / results.seconds * 100, "cpus": cpus,
        "cpu_server": (server1 - server0) / results.seconds * 100,
        "cpu_db": (db1 - db0) / results.seconds * 100,
        "cpu_client": (client1 - client0) / results.seconds * 100,
        "cpu_before": background,
    }  # fmt: skip


def bench_engine(spec: str, args, tmp: Path) -> list[dict]:
    """Every level against the app, then against the floor, on one database."""
    log = tmp / "server.log"
    rows = []
    with scratch_database(spec, tmp) as url:
        port = free_port()
        env = app_env(url, port, args.workers, args.threads)
        run([PYTHON, "-m", "flask", "db", "upgrade"], env, log)
        run([PYTHON, "-m", "flask", "seed"], env, log)
        made = json.loads(run([PYTHON, str(ROOT / "bench" / "_survey.py")], env, log))
        args.survey_id = made["survey_id"]
        form = lambda rng: answer_form(made["commune"], rng)  # noqa: E731
        engine = sa.create_engine(url)
        try:
            with Gunicorn("wsgi:app", env, port, log, "/healthz") as server:
                for clients in args.clients:
                    figures = measure(server, f"/s/{made['token']}", form, clients, args, engine,
                                      APP_COUNT)  # fmt: skip
                    rows.append({"engine": _engine_name(url), "clients": clients, "app": figures})
                    _print_run("app", rows[-1])
            port = free_port()
            env = app_env(url, port, args.workers, args.threads)
            with Gunicorn("bench.floor_app:app", env, port, log, "/floor") as server:
                for row in rows:
                    row["floor"] = measure(server, "/floor", form, row["clients"], args, engine,
                                           FLOOR_COUNT)  # fmt: skip
                    _print_run("floor", row)
        finally:
            engine.dispose()
    return rows


def _engine_name(url: str) -> str:
    return "PostgreSQL" if url.startswith("postgresql") else "SQLite"


def _print_run(kind: str, row: dict) -> None:
    r = row[kind]
    print(f"  {row['engine']:<10} {kind:<5} {row['clients']:>3} clients: {r['ok']:>6} ok, "
          f"{r['rate']:7.1f}/s, p50 {r['p50']:6.1f} p95 {r['p95']:6.1f} p99 {r['p99']:6.1f} ms, "
          f"errors {r['errors'] or 0}, stored {r['stored']} {r['check']}, CPU "
          f"{r['cpu_total']:.0f}% of {r['cpus'] * 100:.0f}% (server {r['cpu_server']:.0f}%, "
          f"postgres {r['cpu_db']:.0f}%, client {r['cpu_client']:.0f}%, other {_other(r):.0f}%; "
          f"busy before {r['cpu_before']:.0f}%), server CPU "
          f"{_cpu_ms(r):.1f} ms/response", flush=True)  # fmt: skip


def print_table(rows: list[dict]) -> None:
    print(
        "\n| engine | clients | responses/s | p50 ms | p95 ms | p99 ms | GET p50/p99 ms "
        "| POST p50/p99 ms | errors | floor/s | floor p99 ms | ratio | server CPU ms/response "
        "(app / floor) | stored == accepted | other CPU % (app / floor) |"
    )
    print("|" + " --- |" * 15)
    for row in rows:
        a, f = row["app"], row["floor"]
        errors = ", ".join(f"{k}: {v}" for k, v in a["errors"].items()) or "0"
        check = f"{a['check']} ({a['stored']} = {a['ok']}); floor {f['check']}"
        print(f"| {row['engine']} | {row['clients']} | {a['rate']:.1f} | {a['p50']:.1f} "
              f"| {a['p95']:.1f} | {a['p99']:.1f} | {a['get_p50']:.1f} / {a['get_p99']:.1f} "
              f"| {a['post_p50']:.1f} / {a['post_p99']:.1f} | {errors} | {f['rate']:.1f} "
              f"| {f['p99']:.1f} | {a['rate'] / f['rate']:.0%} | {_cpu_ms(a):.1f} / "
              f"{_cpu_ms(f):.1f} | {check} | {_other(a):.0f} / {_other(f):.0f} |")  # fmt: skip


def _other(r: dict) -> float:
    """CPU (% of one core) used during the run by neither the server, PostgreSQL nor the client:
    other work on the machine, which makes the run's figures worse than they should be."""
    return r["cpu_total"] - r["cpu_server"] - r["cpu_db"] - r["cpu_client"]


def _cpu_ms(r: dict) -> float:
    """Server CPU time per accepted response, in milliseconds."""
    return r["cpu_server"] * 10 / r["rate"] if r["rate"] else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", action="append", help="sqlite (default) or "
                        "postgresql+psycopg://…/nq57_bench; may be repeated")  # fmt: skip
    parser.add_argument("--clients", default="8,32", help="concurrency levels (default 8,32)")
    parser.add_argument("--seconds", type=float, default=10, help="measured seconds per level")
    parser.add_argument("--warmup", type=float, default=2, help="unmeasured seconds per level")
    parser.add_argument("--idle-wait", type=float, default=60,
                        help="seconds to wait for other load on the machine to end")  # fmt: skip
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=2, help="gunicorn threads per worker")
    args = parser.parse_args()
    args.clients = [int(c) for c in args.clients.split(",")]
    print(f"workers={args.workers} threads={args.threads} clients={args.clients} "
          f"seconds={args.seconds} warmup={args.warmup}", flush=True)  # fmt: skip
    rows = []
    for spec in args.database or ["sqlite"]:
        with tempfile.TemporaryDirectory(prefix="nq57-bench-") as tmp:
            rows += bench_engine(spec, args, Path(tmp))
    print_table(rows)
    bad = [r for r in rows if "MISMATCH" in (r["app"]["check"], r["floor"]["check"])]
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
