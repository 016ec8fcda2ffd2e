"""Creating distribution links and their public URLs."""

import io
from datetime import datetime
from functools import lru_cache

import segno
from flask import current_app, has_request_context, request, url_for
from flask_babel import gettext as _

from app.audit.services import record
from app.db import utcnow
from app.extensions import db
from app.responses.models import Link
from app.surveys.models import Survey


class LinkError(Exception):
    """A link that cannot be made; the message is for the manager."""


def create_link(survey: Survey, *, kind: str = "public", label: str = "", commune=None,
                unit=None, event: str | None = None, channel: str | None = None,
                organisation: str | None = None, expires_at: datetime | None = None,
                budget: int | None = None, actor=None) -> Link:  # fmt: skip
    """A new link into ``survey`` with a random token."""
    if survey.status == "archived":
        raise LinkError(_("Khảo sát đã lưu trữ không nhận phiếu trả lời."))
    if kind not in {"public", "invitation"}:
        raise LinkError(_("Loại đường dẫn không hợp lệ."))
    link = Link(
        survey=survey, kind=kind, label=label, commune=commune, unit=unit, event=event,
        channel=channel, organisation=organisation, expires_at=expires_at,
        budget=1 if kind == "invitation" else budget, created_by_id=getattr(actor, "id", None),
    )  # fmt: skip
    db.session.add(link)
    db.session.flush()
    record(actor, "links.create", link, survey=survey.slug, kind=kind)
    return link


def public_url(link: Link) -> str:
    """The short URL printed under a QR code: PUBLIC_URL/s/<token>.

    PUBLIC_URL is the address people reach the service at (the final https one, so a QR
    code costs no redirect); without it the current request's host is used.
    """
    return token_url(link.token)


def token_url(token: str) -> str:
    """The public URL of a link's token (see public_url), for rows read without the ORM."""
    base = current_app.config["PUBLIC_URL"]
    if not base and has_request_context():
        base = request.host_url
    with current_app.test_request_context(base_url=base or "http://127.0.0.1:5000/"):
        return url_for("responses.start", token=token, _external=True)


EVENTS = ("18-5", "1-10", "10-10")


@lru_cache(maxsize=1024)
def _qr(url: str):
    return segno.make(url, error="m")


def qr_svg(url: str, *, scale: int = 8) -> str:
    """The QR code of a URL as an SVG document (black on white, a quiet zone of 4)."""
    buffer = io.BytesIO()
    _qr(url).save(buffer, kind="svg", scale=scale, border=4, xmldecl=False, svgns=True,
                  title="QR", svgclass=None, lineclass=None)  # fmt: skip
    return buffer.getvalue().decode()


def qr_png(url: str, *, scale: int = 10) -> bytes:
    """The QR code of a URL as a PNG image."""
    buffer = io.BytesIO()
    _qr(url).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def revoke_link(link: Link, *, actor) -> None:
    """Stop a link taking new responses; what it collected stays."""
    if link.revoked_at is None:
        link.revoked_at = utcnow()
        record(actor, "links.revoke", link, survey=link.survey.slug)


def create_event_links(survey: Survey, labels: dict[str, str], *, actor) -> list[Link]:
    """One public link per event of the plan (18/5, 1/10, 10/10), for their posters and stands."""
    links = [
        create_link(survey, label=str(label), event=code, channel="event", actor=actor)
        for code, label in labels.items()
    ]
    record(actor, "links.batch", survey, count=len(links), channel="event")
    return links


def create_commune_links(survey: Survey, communes: list, *, channel: str, actor) -> list[Link]:
    """One public link per commune, labelled with the commune's name (a poster batch)."""
    links = [
        create_link(survey, label=commune.name, commune=commune, channel=channel, actor=actor)
        for commune in communes
    ]
    record(actor, "links.batch", survey, count=len(links), channel=channel)
    return links
