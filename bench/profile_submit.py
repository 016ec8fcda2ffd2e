"""Where one complete citizen response spends its CPU, measured in-process.

Builds a scratch SQLite database (or a fresh PostgreSQL one), migrates, seeds and creates the
benchmark survey of load_submit.py, then sends N responses (GET the form, POST the 12 answers)
through the Flask test client with the production configuration. Prints the CPU per GET and
per POST, the SQL statements each runs, and, with --profile, cProfile's top functions.

Run:  .venv/bin/python bench/profile_submit.py [--responses 300] [--profile]
      .venv/bin/python bench/profile_submit.py --database postgresql+psycopg://postgres@127.0.0.1:5432/nq57_bench
"""

import argparse
import contextlib
import cProfile
import json
import os
import pstats
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

from _client import CSRF_RE
from _server import PYTHON, ROOT, app_env, run, scratch_database
from _survey import answer_form
from werkzeug.datastructures import MultiDict


def one_response(client, token: str, form: list, profiler=None, which=None):
    """CPU seconds of the GET and of the POST of one complete response; ``profiler`` runs
    during the request(s) ``which`` names ("get", "post" or "both")."""
    client.delete_cookie("nq57")
    start = time.process_time()
    with _profiling(profiler, which in ("get", "both")):
        page = client.get(f"/s/{token}")
    middle = time.process_time()
    assert page.status_code == 200, page.status_code
    csrf = CSRF_RE.search(page.get_data()).group(1).decode()
    data = MultiDict([("csrf_token", csrf), *form])
    with _profiling(profiler, which in ("post", "both")):
        sent = client.post(f"/s/{token}", data=data, headers={"Origin": "http://localhost"})
    end = time.process_time()
    assert sent.status_code == 303, sent.status_code
    assert sent.location.endswith("/thanks"), sent.location
    return middle - start, end - middle


@contextlib.contextmanager
def _profiling(profiler, on: bool):
    if profiler is None or not on:
        yield
        return
    profiler.enable()
    try:
        yield
    finally:
        profiler.disable()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", default="sqlite")
    parser.add_argument("--responses", type=int, default=300)
    parser.add_argument("--profile", choices=["both", "get", "post"],
                        help="print cProfile's top functions for both requests or one")  # fmt: skip
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nq57-profile-") as tmp, \
            scratch_database(args.database, Path(tmp)) as url:  # fmt: skip
        env = app_env(url, 5000, 1, 1)
        log = Path(tmp) / "setup.log"
        run([PYTHON, "-m", "flask", "db", "upgrade"], env, log)
        run([PYTHON, "-m", "flask", "seed"], env, log)
        made = json.loads(run([PYTHON, str(ROOT / "bench" / "_survey.py")], env, log))
        os.environ.update(env)
        from sqlalchemy import event

        from app import create_app
        from app.extensions import db

        app = create_app()
        statements = []
        with app.app_context():
            event.listen(db.engine, "before_cursor_execute",
                         lambda *a, **k: statements.append(1))  # fmt: skip
        client = app.test_client()
        rng = random.Random(1)
        forms = [answer_form(made["commune"], rng) for _ in range(args.responses + 20)]
        for form in forms[:20]:  # warm-up: imports, template compilation, caches
            one_response(client, made["token"], form)
        statements.clear()
        profiler = cProfile.Profile() if args.profile else None
        times = [one_response(client, made["token"], form, profiler, args.profile)
                 for form in forms[20:]]  # fmt: skip
        gets, posts = (sum(t[i] for t in times) / len(times) * 1000 for i in (0, 1))
        print(f"{args.responses} responses on {url.split(':')[0]}: GET {gets:.1f} ms CPU, "
              f"POST {posts:.1f} ms CPU, {len(statements) / len(times):.1f} SQL statements "
              f"per response")  # fmt: skip
        if profiler:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(30)


if __name__ == "__main__":
    main()
