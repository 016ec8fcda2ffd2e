"""Consolidation over N responses: the indicator dashboard read from running tallies, against
a floor of one hand-written SQL query per indicator and against GROUP BY over the raw answers.

For one database (a temporary SQLite file, or a fresh PostgreSQL database, whose name must
start with nq57_bench, made through the `postgres` database and dropped at the end unless
--keep) the script:

1. runs the migrations, seeds units, built-in surveys and indicators, sets the department's
   headcounts, adds small registers, a poster link per commune and three province-wide links
   (portal, Zalo, event) for the citizen survey, and an enterprise register with one
   invitation each (bench/consolidate_data.py);
2. generates N submitted responses with their answers: citizens (about 13.4 answers each),
   enterprises (--enterprise-share, 2%), staff (85% of the department's headcount); over the
   communes in proportion to population, over the last 18 months (more lately), 3% excluded;
   COPY on PostgreSQL, executemany in big transactions with synchronous=OFF on SQLite; then
   ANALYZE (autovacuum would on PostgreSQL; --no-analyze to skip);
3. rebuilds every tally with rebuild_all_tallies() (what a definition edit costs, per
   indicator) and counts the tally rows;
4. times, best of --runs (5; 2 when the warm-up took over 20 s) after one warm-up, each run
   in a fresh session, after waiting (--idle-wait) for other programs to leave the machine:
   (a) consolidate(period): every active indicator, with the previous period;
   (b) (a) plus compute(..., breakdown=b) for every breakdown of every indicator;
   (c) the dashboard page through the test client, signed in as a manager (skipped when the
       route --dashboard-endpoint, indicators.index, does not exist); (c2) every indicator's
       detail page (indicators.detail: breakdowns and trend), all of them in one run;
   (d) the floor: one hand-written SQL query per indicator (bench/consolidate_floor.py);
   (e) the raw path: the tallies' own outcome SELECT (tallies._outcomes) over all responses,
       per survey indicator, without the tallies; (e2) the same limited to the two periods;
5. prints a table (best and median ms, SQL statements per run, ratios) and the sizes of
   responses, answers and indicator_tallies, and checks the tallies against the floor.

Run:  .venv/bin/python bench/consolidate.py --responses 20000
      .venv/bin/python bench/consolidate.py \
          --database-url postgresql+psycopg://postgres@127.0.0.1:5432/nq57_bench
Options: --responses 1000000  --period 2026H2  --runs 5  --keep  --seed 57  --batch 20000
         --idle-wait 60 (before each measurement, wait for other programs to go quiet)
"""

import argparse
import contextlib
import os
import re
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from consolidate_data import Generator, count_funnel, load, prepare
from consolidate_floor import SQLITE_VARIANTS, VARIANTS, register_floor, survey_floor

from app import create_app
from app.extensions import db
from app.indicators.models import Indicator, IndicatorTally
from app.indicators.periods import parse_period, previous, utc_bounds
from app.indicators.queries import Filters, list_indicators
from app.indicators.services import compute, consolidate
from app.indicators.tallies import _outcomes, rebuild_all_tallies
from app.responses.models import Response
from app.surveys.models import Survey
from config import Config

BENCH_DB_PREFIX = "nq57_bench"
PASSWORD = "bench-manager-password-57"  # noqa: S105 - a throwaway account in a scratch database
SLOW = 20.0  # seconds: a warm-up slower than this cuts the measured runs to 2
TICKS = os.sysconf("SC_CLK_TCK")
TREND = 6  # periods of history on a detail page (app.indicators.views.TREND_PERIODS)


# -- database -------------------------------------------------------------------------------


