"""Text normalisation: everything stored is NFC; search compares a folded form."""

import unicodedata


def nfc(value: str) -> str:
    """Return ``value`` in Unicode NFC with surrounding white space removed."""
    return unicodedata.normalize("NFC", value).strip()


def fold(value: str) -> str:
    """Lower-case, strip diacritics and map đ→d, so "Hồng Dụ" matches "hong du"."""
    decomposed = unicodedata.normalize("NFD", value.lower().replace("đ", "d").replace("Đ", "d"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.split())
