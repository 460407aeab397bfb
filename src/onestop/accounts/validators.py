"""Validators for Vietnamese identifiers on accounts."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PERSONAL_ID_RE = re.compile(r"^\d{12}$")
PHONE_RE = re.compile(r"^0\d{9}$")
TAX_CODE_RE = re.compile(r"^\d{10}(-\d{3})?$")


def normalize_phone(value: str) -> str:
    """Turn "+84 912 345 678" or "0912.345.678" into "0912345678"."""
    digits = re.sub(r"[\s.\-()]", "", value)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


def validate_personal_id(value: str) -> None:
    if not PERSONAL_ID_RE.match(value):
        raise ValidationError(_("A personal ID number has exactly 12 digits."), code="personal_id")


def validate_phone(value: str) -> None:
    if not PHONE_RE.match(value):
        raise ValidationError(
            _("Enter a Vietnamese phone number of 10 digits starting with 0, e.g. 0912345678."), code="phone"
        )


def validate_tax_code(value: str) -> None:
    if not TAX_CODE_RE.match(value):
        raise ValidationError(
            _("A tax code has 10 digits, or 10 digits, a hyphen and 3 digits for a branch."), code="tax_code"
        )