@contextlib.contextmanager
def scratch_database(spec: str | None, keep: bool):
    """Yield a database URL: an SQLite file in a temporary directory, or a fresh PostgreSQL
    database (dropped and created through ``postgres`` with psycopg, dropped at the end)."""
    if not spec or spec == "sqlite":
        if keep:
            path = Path(tempfile.mkdtemp(prefix="nq57-consolidate-")) / "bench.sqlite3"
            print(f"SQLite file (kept): {path}")
            yield f"sqlite:///{path}"
            return
        with tempfile.TemporaryDirectory(prefix="nq57-consolidate-") as tmp:
            yield f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        return
    if spec.startswith("sqlite"):
        yield spec
        return
    import psycopg

    url = sa.make_url(spec)
    name = url.database or BENCH_DB_PREFIX
    if not re.fullmatch(r"[a-z0-9_]+", name) or not name.startswith(BENCH_DB_PREFIX):
        raise SystemExit(f"refusing database {name!r}: its name must start with {BENCH_DB_PREFIX}")
    connect = {"host": url.host, "port": url.port, "user": url.username,
               "password": url.password, "dbname": "postgres", "autocommit": True}  # fmt: skip
    with psycopg.connect(**{k: v for k, v in connect.items() if v is not None}) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        if keep:
            print(f"PostgreSQL database kept: {name}")
        else:
            with psycopg.connect(**{k: v for k, v in connect.items() if v is not None}) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def bench_app(url: str):
    class BenchConfig(Config):
        SQLALCHEMY_DATABASE_URI = url
        SECRET_KEY = "bench-secret-key-" + "x" * 32
        LOGIN_RATE_LIMIT = "1000 per minute"

    return create_app(BenchConfig)


def analyze(tables: list[str]) -> float:
    """Fresh planner statistics (and, on PostgreSQL, the visibility map) after a bulk load."""
    start = time.perf_counter()
    engine = db.engine
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for table in tables:
                conn.execute(sa.text(f"VACUUM (ANALYZE) {table}"))
    else:
        with engine.begin() as conn:
            conn.execute(sa.text("ANALYZE"))
    return time.perf_counter() - start


def sizes() -> dict[str, int]:
    """Bytes used by each table with its indexes, and by the whole database."""
    tables = ("responses", "answers", "indicator_tallies")
    if db.engine.dialect.name == "postgresql":
        found = {t: db.session.scalar(sa.text(f"SELECT pg_total_relation_size('{t}')"))
                 for t in tables}  # fmt: skip
        found["database"] = db.session.scalar(
            sa.text("SELECT pg_database_size(current_database())")
        )
        return found
    rows = db.session.execute(sa.text(
        "SELECT m.tbl_name, SUM(s.pgsize) FROM dbstat s JOIN sqlite_master m ON m.name = s.name"
        " GROUP BY m.tbl_name"
    )).all()  # fmt: skip
    found = {t: dict(rows).get(t, 0) for t in tables}
    found["database"] = sum(n for _, n in rows)
    return found


# -- timing ---------------------------------------------------------------------------------


class Meter:
    """SQL statements sent, and CPU: this benchmark's process group; PostgreSQL (the machine's
    busy time left after us and the others, so it includes the parallel workers of our
    queries, which come and go too fast to be read from /proc); and other programs: processes
    outside our group that are not PostgreSQL, and PostgreSQL backends of other databases,
    alive at the end of the measurement (an estimate from below: programs that ended during
    it are missed). Other programs make the figures worse than they should be."""

    def __init__(self, engine, idle_wait: float):
        self.n, self.idle_wait = 0, idle_wait
        self.database = engine.url.database if engine.dialect.name == "postgresql" else None
        sa.event.listen(engine, "before_cursor_execute", self._count)

    def _count(self, *_args) -> None:
        self.n += 1

    def cpu(self) -> dict:
        """Machine busy seconds, wall time, and CPU seconds per process: ours or other's."""
        group, ours, others = os.getpgid(0), 0, {}
        mine = f" {self.database} ".encode() if self.database else None
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                stat = Path(entry.path, "stat").read_text()
                fields = stat[stat.rindex(")") + 2 :].split()
                ticks = int(fields[11]) + int(fields[12])
                if int(fields[2]) == group:
                    ours += ticks
                elif stat[stat.index("(") + 1 : stat.rindex(")")] != "postgres":
                    others[entry.name] = ticks
                else:
                    command = Path(entry.path, "cmdline").read_bytes()
                    client = b"127.0.0.1(" in command or b"[local]" in command
                    if client and (mine is None or mine not in command):
                        others[entry.name] = ticks  # a backend of another database
            except (OSError, ValueError, IndexError):
                continue
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
        busy = (sum(values) - values[3] - values[4]) / TICKS
        return {"busy": busy, "ours": ours / TICKS, "others": others, "wall": time.monotonic()}

    def wait_for_quiet(self) -> float:
        """Wait (up to --idle-wait seconds) for 3 seconds in a row in which other programs use
        under 25% of a core; returns the last second's load in % of a core."""
        deadline, quiet, load = time.monotonic() + self.idle_wait, 0, 0.0
        while self.idle_wait > 0:
            before = self.cpu()
            time.sleep(1)
            load = _shares(before, self.cpu())[1]
            quiet = quiet + 1 if load < 25 else 0
            if quiet >= 3 or time.monotonic() >= deadline:
                break
        return load


