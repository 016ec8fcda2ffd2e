"""Helpers for load_submit.py: a scratch database, flask commands, gunicorn, CPU accounting."""

import contextlib
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BENCH_DB_PREFIX = "nq57_bench"


@contextlib.contextmanager
def scratch_database(spec: str, tmp: Path):
    """Yield the URL of an empty database: an SQLite file in ``tmp``, or a fresh PostgreSQL
    database named by ``spec`` (created through the ``postgres`` database, dropped at the end).
    """
    if spec == "sqlite":
        yield f"sqlite:///{tmp / 'bench.sqlite3'}"
        return
    url = sa.make_url(spec)
    name = url.database or BENCH_DB_PREFIX
    if not re.fullmatch(r"[a-z0-9_]+", name) or not name.startswith(BENCH_DB_PREFIX):
        raise SystemExit(f"refusing database {name!r}: its name must start with {BENCH_DB_PREFIX}")
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def app_env(database_url: str, port: int, workers: int, threads: int) -> dict:
    """The environment of a production deployment, with limits too high to interfere."""
    env = dict(os.environ)
    env.update(
        APP_ENV="production",
        SECRET_KEY="bench-secret-key-" + "x" * 32,
        DATABASE_URL=database_url,
        PUBLIC_URL=f"http://127.0.0.1:{port}/",
        FLASK_APP="wsgi",
        RATELIMIT_STORAGE_URI="memory://",
        ANSWER_RATE_LIMIT_DEVICE="1000000 per minute",
        ANSWER_RATE_LIMIT_ADDRESS="1000000 per minute",
        GUNICORN_WORKERS=str(workers),
        GUNICORN_THREADS=str(threads),
    )
    return env


def run(args: list[str], env: dict, log: Path) -> str:
    """Run a command from the project root; its output goes to ``log``; fail loudly."""
    result = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        args, cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    with log.open("a", encoding="utf-8") as out:
        out.write(f"$ {' '.join(args)}\n{result.stdout}{result.stderr}\n")
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn --config gunicorn.conf.py serving ``target``, in its own process group."""

    def __init__(self, target: str, env: dict, port: int, log: Path, ready_path: str):
        self.port, self.ready_path = port, ready_path
        self.log = log.open("ab")
        args = [PYTHON, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py"),
                "--bind", f"127.0.0.1:{port}", target]  # fmt: skip
        self.proc = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            args, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,  # a process group of its own: stop() ends all of it
        )  # fmt: skip

    def __enter__(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.stop()
                raise SystemExit(f"gunicorn exited with {self.proc.returncode}:\n{self.tail()}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", self.ready_path)
                if conn.getresponse().status == 200:
                    conn.close()
                    return self
            time.sleep(0.2)
        self.stop()
        raise SystemExit(f"gunicorn did not answer {self.ready_path} in 60 s:\n{self.tail()}")

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        if not self.log.closed:
            self.log.close()

    def tail(self) -> str:
        return "\n".join(Path(self.log.name).read_text(errors="replace").splitlines()[-30:])

    def cpu_seconds(self) -> tuple[float, float]:
        """CPU seconds (user + system) of the server's process group and of PostgreSQL."""
        return process_cpu_seconds(self.proc.pid)


TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu_seconds(pgid: int) -> tuple[float, float]:
    """(CPU of live processes in group ``pgid``, CPU of live ``postgres`` processes)."""
    group = postgres = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        name, fields = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :]
        fields = fields.split()  # fields[0] is the state, [2] the group, [11:13] utime, stime
        ticks = int(fields[11]) + int(fields[12])
        if int(fields[2]) == pgid:
            group += ticks
        elif name == "postgres":
            postgres += ticks
    return group / TICKS, postgres / TICKS


def system_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = values[3] + values[4]
    return (sum(values) - idle) / TICKS, sum(values) / TICKS
