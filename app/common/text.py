"""Text helpers shared by every feature: NFC, control characters, Vietnamese numbers."""

import re
import unicodedata

# C0/C1 controls except tab, newline and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_GROUPING = re.compile(r"^\d{1,3}([ .\u00a0]\d{3})+$")


def clean_text(value: str | None) -> str:
    """NFC-normalise and strip a string; None becomes the empty string."""
    if value is None:
        return ""
    return unicodedata.normalize("NFC", value).strip()


def has_control_chars(value: str) -> bool:
    """True when the text holds control characters a person cannot have typed."""
    return bool(_CONTROL.search(value))


def parse_count(value: str) -> int | None:
    """Parse a non-negative whole number as Vietnamese writes it ("55.956", "55 956").

    Returns None for the empty string and raises ValueError for anything else that is not
    a whole number.
    """
    value = clean_text(value)
    if not value:
        return None
    if _GROUPING.match(value):
        value = re.sub(r"[ .\u00a0]", "", value)
    if not value.isdigit() or not value.isascii():
        raise ValueError(value)
    return int(value)


def parse_bool(value: str) -> bool | None:
    """Parse yes/no as a CSV may write it (1/0, true/false, có/không, x/empty)."""
    value = clean_text(value).lower()
    if value in {"1", "true", "yes", "y", "có", "co", "x"}:
        return True
    if value in {"0", "false", "no", "n", "không", "khong", ""}:
        return False
    raise ValueError(value)
