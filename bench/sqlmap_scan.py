"""A bounded sqlmap run against the app served by gunicorn, one scratch database at a time.

For each database (an SQLite file in a temp dir, or a fresh PostgreSQL database whose name
starts with nq57_bench) this script migrates and seeds it, creates the benchmark survey and its
public link (bench/_survey.py) and an administrator, serves the app with gunicorn
(APP_ENV=production, limits raised so sqlmap is not throttled), and runs sqlmap against:

  form      POST /s/<token>: every answer field, with a fresh CSRF token and cookie per request
  login     POST /login: email, password and next, with a fresh CSRF token
  users     GET /admin/users?q=&role=&unit=&active=&page= as the signed-in administrator
  responses GET /manage/surveys/<id>/responses?status=&mode=&stream=&link=&commune=&from=&to=

Each target has a time limit; sqlmap's files (session, log, traffic) stay in a temp dir. The
script prints, per target, the parameters tested, the HTTP requests sent, what sqlmap found, the
HTTP errors it saw, the duration, and the server's 5xx count and tracebacks. It exits 1 if sqlmap
found an injection or the server answered 5xx. Not part of `make test`.

Run:  .venv/bin/python bench/sqlmap_scan.py
      .venv/bin/python bench/sqlmap_scan.py --database sqlite \
          --database postgresql+psycopg://postgres@127.0.0.1:5432/nq57_bench_sqlmap
Options: --level 2  --risk 1  --time-sec 2  --timeout 300 (seconds per target)
         --target form --target login …  (default: all four)
"""

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from random import Random
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import PYTHON, ROOT, Gunicorn, app_env, free_port, run, scratch_database
from _survey import answer_form

ADMIN_EMAIL = "sqlmap-admin@nq57.local"
ADMIN_PASSWORD = "sqlmap-scan-password-2026"  # noqa: S105 - a throwaway account in a scratch db
TOKEN_INPUT = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')
TARGETS = ("form", "login", "users", "responses")


def sqlmap_binary() -> str:
    found = shutil.which("sqlmap", path=str(Path(PYTHON).parent)) or shutil.which("sqlmap")
    if not found:
        raise SystemExit("sqlmap not found: .venv/bin/pip install sqlmap")
    return found


def sqlmap_version(binary: str) -> str:
    result = subprocess.run([binary, "--version"], capture_output=True, text=True, check=False)  # noqa: S603
    return result.stdout.strip().split("#")[0]


# --- the server and a signed-in session ----------------------------------------------------------


def create_admin(env: dict, log: Path) -> None:
    """An administrator with a known password (read from stdin, as the CLI wants it)."""
    args = [PYTHON, "-m", "flask", "users", "create", ADMIN_EMAIL, "--role", "admin"]
    result = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        args, cwd=ROOT, env=env, input=ADMIN_PASSWORD + "\n", capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    with log.open("a", encoding="utf-8") as out:
        out.write(f"$ {' '.join(args)}\n{result.stdout}{result.stderr}\n")
    if result.returncode != 0:
        raise SystemExit(f"creating the administrator failed:\n{result.stdout}{result.stderr}")