def _shares(before: dict, after: dict) -> tuple[float, float]:
    """(PostgreSQL, other programs) between two readings, in % of one core."""
    wall = after["wall"] - before["wall"]
    if wall <= 0:
        return 0.0, 0.0
    other = sum(t - before["others"].get(pid, 0) for pid, t in after["others"].items()) / TICKS
    rest = after["busy"] - before["busy"] - (after["ours"] - before["ours"]) - other
    return max(rest, 0) / wall * 100, other / wall * 100


def _other(before: dict, after: dict) -> float:
    return _shares(before, after)[1]


def timed(fn, runs: int, meter: Meter, fresh=None) -> dict:
    """One warm-up, then the best and median of ``runs`` (2 when the warm-up is slow)."""
    fresh = fresh or db.session.remove
    background = meter.wait_for_quiet()
    fresh()
    start = time.perf_counter()
    fn()
    warm = time.perf_counter() - start
    runs = min(runs, 2) if warm > SLOW else runs
    times = []
    cpu0 = meter.cpu()
    for _ in range(runs):
        fresh()
        before = meter.n
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
        statements = meter.n - before
    cpu1 = meter.cpu()
    fresh()
    backend, other = _shares(cpu0, cpu1)
    return {"best": min(times) * 1000, "median": statistics.median(times) * 1000,
            "runs": runs, "statements": statements, "other": other, "backend": backend,
            "before": background}  # fmt: skip


# -- the measured work ----------------------------------------------------------------------


class Work:
    def __init__(self, period):
        self.period, self.before = period, previous(period)
        indicators = list_indicators()
        self.codes = [i.code for i in indicators]
        self.breakdowns = [(i.code, b) for i in indicators for b in (i.breakdowns or [])]
        self.survey = [i.id for i in indicators if i.kind == "survey_proportion"]
        self.registers = [i.id for i in indicators if i.kind != "survey_proportion"]
        start, end = utc_bounds(period)
        previous_start, _ = utc_bounds(self.before)
        self.params = {"start": start, "end": end, "previous_start": previous_start}
        self.periods = [
            {"start_day": p.start, "end_day": p.end, "first_year": p.start.year,
             "last_year": p.end.year}
            for p in (period, self.before)
        ]  # fmt: skip
        self.variant = {}  # survey indicator id -> faster floor variant
        self.surveys = defaultdict(list)  # audience -> survey ids
        for survey_id, audience in db.session.execute(sa.select(Survey.id, Survey.audience)):
            self.surveys[audience].append(survey_id)
        self.floor_rows = {}

    def dashboard(self):
        return consolidate(self.period)

    def drill_down(self):
        result = consolidate(self.period)
        by_code = {i.code: i for i in list_indicators()}
        for code, breakdown in self.breakdowns:
            compute(by_code[code], self.period, Filters(), breakdown=breakdown)
        return result

    def choose_floor(self) -> dict:
        """Run each way of each survey query once (warm), keep the fastest per indicator."""
        chosen = {}
        for indicator in self._indicators(self.survey):
            seconds = {}
            sqlite = db.engine.dialect.name == "sqlite"
            for variant in SQLITE_VARIANTS if sqlite else VARIANTS:
                db.session.execute(
                    survey_floor(indicator, variant, self.surveys[indicator.audience]), self.params
                ).all()
                start = time.perf_counter()
                rows = db.session.execute(
                    survey_floor(indicator, variant, self.surveys[indicator.audience]), self.params
                ).all()
                seconds[variant] = time.perf_counter() - start
                self.floor_rows.setdefault(indicator.code, rows)
            self.variant[indicator.id] = min(seconds, key=seconds.get)
            chosen[indicator.code] = {k: round(v * 1000) for k, v in seconds.items()}
            db.session.remove()
        return chosen

    def floor(self):
        for indicator in self._indicators(self.survey):
            query = survey_floor(
                indicator, self.variant[indicator.id], self.surveys[indicator.audience]
            )
            db.session.execute(query, self.params).all()
        for indicator in self._indicators(self.registers):
            query = register_floor(indicator)
            for params in self.periods:
                db.session.execute(query, params).all()

    def raw(self, limited: bool):
        where = ()
        if limited:
            where = (Response.submitted_at >= self.params["previous_start"],
                     Response.submitted_at < self.params["end"])  # fmt: skip
        for indicator in self._indicators(self.survey):
            db.session.execute(_outcomes(indicator, 1, *where)).all()

    def _indicators(self, ids):
        # Plain objects, loaded once per call as a request would (not timed apart).
        rows = db.session.scalars(sa.select(Indicator).where(Indicator.id.in_(ids)))
        return sorted(rows, key=lambda i: i.id)


