"""Security headers, the same-origin check on POSTs, and privacy-preserving client keys."""

import hashlib
import hmac
import ipaddress
import secrets
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, request, session

from app.common.text import has_control_chars
from app.db import utcnow

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors {frame_ancestors}"
)
# The enumerator's interview pages run the service's own script and service worker (offline
# interviews); every other page runs none.
CSP_WITH_SCRIPTS = CSP.replace(
    "default-src 'none';",
    "default-src 'none'; script-src 'self'; connect-src 'self'; worker-src 'self';",
)


def client_key() -> str:
    """A short-lived salted hash of the client address, for rate limits (no raw IP is kept).

    The salt is the secret key plus today's date, so a hash cannot be tied to an address
    once the day is over.
    """
    return salted_hash(request.remote_addr or "unknown")


def network_key() -> str:
    """A salted hash of the client's network (/24 for IPv4, /48 for IPv6), kept on responses.

    Enough to notice a burst from one place; not enough to recover an address.
    """
    address = request.remote_addr or "unknown"
    try:
        prefix = 24 if ipaddress.ip_address(address).version == 4 else 48
        address = str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))
    except ValueError:
        pass
    return salted_hash(address)


def salted_hash(value: str) -> str:
    """A salted hash of ``value`` that changes every day (see client_key)."""
    salt = f"{current_app.config['SECRET_KEY']}:{utcnow():%Y-%m-%d}".encode()
    return hmac.new(salt, value.encode(), hashlib.sha256).hexdigest()[:24]


def device_key() -> str:
    """A hash of the random device id kept in the session cookie (for per-device limits).

    The id is random, first-party and used only to spot repeats; it identifies no one. It is
    given out when a form is shown; a post arriving without one (a script that drops cookies)
    is limited by its address instead, so dropping the cookie buys nothing.
    """
    if "device" not in session:
        if request.method == "POST":
            return "address:" + client_key()
        session["device"] = secrets.token_urlsafe(12)
    return salted_hash(session["device"])


def set_security_headers(response):
    """Headers every response carries (UX.md section 1)."""
    config = current_app.config
    headers = response.headers
    headers.setdefault(
        "Content-Security-Policy", CSP.format(frame_ancestors=config["FRAME_ANCESTORS"])
    )
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if config["FRAME_ANCESTORS"].strip() == "'none'":
        headers.setdefault("X-Frame-Options", "DENY")
    if config["HSTS"]:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def check_host() -> None:
    """Refuse a Host header that does not decode (e.g. "xn--zz"): werkzeug raises UnicodeError
    on any URL built from it, such as the sign-in redirect's ``next``."""
    try:
        request.host_url  # noqa: B018 - decoding the host is the check
    except UnicodeError:
        abort(400, description="host")


def check_path() -> None:
    """A path holding control characters (an encoded NUL, say) names nothing: 404, before a
    view hands the name to PostgreSQL, which refuses NUL in text."""
    if has_control_chars(request.path):
        abort(404)


def check_form_encoding() -> None:
    """Refuse a form body that is not UTF-8. Werkzeug would read it as an empty form, so the
    person would be told the page had expired and their answers would be gone; browsers
    always send UTF-8 from our pages, so such a body comes from a broken or hostile client."""
    if request.mimetype != "application/x-www-form-urlencoded":
        return
    try:
        request.get_data(cache=True).decode("utf-8")  # kept for the form parser to read
    except UnicodeDecodeError:
        abort(400, description="encoding")


def check_same_origin() -> None:
    """Refuse a state-changing request whose Origin header names another site.

    Browsers send Origin on cross-site POSTs; a missing header (old browsers, curl) is left
    to the CSRF token, which every form carries.
    """
    if request.method in {"GET", "HEAD", "OPTIONS"}:
        return
    origin = request.headers.get("Origin")
    if not origin:
        return
    try:
        netloc = urlsplit(origin).netloc
    except ValueError:  # a malformed header, e.g. "http://["
        abort(400, description="origin")
    if netloc != request.host:
        abort(400, description="origin")


def register_security(app: Flask) -> None:
    """Install the header, host, path, origin and form-encoding hooks."""
    app.before_request(check_host)
    app.before_request(check_path)
    app.before_request(check_same_origin)
    app.before_request(check_form_encoding)
    app.after_request(set_security_headers)
