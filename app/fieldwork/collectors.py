"""Enumerators and clerks as the pages and exports show them: a pseudonymous code, never a name.

The code is an HMAC of the user id under the application's secret key, so it is stable
(the same person keeps the same code in every page, export and report) but cannot be turned
back into the id, nor guessed by someone who knows the ids, without the key. Changing
SECRET_KEY changes every code.
"""

import hashlib
import hmac

from flask import current_app

from app.responses.models import RECEIPT_ALPHABET

PREFIX = "ĐTV-"  # "điều tra viên": part of the code, the same in every language
LENGTH = 6  # 31⁶ ≈ 8.9 × 10⁸ codes: two enumerators of one province will not share one


def collector_code(user_id: int | None) -> str:
    """``"ĐTV-"`` and six characters without look-alikes (e.g. "ĐTV-7KQ4MX"); "" for None."""
    if user_id is None:
        return ""
    key = current_app.config["SECRET_KEY"]
    key = key if isinstance(key, bytes) else str(key).encode()
    digest = hmac.new(key, f"collector:{user_id}".encode(), hashlib.sha256).digest()
    number, chars = int.from_bytes(digest[:8], "big"), []
    for _ in range(LENGTH):
        number, index = divmod(number, len(RECEIPT_ALPHABET))
        chars.append(RECEIPT_ALPHABET[index])
    return PREFIX + "".join(chars)