def check_tallies(work: Work) -> list[str]:
    """Per survey indicator and period: yes/no/invalid/excluded from the tallies == from the
    floor's query over the raw rows."""
    problems = []
    for indicator in work._indicators(work.survey):
        floor = defaultdict(int)
        for _grp, cur, outcome, n in work.floor_rows[indicator.code]:
            floor[(int(cur), outcome)] += n
        for cur, period in ((1, work.period), (0, work.before)):
            tallied = dict(db.session.execute(
                sa.select(IndicatorTally.outcome, sa.func.sum(IndicatorTally.n))
                .where(IndicatorTally.indicator_id == indicator.id,
                       IndicatorTally.day >= period.start, IndicatorTally.day <= period.end)
                .group_by(IndicatorTally.outcome)
            ).all())  # fmt: skip
            raw = {o: floor.get((cur, o), 0) for o in ("yes", "no", "invalid", "excluded")}
            if {o: tallied.get(o, 0) for o in raw} != raw:
                problems.append(f"{indicator.code} {period.code}: tallies {tallied} != raw {raw}")
    return problems


# -- the dashboard page ---------------------------------------------------------------------


def sign_in(app):
    """A test client signed in, through the login form, as a new manager."""
    from app.auth.services import create_user
    from app.units.models import Unit

    with app.app_context():
        unit = db.session.scalar(sa.select(Unit).where(Unit.code == "SKHCN"))
        create_user("quanly@bench.local", "Quản lý (bench)", role="manager", unit=unit,
                    password=PASSWORD)  # fmt: skip
        db.session.commit()
    client = app.test_client()
    login = client.get("/login")
    token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', login.data)
    form = {"email": "quanly@bench.local", "password": PASSWORD}
    if token:
        form["csrf_token"] = token.group(1).decode()
    answer = client.post("/login", data=form)
    if answer.status_code != 303:
        raise SystemExit(f"bench: the manager could not sign in ({answer.status_code})")
    return client


def pages(app, client, paths: list[str], runs: int, counter) -> dict:
    """GET every path (one run = all of them) as the signed-in manager."""
    state = {}

    def get():
        state["bytes"], state["each"] = 0, {}
        for path in paths:
            start = time.perf_counter()
            page = client.get(path)
            state["each"][path] = time.perf_counter() - start
            if page.status_code != 200:
                raise SystemExit(f"bench: {path} answered {page.status_code}")
            state["bytes"] += len(page.data)

    figures = timed(get, runs, counter, fresh=lambda: None)
    slowest = max(state["each"], key=state["each"].get)
    figures.update(bytes=state["bytes"], slowest=(slowest, state["each"][slowest] * 1000))
    return figures


def measure_pages(app, args, period, counter) -> list:
    """(c) the dashboard page and (c2) every indicator's detail page, when the routes exist."""
    from flask import url_for

    if args.dashboard_endpoint not in app.view_functions:
        return [(f"(c) dashboard page ({args.dashboard_endpoint})",
                 f"skipped: no route {args.dashboard_endpoint!r} yet")]  # fmt: skip
    with app.app_context():
        codes = list_codes()
    with app.test_request_context():
        path = url_for(args.dashboard_endpoint, period=period.code)
        detail = "indicators.detail" in app.view_functions
        details = [url_for("indicators.detail", code=c, period=period.code) for c in codes
                   ] if detail else []  # fmt: skip
    client = sign_in(app)
    print("Timing (c) dashboard page...", flush=True)
    page = pages(app, client, [path], args.runs, counter)
    rows = [(f"(c) dashboard page GET {path} ({page['bytes'] / 1024:.0f} KiB)", page)]
    if details:
        print("Timing (c2) detail pages...", flush=True)
        figures = pages(app, client, details, args.runs, counter)
        rows.append((f"(c2) all {len(details)} detail pages GET {details[0].split('?')[0]}... "
                     f"(breakdowns + {TREND} trend periods each)", figures))  # fmt: skip
    return rows


