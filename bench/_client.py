"""The load generator: N respondents in threads, each with its own connection and cookie.

One iteration is one complete response: GET the form (CSRF token and session cookie), then
one POST of the answers, which must answer 303 to the thanks page. Redirects are not followed.
"""

import http.client
import math
import random
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

CSRF_RE = re.compile(rb'name="csrf_token" value="([^"]+)"')


@dataclass
class Results:
    seconds: float = 0.0
    get: list = field(default_factory=list)  # latencies in seconds
    post: list = field(default_factory=list)
    full: list = field(default_factory=list)  # GET + POST of successful responses
    errors: Counter = field(default_factory=Counter)

    @property
    def ok(self) -> int:
        return len(self.full)

    @property
    def rate(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) in milliseconds; NaN when there is none."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(p / 100 * len(ordered))))
    return ordered[rank - 1] * 1000


class Respondent:
    """One simulated phone: a keep-alive connection; a fresh cookie for every response."""

    def __init__(self, port: int, path: str, form, seed: int):
        self.port, self.path, self.form = port, path, form
        self.origin = f"http://127.0.0.1:{port}"
        self.rng = random.Random(seed)
        self.conn = None

    def _request(self, method: str, path: str, headers: dict, body: bytes | None = None):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = None
            raise
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        return response, data

    def respond(self, results: Results) -> None:
        """One complete response; latencies and failures go to ``results``."""
        start = time.perf_counter()
        try:
            response, body = self._request("GET", self.path, {"Accept-Language": "vi"})
        except (OSError, http.client.HTTPException) as exc:
            results.errors[f"GET {type(exc).__name__}"] += 1
            return
        got = time.perf_counter()
        results.get.append(got - start)
        match = CSRF_RE.search(body)
        if response.status != 200 or match is None:
            results.errors[f"GET {response.status}"] += 1
            return
        cookie = _cookie(response)
        fields = [("csrf_token", match.group(1).decode()), *self.form(self.rng)]
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Origin": self.origin,
                   "Accept-Language": "vi", "Cookie": cookie}  # fmt: skip
        try:
            response, _ = self._request("POST", self.path, headers, urlencode(fields).encode())
        except (OSError, http.client.HTTPException) as exc:
            results.errors[f"POST {type(exc).__name__}"] += 1
            return
        done = time.perf_counter()
        results.post.append(done - got)
        if response.status == 303 and "/thanks" in (response.getheader("Location") or ""):
            results.full.append(done - start)
        else:
            results.errors[f"POST {response.status}"] += 1


def _cookie(response) -> str:
    """The name=value pairs of every Set-Cookie header (the Secure flag is ignored on purpose:
    in production TLS ends at the proxy, here the loopback is plain HTTP)."""
    pairs = [h.split(";", 1)[0] for h in response.headers.get_all("Set-Cookie") or []]
    return "; ".join(pairs)


def run_load(port: int, path: str, form, clients: int, seconds: float) -> Results:
    """``clients`` respondents answering in a loop; none starts a response after ``seconds``.

    Responses under way at the deadline are finished and counted, so every response the
    server stored was seen by a client.
    """
    results = Results()
    lock = threading.Lock()
    start = time.perf_counter()
    deadline = start + seconds

    def loop(index: int) -> None:
        local = Results()
        respondent = Respondent(port, path, form, seed=index)
        while time.perf_counter() < deadline:
            respondent.respond(local)
        if respondent.conn is not None:
            respondent.conn.close()
        with lock:
            results.get.extend(local.get)
            results.post.extend(local.post)
            results.full.extend(local.full)
            results.errors.update(local.errors)

    threads = [threading.Thread(target=loop, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.seconds = time.perf_counter() - start
    return results
