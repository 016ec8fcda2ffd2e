"""Serial numbers and QR codes of printed copies.

Every copy carries a serial, a prefix and six digits ("P-000123"), in its header and in the
footer of each page, so a loose page finds its form again. Its QR code holds, for now, the
text ``NQ57:<serial>:<survey slug>:v<version>`` (for example
``NQ57:P-000123:nguoi-dan-nq57:v1``): the data-entry screen, still to come, reads it from a
scanner into its serial field, and the version says which questions the copy carries. When
one-time respondent codes exist, their caller passes ``Copy(serial, qr_text=<invitation
URL>)`` instead; the template prints whatever ``qr_text`` holds and leaves the box empty
when it is None.
"""

import base64
import io
import re
from dataclasses import dataclass
from functools import lru_cache

import segno

SERIAL_DIGITS = 6
MAX_SERIAL = 10**SERIAL_DIGITS - 1
MAX_COPIES = 500  # one request renders them all; larger batches go through the CLI in parts
PREFIX_RE = re.compile(r"^[A-Z0-9]{1,8}$")
QR_SCALE = 8  # pixels per module: about 300 dpi at the printed 22 mm


@dataclass(frozen=True)
class Copy:
    """One printed copy: its serial and the text its QR code holds (None: no code)."""

    serial: str
    qr_text: str | None = None


def format_serial(prefix: str, number: int) -> str:
    """P-000123."""
    return f"{prefix}-{number:0{SERIAL_DIGITS}d}"


def serial_payload(serial: str, slug: str, version: int) -> str:
    """What the QR code of a numbered copy holds (see the module docstring)."""
    return f"NQ57:{serial}:{slug}:v{version}"


def numbered_copies(prefix: str, start: int, count: int, *, slug: str, version: int) -> list[Copy]:
    """``count`` copies numbered from ``start``, each with its serial in its QR code."""
    prefix = prefix.upper()
    if not PREFIX_RE.match(prefix):
        raise ValueError(f"serial prefix {prefix!r} is not 1-8 letters A-Z or digits")
    if not 1 <= count <= MAX_COPIES or start < 1 or start + count - 1 > MAX_SERIAL:
        raise ValueError(f"serials {start}..{start + count - 1} out of range")
    serials = [format_serial(prefix, n) for n in range(start, start + count)]
    return [Copy(s, serial_payload(s, slug, version)) for s in serials]


@lru_cache(maxsize=1024)
def qr_data_uri(text: str) -> str:
    """The QR code of a text as a PNG data: URI (the PDF renderer fetches nothing else)."""
    buffer = io.BytesIO()
    # make_qr, not make: a short serial would otherwise become a Micro QR most phones cannot read.
    segno.make_qr(text, error="m").save(buffer, kind="png", scale=QR_SCALE, border=2)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