def list_codes() -> list[str]:
    return [i.code for i in list_indicators()]


# -- report ---------------------------------------------------------------------------------


def mb(n: int) -> str:
    return f"{n / 1024 / 1024:,.1f} MB"


def print_table(rows: list[tuple[str, dict | str]], floor_ms: float, raw_ms: float) -> None:
    print("\n| measurement | best ms | median ms | runs | SQL statements per run "
          "| / floor (d) | / raw (e) | PostgreSQL CPU % | other CPU % |")  # fmt: skip
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, r in rows:
        if isinstance(r, str):
            print(f"| {label} | {r} | | | | | | | |")
            continue
        print(
            f"| {label} | {r['best']:,.1f} | {r['median']:,.1f} | {r['runs']} "
            f"| {r['statements']} | {r['best'] / floor_ms:.3f} | {r['best'] / raw_ms:.4f} "
            f"| {r['backend']:.0f} | {r['other']:.0f} |"
        )
    print(
        "(CPU in % of one core during the measured runs. PostgreSQL: the machine's busy time "
        "less this benchmark's process and other programs: its backends, their parallel "
        "workers and its background processes. Other: other programs still running at the "
        "end, an estimate from below.)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help="sqlite (default: a temporary file) or "
                        "postgresql+psycopg://postgres@127.0.0.1:5432/nq57_bench")  # fmt: skip
    parser.add_argument("--responses", type=int, default=1_000_000, help="submitted responses")
    parser.add_argument("--period", default="2026H2", help="the dashboard's period")
    parser.add_argument("--runs", type=int, default=5, help="measured runs after one warm-up")
    parser.add_argument("--months", type=int, default=18, help="responses spread over months")
    parser.add_argument("--excluded", type=float, default=0.03, help="share excluded")
    parser.add_argument("--enterprise-share", type=float, default=0.02,
                        help="share of responses from enterprises (invitations)")  # fmt: skip
    parser.add_argument("--batch", type=int, default=20_000, help="responses per load batch")
    parser.add_argument("--seed", type=int, default=57, help="random seed")
    parser.add_argument("--dashboard-endpoint", default="indicators.index",
                        help="endpoint of the dashboard page (c)")  # fmt: skip
    parser.add_argument("--no-analyze", action="store_true", help="skip ANALYZE after loading")
    parser.add_argument("--idle-wait", type=float, default=60,
                        help="seconds to wait, before each measurement, for other programs "
                        "to leave the machine quiet")  # fmt: skip
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()
    period = parse_period(args.period)

    with scratch_database(args.database_url, args.keep) as url:
        app = bench_app(url)
        engine_name = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
        print(f"{engine_name}: {sa.make_url(url).render_as_string()}, {args.responses:,} "
              f"responses, period {period.code}, best of {args.runs}", flush=True)  # fmt: skip
        with app.app_context():
            counter = Meter(db.engine, args.idle_wait)
            result = build(app, args, counter)
            work = Work(period)
            rows, extra = measure(work, args.runs, counter)
            problems = check_tallies(work)
            result["sizes"] = sizes()
            db.session.remove()
        rows[2:2] = measure_pages(app, args, period, counter)
        report(engine_name, args, result, rows, extra, problems)
        with app.app_context():
            db.engine.dispose()
    sys.exit(1 if problems else 0)


