"""One-time respondent codes of a drawn design: one invitation link per respondent and reserve.

Each code is an invitation link (one response at most) tied to the drawn commune it serves, so
a response that comes through it belongs to the probability sample (stream "sample"). Besides
its unguessable token (in the QR code) it has a serial, readable on a sheet ("03-21157-07":
design, commune, number), and a short code without look-alike characters to type by hand.
"""

import secrets

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.audit.services import record
from app.extensions import db
from app.responses.models import RECEIPT_ALPHABET, Link
from app.sampling.models import SampleAssignment, SampleDesign
from app.sampling.services import SamplingError
from app.units.models import Unit

CODE_LENGTH = 8  # 31⁸ ≈ 8.5 × 10¹¹ codes: a few thousand in use are not found by guessing
CODE_GROUP = 4


def new_code() -> str:
    """Eight characters from the receipt alphabet (no 0/O, 1/I/L), stored without a dash."""
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    """A stored code as printed and typed: "KQ4M9XD7" → "KQ4M-9XD7"."""
    return f"{code[:CODE_GROUP]}-{code[CODE_GROUP:]}"


def normalise_code(typed: str) -> str | None:
    """A typed code as stored: capitals, without spaces or dashes; None when it cannot be one.

    The hook for typing a code (paper entry, the enumerator's screen): look the result up
    with ``app.sampling.queries.get_link_by_code``.
    """
    code = "".join(typed.split()).replace("-", "").upper()
    if len(code) != CODE_LENGTH or any(c not in RECEIPT_ALPHABET for c in code):
        return None
    return code


def serial(design_id: int, commune_code: str, number: int) -> str:
    """The serial printed on the sheet and a paper form: design, commune code, number."""
    return f"{design_id:02d}-{commune_code}-{number:02d}"


def _fresh_codes(count: int) -> list[str]:
    """``count`` new short codes, distinct from each other and from every stored code."""
    codes: set[str] = set()
    while len(codes) < count:
        wanted = {new_code() for _ in range(count - len(codes))} - codes
        taken = set(db.session.scalars(sa.select(Link.code).where(Link.code.in_(wanted))))
        codes |= wanted - taken
    return list(codes)


def _lock(design: SampleDesign) -> None:
    """Serialise code creation per design: on PostgreSQL a second request waits here until the
    first commits, then sees its codes and adds none. SQLite serialises writers by itself, and
    the unique (assignment, number) pair backs both up."""
    db.session.execute(
        sa.select(SampleDesign.id).where(SampleDesign.id == design.id).with_for_update()
    )


def create_codes(design: SampleDesign, *, actor) -> list[Link]:
    """Give every drawn commune of ``design`` its respondents' and reserve codes; codes that
    exist are kept, so creating them again adds nothing. Audited with the counts.

    :raises SamplingError: the design's survey is archived.
    """
    survey = design.survey
    if survey.status == "archived":
        raise SamplingError(_l("Khảo sát đã lưu trữ không nhận phiếu trả lời."))
    _lock(design)
    a = SampleAssignment
    existing = set(
        db.session.execute(
            sa.select(Link.sample_assignment_id, Link.sample_number)
            .join(a, a.id == Link.sample_assignment_id)
            .where(a.design_id == design.id)
        ).tuples()
    )
    communes = db.session.execute(
        sa.select(a.id, a.commune_id, a.respondents, a.reserve, Unit.name)
        .join(Unit, Unit.id == a.commune_id)
        .where(a.design_id == design.id)
        .order_by(a.stratum, a.draw_order)
    ).all()
    wanted = [
        (row, number)
        for row in communes
        for number in range(1, row.respondents + row.reserve + 1)
        if (row.id, number) not in existing
    ]
    links = [
        Link(
            survey_id=survey.id,
            kind="invitation",
            budget=1,
            commune_id=row.commune_id,
            sample_assignment_id=row.id,
            sample_number=number,
            is_reserve=number > row.respondents,
            code=code,
            label=_label(design.id, row.name, number, reserve=number > row.respondents),
            created_by_id=getattr(actor, "id", None),
        )
        for (row, number), code in zip(wanted, _fresh_codes(len(wanted)), strict=True)
    ]
    db.session.add_all(links)
    db.session.flush()
    if links:
        record(actor, "sampling.codes", design, survey=survey.slug, created=len(links),
               existing=len(existing), reserve=sum(link.is_reserve for link in links))  # fmt: skip
    return links


def _label(design_id: int, commune: str, number: int, *, reserve: bool) -> str:
    """The link's label, in Vietnamese like every stored record: "Mẫu 3 – Xã Ba Tơ – số 07"."""
    label = f"Mẫu {design_id} – {commune} – số {number:02d}"
    return f"{label} (dự phòng)" if reserve else label
