"""The enterprise register: CSV import (all rows or none) and invitation links for a survey."""

import re
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from app.audit.services import record
from app.auth.services import looks_like_email
from app.common.csv_import import CsvFile, ImportFileError, RowError, decode_csv
from app.common.text import has_control_chars
from app.enterprises.models import ENTERPRISE_KINDS, Enterprise
from app.extensions import db
from app.responses.links import create_link
from app.responses.models import Link
from app.units.models import COMMUNE_KINDS, Unit

TAX_CODE_RE = re.compile(r"^\d{10}(-\d{3})?$")  # 10 digits, or 13 for a branch: 0101234567-001
COLUMNS = ("name", "tax_code", "type", "commune", "email")


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


def import_enterprises_csv(data: bytes, *, actor) -> ImportResult:
    """Create or update enterprises by tax code; every row is checked before anything is written."""
    file = CsvFile(decode_csv(data))
    errors = file.header_errors(required=("name", "tax_code", "type"), known=COLUMNS)
    if errors:
        raise ImportFileError(errors)
    communes = {u.code: u for u in db.session.scalars(
        sa.select(Unit).where(Unit.kind.in_(COMMUNE_KINDS)))}  # fmt: skip
    rows, seen = [], {}
    for line, values in file.lines(errors):
        row = _check_row(line, values, communes, errors)
        if row is None:
            continue
        if row["tax_code"] in seen:
            msg = _("mã số thuế đã có ở dòng %(other)s", other=seen[row["tax_code"]])
            errors.append(RowError(line, "tax_code", msg))
            continue
        seen[row["tax_code"]] = line
        rows.append(row)
    file.finish(rows, errors)
    existing = {e.tax_code: e for e in db.session.scalars(
        sa.select(Enterprise).where(Enterprise.tax_code.in_(seen)))}  # fmt: skip
    created = updated = 0
    for row in rows:
        enterprise = existing.get(row["tax_code"])
        if enterprise is None:
            db.session.add(Enterprise(**row))
            created += 1
        elif any(getattr(enterprise, k) != v for k, v in row.items()):
            for key, value in row.items():
                setattr(enterprise, key, value)
            updated += 1
    db.session.flush()
    result = ImportResult(created, updated, len(rows) - created - updated)
    record(actor, "enterprises.import", target_type="enterprises", **result.__dict__)
    return result


def _check_row(line: int, values: dict, communes: dict, errors: list) -> dict | None:
    before = len(errors)
    name, tax_code = values.get("name", ""), values.get("tax_code", "").replace(" ", "")
    kind, commune = values.get("type", ""), values.get("commune", "")
    email = values.get("email", "").lower()
    if not name or len(name) > 300 or has_control_chars(name):
        errors.append(RowError(line, "name", _("cần tên, tối đa 300 ký tự")))
    if not TAX_CODE_RE.match(tax_code):
        errors.append(RowError(line, "tax_code", _("mã số thuế gồm 10 chữ số (chi nhánh: 10-3)")))
    if kind not in ENTERPRISE_KINDS:
        kinds = ", ".join(ENTERPRISE_KINDS)
        errors.append(RowError(line, "type", _("loại phải là một trong: %(kinds)s", kinds=kinds)))
    if commune and commune not in communes:
        errors.append(RowError(line, "commune", _("không có xã, phường mã %(code)s", code=commune)))
    if email and not looks_like_email(email):
        errors.append(RowError(line, "email", _("địa chỉ thư điện tử không đúng dạng")))
    if len(errors) > before:
        return None
    return {"name": name, "tax_code": tax_code, "kind": kind, "email": email or None,
            "commune_id": communes[commune].id if commune else None}  # fmt: skip


def create_invitations(survey, enterprises: list[Enterprise], *, actor) -> list[Link]:
    """One single-response invitation link per enterprise that does not have one yet."""
    invited = set(db.session.scalars(
        sa.select(Link.enterprise_id).where(Link.survey_id == survey.id,
                                            Link.enterprise_id.is_not(None))))  # fmt: skip
    links = []
    for enterprise in enterprises:
        if enterprise.id in invited:
            continue
        link = create_link(survey, kind="invitation", label=enterprise.name,
                           organisation=enterprise.name, commune=enterprise.commune,
                           actor=actor)  # fmt: skip
        link.enterprise = enterprise
        links.append(link)
    db.session.flush()
    record(actor, "links.invitations", survey, count=len(links))
    return links
