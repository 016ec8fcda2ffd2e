"""Strata of the commune frame, with the labels the indicators' breakdowns already use."""

from flask_babel import lazy_gettext as _l

from app.units.models import FORMER_PROVINCE_LABELS, UNIT_KINDS

# As in the indicators' weighting groups: the one đặc khu (Lý Sơn) counts with the xã.
KIND_LABELS = {"phuong": UNIT_KINDS["phuong"], "xa": _l("Xã, đặc khu")}
WHOLE_PROVINCE = "all"
UNKNOWN = "unknown"


def commune_kind(kind: str) -> str:
    """The kind as a stratum knows it: "phuong" for a phường, "xa" for a xã or the đặc khu."""
    return "phuong" if kind == "phuong" else "xa"


def stratum_code(stratification: str, former_province: str | None, kind: str) -> str:
    """The stratum of a commune: "quang_ngai/xa", "kon_tum", "phuong" or "all"."""
    province = former_province or UNKNOWN
    if stratification == "province_kind":
        return f"{province}/{commune_kind(kind)}"
    if stratification == "province":
        return province
    if stratification == "kind":
        return commune_kind(kind)
    return WHOLE_PROVINCE


def stratum_label(code: str) -> str:
    """A stratum in words: "Quảng Ngãi (cũ) – Xã, đặc khu"."""
    if code == WHOLE_PROVINCE:
        return str(_l("Toàn tỉnh"))
    labels = {**FORMER_PROVINCE_LABELS, **KIND_LABELS, UNKNOWN: _l("Không xác định")}
    return " – ".join(str(labels.get(part, part)) for part in code.split("/"))