def sign_in(port: int) -> str:
    """The session cookie (name=value) of the administrator, signed in through the form."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/login")
    page = conn.getresponse()
    cookie = page.getheader("Set-Cookie").split(";", 1)[0]
    token = TOKEN_INPUT.search(page.read().decode()).group(1)
    body = urlencode({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD, "csrf_token": token})
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie,
               "Origin": f"http://127.0.0.1:{port}"}  # fmt: skip
    conn.request("POST", "/login", body=body, headers=headers)
    answer = conn.getresponse()
    answer.read()
    if answer.status != 303:
        raise SystemExit(f"signing in failed: {answer.status}")
    return answer.getheader("Set-Cookie").split(";", 1)[0]


# --- the targets --------------------------------------------------------------------------------


def target_args(name: str, base: str, made: dict, cookie: str) -> tuple[list[str], list[str]]:
    """(sqlmap arguments, parameters tested) of one target."""
    if name == "form":
        fields = [(k, v) for k, v in answer_form(made["commune"], Random(57)) if k != "website"]
        data = urlencode([*fields, ("csrf_token", "x")])
        url = f"{base}/s/{made['token']}"
        args = ["-u", url, "--data", data, "--csrf-token", "csrf_token", "--csrf-url", url,
                "--skip", "nq57", "--text-only"]  # fmt: skip
        return args, sorted(dict(fields))
    if name == "login":
        data = urlencode({"email": "nobody@example.vn", "password": "x", "next": "/me",
                          "csrf_token": "x"})  # fmt: skip
        args = ["-u", f"{base}/login", "--data", data, "--csrf-token", "csrf_token",
                "--csrf-url", f"{base}/login", "--skip", "nq57", "--text-only"]  # fmt: skip
        return args, ["email", "password", "next"]
    if name == "users":
        params = {"q": "nguyen", "role": "staff", "unit": "3", "active": "1", "page": "1"}
        url = f"{base}/admin/users?{urlencode(params)}"
    else:
        params = {"status": "complete", "mode": "self", "stream": "open", "link": "1",
                  "commune": "1", "from": "2026-01-01", "to": "2026-12-31",
                  "page": "1"}  # fmt: skip
        url = f"{base}/manage/surveys/{made['survey_id']}/responses?{urlencode(params)}"
    args = ["-u", url, "--cookie", cookie, "--drop-set-cookie", "-p", ",".join(params)]
    return args, list(params)


def run_sqlmap(binary: str, name: str, extra: list[str], args, dbms: str, work: Path) -> dict:
    """One sqlmap run with a time limit; its output, requests, findings and duration."""
    out = work / name
    out.mkdir()
    traffic = out / "traffic.txt"
    # --skip-waf: there is no WAF; sqlmap's probe (an extra attack parameter) is misread on the
    # form, whose first post is accepted and the probe's then answered differently.
    command = [binary, *extra, "--batch", "--flush-session", "--disable-coloring", "--skip-waf",
               f"--level={args.level}", f"--risk={args.risk}", f"--time-sec={args.time_sec}",
               f"--dbms={dbms}", f"--output-dir={out}", "-t", str(traffic)]  # fmt: skip
    env = dict(os.environ, HOME=str(out))  # sqlmap's history and cache stay in the temp dir
    start = time.monotonic()
    proc = subprocess.Popen(  # noqa: S603 - sqlmap from the virtualenv, our arguments
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
        start_new_session=True,
    )  # fmt: skip
    try:
        output, _ = proc.communicate(timeout=args.timeout)
        timed_out = False
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGTERM)
        output, _ = proc.communicate()
        timed_out = True
    (out / "stdout.txt").write_text(output, encoding="utf-8")
    sent = _read(traffic)
    requests = len(re.findall(r"^HTTP request \[#\d+\]", sent, re.M))
    statuses = Counter(first_answers(sent).values())
    not_injectable = r"parameter '([^']+)' does not seem to be injectable"
    return {
        "command": " ".join(_shown(command)),
        "seconds": time.monotonic() - start,
        "timed_out": timed_out,
        "requests": requests,
        "statuses": ", ".join(f"{code}: {n}" for code, n in sorted(statuses.items())),
        "injectable": re.findall(r"^Parameter: (.+)$", output, re.M),
        "not_injectable": re.findall(not_injectable, output),
        "http_errors": re.findall(r"HTTP error codes detected during run:\s*(.+)", output),
        "notes": [line for line in output.splitlines() if _noteworthy(line)],
    }


def _noteworthy(line: str) -> bool:
    return "[CRITICAL]" in line or "might be injectable" in line or "appears to be" in line


def first_answers(traffic: str) -> dict[str, str]:
    """The status each request was first answered with: the redirect's when sqlmap followed
    one (it logs the redirect and the page it led to under the same request number)."""
    answers: dict[str, str] = {}
    for kind, uid, code in re.findall(r"^HTTP (response|redirect) \[#(\d+)\] \((\d+)", traffic,
                                      re.M):  # fmt: skip
        if kind == "redirect" or uid not in answers:
            answers[uid] = code
    return answers


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


def _shown(command: list[str]) -> list[str]:
    """The command as printed: the session cookie and paths shortened."""
    shown = []
    for part in command:
        part = re.sub(r"\bnq57=[^;\s]+", "nq57=<session>", part)
        part = re.sub(re.escape(tempfile.gettempdir()) + r"/[^\s]+", "<tmp>", part)
        shown.append(part)
    return shown


def server_errors(log: Path) -> tuple[int, int]:
    """(5xx answers in the access log, tracebacks) written by gunicorn."""
    text = _read(log)
    return len(re.findall(r'" 5\d\d ', text)), text.count("Traceback (most recent call last)")


def scan(spec: str, args, binary: str, tmp: Path) -> list[dict]:
    log = tmp / "server.log"
    rows = []
    with scratch_database(spec, tmp) as url:
        dbms = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
        port = free_port()
        env = app_env(url, port, workers=1, threads=4)
        env.update(LOGIN_RATE_LIMIT="1000000 per minute", REQUEST_LOG="0")
        run([PYTHON, "-m", "flask", "db", "upgrade"], env, log)
        run([PYTHON, "-m", "flask", "seed"], env, log)
        made = json.loads(run([PYTHON, str(ROOT / "bench" / "_survey.py")], env, log))
        create_admin(env, log)
        with Gunicorn("wsgi:app", env, port, log, "/healthz"):
            cookie = sign_in(port)
            base = f"http://127.0.0.1:{port}"
            for name in args.target or TARGETS:
                before = server_errors(log)
                extra, params = target_args(name, base, made, cookie)
                result = run_sqlmap(binary, name, extra, args, dbms, tmp)
                after = server_errors(log)
                result.update(engine=dbms, target=name, params=params,
                              server_5xx=after[0] - before[0],
                              tracebacks=after[1] - before[1])  # fmt: skip
                rows.append(result)
                _print_row(result)
    return rows


def _print_row(r: dict) -> None:
    found = ", ".join(r["injectable"]) or "none"
    print(f"  {r['engine']:<10} {r['target']:<9} {len(r['params'])} parameters, "
          f"{r['requests']} requests ({r['statuses']}), {r['seconds']:.0f} s"
          f"{' (time limit)' if r['timed_out'] else ''}: injectable: {found}; "
          f"HTTP errors: {'; '.join(r['http_errors']) or 'none'}; server 5xx: "
          f"{r['server_5xx']}, tracebacks: {r['tracebacks']}", flush=True)  # fmt: skip
    for note in r["notes"]:
        print(f"      {note}")


def print_table(rows: list[dict], version: str, args) -> None:
    print(f"\nsqlmap {version}, --level {args.level} --risk {args.risk} --time-sec "
          f"{args.time_sec} --batch, {args.timeout} s limit per target\n")  # fmt: skip
    header = ("| database | target | parameters tested | requests | answers by status "
              "| injectable | server 5xx / tracebacks | duration |")  # fmt: skip
    print(header)
    print("|" + " --- |" * 8)
    for r in rows:
        took = f"{r['seconds']:.0f} s" + (" (time limit)" if r["timed_out"] else "")
        print(f"| {r['engine']} | {r['target']} | {', '.join(r['params'])} | {r['requests']} "
              f"| {r['statuses']} | {', '.join(r['injectable']) or 'none'} "
              f"| {r['server_5xx']} / {r['tracebacks']} | {took} |")  # fmt: skip
    print("\nCommands:")
    for r in rows:
        print(f"  [{r['engine']} {r['target']}] {r['command']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", action="append", help="sqlite (default) or "
                        "postgresql+psycopg://…/nq57_bench_sqlmap; may be repeated")  # fmt: skip
    parser.add_argument("--target", action="append", choices=TARGETS)
    parser.add_argument("--level", type=int, default=2)
    parser.add_argument("--risk", type=int, default=1)
    parser.add_argument("--time-sec", type=int, default=2)
    parser.add_argument("--timeout", type=int, default=300, help="seconds per target")
    args = parser.parse_args()
    binary = sqlmap_binary()
    version = sqlmap_version(binary)
    print(f"sqlmap {version} at {binary}", flush=True)
    rows = []
    for spec in args.database or ["sqlite"]:
        with tempfile.TemporaryDirectory(prefix="nq57-sqlmap-") as tmp:
            rows += scan(spec, args, binary, Path(tmp))
    print_table(rows, version, args)
    bad = [r for r in rows if r["injectable"] or r["server_5xx"] or r["tracebacks"]]
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
