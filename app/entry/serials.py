"""What a clerk types or scans into the serial field, read as a paper form's key.

Three things arrive there: a printed serial typed by hand ("P-000123", "p000123"); the text
of the form's QR code from a scanner, "NQ57:P-000123:<survey slug>" with an optional
":v<version>" (app.paper.serials.serial_payload); or a one-time respondent code of a sample
design, typed ("KQ4M-9XD7") or scanned as its invitation URL (".../s/<token>").
"""

import re
from dataclasses import dataclass

from flask_babel import gettext as _

from app.common.text import clean_text
from app.responses.models import Link
from app.responses.queries import get_link_by_token
from app.sampling.codes import format_code, normalise_code
from app.sampling.queries import get_link_by_code

QR_PAYLOAD = re.compile(r"^NQ57:(?P<serial>[^:]+):(?P<slug>[^:]+)(?::v\d+)?$", re.IGNORECASE)
PRINTED_SERIAL = re.compile(r"^(?P<prefix>[A-Z0-9]{1,8})-?(?P<number>\d{6})$")
INVITATION_URL = re.compile(r"^https?://[^/\s]+(?:/[^\s]*)?/s/(?P<token>[A-Za-z0-9_-]{1,32})/?$")


class SerialError(Exception):
    """The text cannot name a paper form of this survey; ``message`` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Serial:
    """A paper form's key as stored ("P-000123", or a code without its dash) and, for a
    respondent code, its one-time invitation link."""

    value: str
    link: Link | None = None

    @property
    def label(self) -> str:
        """As printed on the form: "P-000123" or "KQ4M-9XD7"."""
        return format_code(self.value) if self.link is not None else self.value


def display_serial(value: str, *, is_code: bool) -> str:
    """A stored serial as printed."""
    return format_code(value) if is_code else value


def read_serial(typed: str, survey) -> Serial:
    """The paper form of ``survey`` that the typed or scanned text names.

    :raises SerialError: empty, not a serial or code, or a form or code of another survey.
    """
    text = clean_text(typed)
    if not text:
        raise SerialError(_("Nhập số phiếu hoặc mã người trả lời"))
    payload = QR_PAYLOAD.match(text)
    if payload:
        if payload["slug"].lower() != survey.slug:
            raise SerialError(
                _(
                    "Mã QR này thuộc phiếu của khảo sát khác (%(slug)s). Hãy kiểm tra lại phiếu.",
                    slug=payload["slug"],
                )
            )
        text = payload["serial"]
    url = INVITATION_URL.match(text)
    if url:
        return _from_link(get_link_by_token(url["token"]), survey)
    code = normalise_code(text)
    link = get_link_by_code(code) if code else None
    if link is not None:
        return _from_link(link, survey)
    printed = PRINTED_SERIAL.match("".join(text.split()).upper())
    if printed:
        return Serial(f"{printed['prefix']}-{printed['number']}")
    if code:
        raise SerialError(_("Không tìm thấy mã người trả lời %(code)s", code=format_code(code)))
    raise SerialError(
        _("Nhập số phiếu như in trên phiếu, ví dụ P-000123, hoặc mã người trả lời, ví dụ KQ4M-9XD7")
    )


def _from_link(link: Link | None, survey) -> Serial:
    if link is None or link.code is None:
        raise SerialError(_("Mã QR này không chứa mã người trả lời nào của hệ thống"))
    if link.survey_id != survey.id:
        raise SerialError(
            _("Mã người trả lời %(code)s thuộc khảo sát khác", code=format_code(link.code))
        )
    if link.revoked_at is not None:
        raise SerialError(_("Mã người trả lời %(code)s đã bị thu hồi", code=format_code(link.code)))
    return Serial(link.code, link)