def build(app, args, meter: Meter) -> dict:
    """Schema, reference data, links, responses, tallies; returns what it took."""
    import random

    from flask_migrate import upgrade

    from app.indicators.definitions import seed_indicators
    from app.surveys.files import seed_builtin_surveys
    from app.units.services import seed_units

    rng = random.Random(args.seed)  # reproducible data, not secrets
    start = time.perf_counter()
    upgrade()
    seed_units()
    seed_builtin_surveys()
    seed_indicators()
    db.session.commit()
    plan = prepare(rng, args.responses, args.enterprise_share)
    db.session.commit()
    setup = time.perf_counter() - start
    print(f"Setup (migrations, seed, {plan.link_count:,} links, {plan.enterprise_count:,} "
          f"enterprises, registers): {setup:.1f} s", flush=True)  # fmt: skip
    generator = Generator(plan, rng, args.responses, args.months, args.excluded)
    print(
        f"Generating {args.responses:,} responses ({generator.citizen:,} citizen, "
        f"{generator.enterprise:,} enterprise, {generator.staff:,} staff)...",
        flush=True,
    )
    cpu0 = meter.cpu()
    loaded = load(db.engine, generator, args.batch)
    loaded["other"] = _other(cpu0, meter.cpu())
    count_funnel()
    db.session.commit()
    rows = loaded["responses"] + loaded["answers"]
    print(f"Generated and loaded {loaded['responses']:,} responses + {loaded['answers']:,} "
          f"answers ({loaded['answers'] / max(loaded['responses'], 1):.2f} per response, "
          f"{loaded['excluded'] / max(loaded['responses'], 1):.1%} excluded) in "
          f"{loaded['seconds']:.1f} s: {loaded['responses'] / loaded['seconds']:,.0f} "
          f"responses/s, {rows / loaded['seconds']:,.0f} rows/s", flush=True)  # fmt: skip
    analyzed = None
    if not args.no_analyze:
        analyzed = analyze(["responses", "answers", "links", "enterprises"])
        print(f"ANALYZE after loading: {analyzed:.1f} s", flush=True)
    meter.wait_for_quiet()
    start, cpu0 = time.perf_counter(), meter.cpu()
    rebuild_all_tallies()
    db.session.commit()
    rebuild = time.perf_counter() - start
    rebuild_other = _other(cpu0, meter.cpu())
    if not args.no_analyze:
        analyze(["indicator_tallies"])
    per_indicator = db.session.execute(
        sa.select(Indicator.code, sa.func.count(IndicatorTally.id))
        .join(IndicatorTally, IndicatorTally.indicator_id == Indicator.id)
        .group_by(Indicator.code)
        .order_by(Indicator.code)
    ).all()
    tally_rows = sum(n for _, n in per_indicator)
    print(f"rebuild_all_tallies(): {rebuild:.1f} s, {tally_rows:,} tally rows "
          f"({', '.join(f'{c} {n:,}' for c, n in per_indicator)})", flush=True)  # fmt: skip
    grain = coarser_grains()
    print(f"Tally rows at a coarser grain (not used by the app, for comparison): {grain}",
          flush=True)  # fmt: skip
    return {"loaded": loaded, "rebuild": rebuild, "tally_rows": tally_rows,
            "rebuild_other": rebuild_other,
            "analyze": analyzed, "setup": setup, "grain": grain}  # fmt: skip


def coarser_grains() -> str:
    """How many tally rows there would be with the link's channel instead of the link (the
    channel and enterprise_type breakdowns need no more), and with no link at all."""
    link_channel = (
        "SELECT DISTINCT t.indicator_id, t.day, t.version_id, t.stream, t.commune_id, t.unit_id,"
        " COALESCE(l.channel, CAST(l.enterprise_id AS VARCHAR(20)), ''), t.outcome"
        " FROM indicator_tallies t LEFT JOIN links l ON l.id = t.link_id"
    )
    no_link = (
        "SELECT DISTINCT indicator_id, day, version_id, stream, commune_id, unit_id, outcome"
        " FROM indicator_tallies"
    )
    count = lambda sql: db.session.scalar(sa.text(f"SELECT COUNT(*) FROM ({sql}) g"))  # noqa: E731, S608
    return (f"channel instead of link {count(link_channel):,}; "
            f"no link {count(no_link):,}")  # fmt: skip


