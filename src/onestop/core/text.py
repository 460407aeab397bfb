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


def mask(value: str, *, keep_end: int = 3) -> str:
    """Hide all but the last ``keep_end`` characters of an ID or phone number for public pages."""
    value = value.strip()
    if len(value) <= keep_end:
        return "*" * len(value)
    return "*" * (len(value) - keep_end) + value[-keep_end:]
