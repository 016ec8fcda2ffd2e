"""One structured log line per request, with a request id that is also sent back in the
``X-Request-ID`` header, so a person reporting a problem can quote it and an administrator
can find the request.

The line holds no client address (personal data, DOMAIN.md), no query string (it may hold
filters typed by people) and no survey token: everything after /s/ is dropped, as in the
access log (gunicorn.conf.py).
"""

import json
import logging
import re
import time
import uuid

from flask import Flask, g, request
from flask_login import current_user

logger = logging.getLogger("nq57.requests")
_GIVEN_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def request_id() -> str:
    """The current request's id: the proxy's X-Request-ID when it looks like one, else new."""
    if "request_id" not in g:
        given = request.headers.get("X-Request-ID", "")
        g.request_id = given if _GIVEN_ID.match(given) else uuid.uuid4().hex
    return g.request_id


def redacted_path(path: str) -> str:
    return "/s/…" if path.startswith("/s/") else path


def _start() -> None:
    g.request_started = time.perf_counter()
    request_id()


def _finish(response):
    response.headers["X-Request-ID"] = request_id()
    started = g.get("request_started")
    user = getattr(current_user, "id", None) if current_user else None
    line = {
        "request_id": request_id(),
        "method": request.method,
        "path": redacted_path(request.path),
        "endpoint": request.endpoint,
        "status": response.status_code,
        "ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
        "user": user,
    }
    logger.info(json.dumps(line, ensure_ascii=False))
    return response


def register(app: Flask) -> None:
    """Log every request as one JSON line on standard error (unless REQUEST_LOG is off)."""
    if not app.config.get("REQUEST_LOG", True):
        return
    if not logger.handlers and not app.testing:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    app.before_request(_start)
    app.after_request(_finish)