def measure(work: Work, runs: int, counter) -> tuple[list, dict]:
    extra = {}
    period, before = work.period, work.before
    in_period = {}
    for p in (period, before):
        in_period[p.code] = db.session.scalar(
            sa.select(sa.func.count(IndicatorTally.id)).where(
                IndicatorTally.day >= p.start, IndicatorTally.day <= p.end
            )
        )
    extra["tallies_in_period"] = in_period
    extra["responses_in_period"] = {
        p.code: db.session.scalar(
            sa.select(sa.func.count(Response.id)).where(
                Response.status == "complete",
                Response.submitted_at >= utc_bounds(p)[0],
                Response.submitted_at < utc_bounds(p)[1],
            )
        )
        for p in (period, before)
    }
    print(f"Tally rows summed by the dashboard: {period.code} {in_period[period.code]:,}, "
          f"{before.code} {in_period[before.code]:,}; responses submitted: "
          f"{extra['responses_in_period'][period.code]:,} and "
          f"{extra['responses_in_period'][before.code]:,}", flush=True)  # fmt: skip
    rows = []
    n = len(work.codes)
    print("Timing (a) consolidate...", flush=True)
    rows.append((f"(a) consolidate({period.code}): {n} indicators, with {before.code}",
                 timed(work.dashboard, runs, counter)))  # fmt: skip
    print("Timing (b) consolidate + drill-down...", flush=True)
    rows.append((f"(b) (a) + {len(work.breakdowns)} breakdowns (compute(..., breakdown=))",
                 timed(work.drill_down, runs, counter)))  # fmt: skip
    print("Choosing the floor's query per indicator...", flush=True)
    extra["floor_variants"] = work.choose_floor()
    print(f"  ms per way: {extra['floor_variants']}", flush=True)
    print("Timing (d) floor...", flush=True)
    rows.append((f"(d) floor: hand-written SQL, {len(work.survey)} survey queries "
                 f"(both periods) + {len(work.registers)} register queries x 2 periods",
                 timed(work.floor, runs, counter)))  # fmt: skip
    print("Timing (e) raw GROUP BY over all responses...", flush=True)
    rows.append(
        (
            f"(e) raw: tallies._outcomes() over all responses, {len(work.survey)} "
            "survey indicators",
            timed(lambda: work.raw(False), runs, counter),
        )
    )
    print("Timing (e2) raw GROUP BY over the two periods...", flush=True)
    rows.append((f"(e2) raw: tallies._outcomes() limited to {before.code} + {period.code}",
                 timed(lambda: work.raw(True), runs, counter)))  # fmt: skip
    return rows, extra


def report(engine_name, args, result, rows, extra, problems) -> None:
    loaded, size = result["loaded"], result["sizes"]
    by_key = {label.split(")")[0] + ")": r for label, r in rows}
    floor_ms, raw_ms = by_key["(d)"]["best"], by_key["(e)"]["best"]
    print(f"\n## {engine_name}, {loaded['responses']:,} responses, {loaded['answers']:,} answers")
    print(
        f"\nGeneration + load: {loaded['seconds']:.1f} s "
        f"({loaded['responses'] / loaded['seconds']:,.0f} responses/s, "
        f"{(loaded['responses'] + loaded['answers']) / loaded['seconds']:,.0f} rows/s; other "
        f"programs {loaded['other']:.0f}% of a core); rebuild_all_tallies(): "
        f"{result['rebuild']:.1f} s (other programs {result['rebuild_other']:.0f}% of a core) "
        f"-> {result['tally_rows']:,} rows; "
        f"tally rows in {args.period}: {extra['tallies_in_period'][args.period]:,}"
    )
    print(f"Sizes (table + indexes): responses {mb(size['responses'])}, answers "
          f"{mb(size['answers'])}, indicator_tallies {mb(size['indicator_tallies'])}; "
          f"database {mb(size['database'])}")  # fmt: skip
    print(f"Floor: ms per way and survey indicator (the fastest is timed): "
          f"{extra['floor_variants']}")  # fmt: skip
    print_table(rows, floor_ms, raw_ms)
    a = by_key["(a)"]["best"]
    print(
        f"\nDashboard (a) / floor (d): {a / floor_ms:.3f} ({floor_ms / a:.1f}x faster than "
        f"the floor); (a) / raw (e): {a / raw_ms:.4f} ({raw_ms / a:.0f}x faster)"
    )
    for key in ("(b)", "(c)", "(c2)"):
        r = by_key.get(key)
        if isinstance(r, dict):
            ms, what = r["best"], ""
            if key == "(c2)":
                (path, ms), what = r["slowest"], " (slowest page, last run)"
                what = f" (slowest page, last run: {path})"
            verdict = "met" if ms < 1000 else "NOT met"
            print(
                f"Target (DESIGN.md: dashboard with breakdowns under 1 s on PostgreSQL), "
                f"{key}{what}: {ms:,.0f} ms, {verdict}"
            )
    print(
        "Tallies == raw rows per indicator and period:",
        "OK" if not problems else "MISMATCH\n  " + "\n  ".join(problems),
    )


if __name__ == "__main__":
    main()
