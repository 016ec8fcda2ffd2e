"""Render HTML to PDF with WeasyPrint, loading only the app's static files and PDF fonts.

Resource policy of the URL fetcher handed to WeasyPrint:

* ``<base_url>static/<path>``: a file under ``app/static/`` with an allowlisted type
  (stylesheet, image, font); ``..``, dot-files and symlinks leaving the folder are refused.
* ``<base_url>_pdf-fonts/<file>``: a font file allowlisted in ``app.reports.fonts``.
* ``data:``: allowed, because it is self-contained (inline logos, QR codes, signatures) and is
  decoded locally by urllib's data handler without any I/O.
* Anything else (``file:``, other hosts or schemes, other paths) raises, so WeasyPrint logs a
  warning and skips the resource; nothing ever goes to the network or the wider filesystem.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import SplitResult, unquote, urlsplit

from app.reports import fonts

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

_STATIC_ROOT = Path(__file__).resolve().parent.parent / "static"
_STATIC_PREFIX = "static"
_FONT_PREFIX = "_pdf-fonts"

# Explicit map rather than mimetypes: results must not depend on the host's /etc/mime.types,
# and a PDF never needs scripts, HTML or data files from static/.
_MIME_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
}


class _RefusedURLError(ValueError):
    """A URL the PDF renderer must not load."""


def _app_root(base_url: str) -> SplitResult:
    """Parse the app root URL, ensuring its path ends with a slash."""
    root = urlsplit(base_url)
    if root.scheme.lower() not in {"http", "https"} or not root.netloc:
        raise ValueError(f"base_url must be the app's absolute http(s) root URL, got {base_url!r}")
    path = root.path if root.path.endswith("/") else f"{root.path}/"
    return SplitResult(root.scheme.lower(), root.netloc.lower(), path, "", "")


def _resolve(url: str, root: SplitResult) -> tuple[Path, str]:
    """Map an app URL to a local file and its MIME type, or raise _RefusedURLError."""
    parts = urlsplit(url)
    if (parts.scheme.lower(), parts.netloc.lower()) != (root.scheme, root.netloc):
        raise _RefusedURLError(f"PDF renderer only loads app URLs, refused {url!r}")
    if not parts.path.startswith(root.path):
        raise _RefusedURLError(f"outside the app root, refused {url!r}")
    # Decode before checking, so %2e%2e or %2f cannot smuggle traversal past the checks.
    segments = unquote(parts.path[len(root.path) :]).split("/")
    if any(not s or s.startswith(".") or "\\" in s or "\x00" in s for s in segments):
        raise _RefusedURLError(f"unsafe path, refused {url!r}")

    prefix, *rest = segments
    path: Path | None = None
    if prefix == _FONT_PREFIX and len(rest) == 1:
        path = fonts.font_path(rest[0])
    elif prefix == _STATIC_PREFIX and rest:
        static_root = _STATIC_ROOT.resolve()
        # resolve() follows symlinks, so a link pointing outside static/ fails this check.
        candidate = static_root.joinpath(*rest).resolve()
        if candidate.is_relative_to(static_root) and candidate.is_file():
            path = candidate
    # Typed from the resolved file, so an alias cannot pass another kind of file off as CSS.
    mime_type = _MIME_TYPES.get(path.suffix.lower()) if path else None
    if path is None or mime_type is None:
        raise _RefusedURLError(f"not an allowed static file or PDF font, refused {url!r}")
    return path, mime_type


@cache
def _fetcher_class() -> type[URLFetcher]:
    """Build the fetcher class on first use, so importing this module does not load WeasyPrint."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class AppOnlyURLFetcher(URLFetcher):
        """WeasyPrint fetcher that serves app static files, PDF fonts and data: URLs only."""

        def __init__(self, base_url: str) -> None:
            # urllib only ever sees data: URLs (allowed_protocols), and never follows redirects.
            super().__init__(allowed_protocols=("data",), allow_redirects=False)
            self._root = _app_root(base_url)

        def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
            """Return the response for an allowed URL; raise for anything else."""
            if url[:5].lower() == "data:":
                return super().fetch(url, headers)
            path, mime_type = _resolve(url, self._root)
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime_type})

    return AppOnlyURLFetcher


def _make_fetcher(base_url: str) -> URLFetcher:
    """Return the restricted URL fetcher for an app root URL."""
    return _fetcher_class()(base_url)


def render_pdf(html: str, *, base_url: str) -> bytes:
    """Render HTML to PDF bytes; base_url is the app root, e.g. Flask's request.url_root."""
    # Fail loudly: a missing font would otherwise be skipped and silently replaced.
    fonts.check_fonts()
    from weasyprint import HTML

    root = _app_root(base_url).geturl()
    document = HTML(string=html, base_url=root, url_fetcher=_make_fetcher(root))
    return document.write_pdf()
