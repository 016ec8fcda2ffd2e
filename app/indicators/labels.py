"""Names for breakdown keys (unit and commune ids, codes of channels and kinds)."""

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.common.text import vietnamese_sort_key
from app.enterprises.models import ENTERPRISE_KINDS
from app.extensions import db
from app.indicators.figures import Figure
from app.registers.models import ENTRY_RESULTS, MEMBER_KINDS, PRODUCT_KINDS
from app.surveys.links_forms import CHANNEL_LABELS as CHANNELS
from app.units.models import FORMER_PROVINCE_LABELS, UNIT_KINDS, Unit

_DETAIL_LABELS = {
    "NETWORK": MEMBER_KINDS,
    "PRESS_AWARDS": ENTRY_RESULTS,
}


def _unit_names(ids) -> dict[str, str]:
    ids = {int(i) for i in ids if str(i).isdigit() and int(i)}
    if not ids:
        return {}
    rows = db.session.execute(sa.select(Unit.id, Unit.name).where(Unit.id.in_(ids)))
    return {str(uid): name for uid, name in rows}


def label_cells(figure: Figure, breakdown: str | None) -> None:
    """Fill each detail cell's label in the interface language."""
    if breakdown in ("unit", "commune") or (breakdown is None and figure.kind == "count"):
        names = _unit_names(c.key for c in figure.details)
        table = names
    else:
        table = (
            {
                "former_province": FORMER_PROVINCE_LABELS,
                "commune_kind": {"phuong": UNIT_KINDS["phuong"], "xa": _l("Xã, đặc khu")},
                "channel": CHANNELS,
                "enterprise_type": ENTERPRISE_KINDS,
            }.get(breakdown)
            or _DETAIL_LABELS.get(figure.code)
            or PRODUCT_KINDS
        )
    for cell in figure.details:
        cell.label = str(table.get(cell.key, "")) or _fallback(cell.key)
    if breakdown in ("unit", "commune"):
        figure.details.sort(key=lambda c: vietnamese_sort_key(c.label))


def _fallback(key: str) -> str:
    return _("Không xác định") if not key or key == "0" or key == "None" else key
