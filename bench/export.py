"""Response exports over N responses: CSV and XLSX of the citizen survey, time and peak memory.

For one database (a temporary SQLite file, or a fresh PostgreSQL database whose name starts
with nq57_bench) the script loads N submitted responses with bench/consolidate_data.py (the
same synthetic data as bench/consolidate.py: about 98% citizens, 13.4 answers each), then
runs `flask export responses nguoi-dan-nq57 --format F` in a child process for each format
and reports, per run: rows, file size, wall time, rows per second, and the child's peak
resident memory, beside the peak of a child that loads the app and
stops at once (the floor every export pays before writing a row). Peak memory is the child's
high-water mark (VmHWM) polled from /proc every 50 ms.

Run:  .venv/bin/python bench/export.py --responses 100000
      .venv/bin/python bench/export.py --responses 1000000 \
          --database-url postgresql+psycopg://postgres@127.0.0.1:5432/nq57_bench
Options: --formats csv,xlsx  --labels vi|en|codes  --keep  --seed 57
"""

import argparse
import contextlib
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from consolidate import bench_app, scratch_database  # noqa: E402
from consolidate_data import Generator, count_funnel, load, prepare  # noqa: E402

from app.extensions import db  # noqa: E402
from app.responses.models import Response  # noqa: E402
from app.surveys.models import Survey  # noqa: E402

SLUG = "nguoi-dan-nq57"
FLASK = str(ROOT / ".venv" / "bin" / "flask")


def build(args) -> int:
    """Schema, reference data, links and N responses; returns the citizen survey's count."""
    from flask_migrate import upgrade

    from app.indicators.definitions import seed_indicators
    from app.surveys.files import seed_builtin_surveys
    from app.units.services import seed_units

    rng = random.Random(args.seed)  # reproducible data, not secrets
    upgrade()
    seed_units()
    seed_builtin_surveys()
    seed_indicators()
    db.session.commit()
    plan = prepare(rng, args.responses, 0.02)
    db.session.commit()
    start = time.perf_counter()
    loaded = load(db.engine, Generator(plan, rng, args.responses, 18, 0.03), 20_000)
    count_funnel()
    db.session.commit()
    print(f"Loaded {loaded['responses']:,} responses and {loaded['answers']:,} answers in "
          f"{time.perf_counter() - start:.0f} s", flush=True)  # fmt: skip
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("VACUUM ANALYZE responses, answers"))
    else:
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()
    survey = db.session.scalar(sa.select(Survey.id).where(Survey.slug == SLUG))
    return db.session.scalar(sa.select(sa.func.count(Response.id)).where(
        Response.survey_id == survey))  # fmt: skip


def run_child(url: str, arguments: list[str]) -> tuple[float, int, int]:
    """Run flask with ``arguments``; (seconds, exit status, peak resident memory in bytes).

    The peak is the child's VmHWM, read from /proc while it runs: the high-water mark of the
    program after exec (a forked child's rusage would count the parent's pages too).
    """
    env = {**os.environ, "DATABASE_URL": url}
    start = time.perf_counter()
    child = subprocess.Popen([FLASK, *arguments], env=env, stdout=subprocess.DEVNULL,  # noqa: S603
                             stderr=subprocess.PIPE)  # fmt: skip
    status = Path(f"/proc/{child.pid}/status")
    peak = 0
    while child.poll() is None:
        with contextlib.suppress(OSError):
            for line in status.read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]) * 1024)
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    errors = child.stderr.read().decode()
    child.stderr.close()
    if child.returncode and "no-such-survey" not in arguments:
        print(errors, file=sys.stderr)
    return seconds, child.returncode, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help="sqlite (default: a temporary file) or "
                        "postgresql+psycopg://…/nq57_bench")  # fmt: skip
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--formats", default="csv,xlsx")
    parser.add_argument("--labels", default="vi")
    parser.add_argument("--seed", type=int, default=57)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()
    with scratch_database(args.database_url, args.keep) as url:
        app = bench_app(url)
        engine = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
        print(f"{engine}, {args.responses:,} responses", flush=True)
        with app.app_context():
            rows = build(args)
            db.session.remove()
            db.engine.dispose()
        floor = run_child(url, ["export", "responses", "no-such-survey", "-o", "/dev/null"])
        print(f"\nCitizen survey: {rows:,} responses. App loaded, nothing exported: peak "
              f"{floor[2] / 2**20:.0f} MB, {floor[0]:.1f} s\n")  # fmt: skip
        print(f"{'format':8}{'rows':>11}{'size':>10}{'seconds':>9}{'rows/s':>10}{'peak RSS':>10}")
        with tempfile.TemporaryDirectory(prefix="nq57-export-") as tmp:
            for fmt in args.formats.split(","):
                target = Path(tmp) / f"export.{fmt}"
                seconds, code, peak = run_child(url, ["export", "responses", SLUG, "--format",
                                                      fmt, "--labels", args.labels,
                                                      "-o", str(target)])  # fmt: skip
                if code:
                    raise SystemExit(f"{fmt} export failed ({code})")
                size = target.stat().st_size
                print(f"{fmt:8}{rows:>11,}{size / 2**20:>8.0f}MB{seconds:>9.1f}"
                      f"{rows / seconds:>10,.0f}{peak / 2**20:>8.0f}MB", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
