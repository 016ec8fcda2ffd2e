"""Fill English translations from a JSON object {msgid: msgstr or [singular, plural]}.

Usage: .venv/bin/python scripts/translate.py FILE.json   (then `make translations`)
Only for msgids that exist in the catalogue; prints what is still untranslated.
"""

import json
import sys

from babel.messages.pofile import read_po, write_po

CATALOGUE = "app/translations/en/LC_MESSAGES/messages.po"


def main(path: str) -> None:
    with open(path, encoding="utf-8") as fh:
        given = json.load(fh)
    with open(CATALOGUE, "rb") as fh:
        catalogue = read_po(fh)
    for message in catalogue:
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        if key in given:
            value = given[key]
            message.string = tuple(value) if isinstance(value, list) else value
            message.flags.discard("fuzzy")
    with open(CATALOGUE, "wb") as fh:
        write_po(fh, catalogue, ignore_obsolete=True)
    for message in catalogue:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.id and not all(strings):
            print("untranslated:", message.id)


if __name__ == "__main__":
    main(sys.argv[1])
