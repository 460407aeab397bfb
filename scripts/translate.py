"""Fill the Vietnamese catalogue from a {msgid: msgstr} table (developer helper).

Usage: .venv/bin/python scripts/translate.py TABLE.py — TABLE defines VI and PLURAL dicts. Existing
translations are kept unless the table gives a new one; untranslated messages are listed.
"""

import runpy
import sys
from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parents[1] / "src/onestop/locale/vi/LC_MESSAGES/django.po"


def main() -> None:
    table = runpy.run_path(sys.argv[1])
    catalogue = polib.pofile(str(CATALOGUE))
    catalogue.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    for entry in catalogue:
        if entry.msgid_plural and entry.msgid in table.get("PLURAL", {}):
            entry.msgstr_plural = dict(enumerate(table["PLURAL"][entry.msgid]))
        elif entry.msgid in table.get("VI", {}):
            entry.msgstr = table["VI"][entry.msgid]
        if "fuzzy" in entry.flags and (entry.msgstr or entry.msgstr_plural):
            entry.flags.remove("fuzzy")
    catalogue.save()
    for entry in catalogue.untranslated_entries():
        print("untranslated:", entry.msgid)


if __name__ == "__main__":
    main()
