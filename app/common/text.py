"""Text helpers shared by every feature: NFC, control characters, Vietnamese numbers."""

import re
import unicodedata

from flask_babel import get_locale

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
    if not value.isdigit() or not value.isascii() or len(value) > 9:
        raise ValueError(value)  # at most 999,999,999: every count here fits a database integer
    return int(value)


def parse_bool(value: str) -> bool | None:
    """Parse yes/no as a CSV may write it (1/0, true/false, có/không, x/empty)."""
    value = clean_text(value).lower()
    if value in {"1", "true", "yes", "y", "có", "co", "x"}:
        return True
    if value in {"0", "false", "no", "n", "không", "khong", ""}:
        return False
    raise ValueError(value)


def format_number(value, digits: int = 0) -> str:
    """A number as the interface language writes it (Vietnamese: 1.234,5)."""
    if value is None:
        return "–"
    text = f"{value:,.{digits}f}"
    if str(get_locale()) == "vi":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


# Vietnamese alphabetical order: ă and â after a, đ after d, ê after e, ô and ơ after o, ư after u.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter


def vietnamese_sort_key(text: str) -> tuple:
    """A key sorting Vietnamese words as a dictionary does: letters first, tones second."""
    letters, tones = [], []
    for char in unicodedata.normalize("NFD", text.lower()):
        if char in _TONES:
            tones.append(_TONES[char])
            continue
        if char in _LETTER_MARKS and letters:
            composed = unicodedata.normalize("NFC", letters[-1][1] + char)
            letters[-1] = (_ALPHABET.find(composed), composed)
            continue
        index = _ALPHABET.find(char)
        letters.append((index if index >= 0 else 100 + ord(char), char))
    return tuple(i for i, _c in letters), tuple(tones)


def format_answer_number(value) -> str:
    """A stored answer number as typed: no exponent, no trailing zeros, Vietnamese comma."""
    text = format(value.normalize(), "f") if value is not None else "–"
    return text.replace(".", ",") if str(get_locale()) == "vi" else text
