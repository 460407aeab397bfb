"""Agency electronic identifiers (mã định danh điện tử), Decision 20/2020 as amended by 09/2025."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_E_ID_LENGTH = 35
# Level-1 group is a letter and two characters (e.g. H31); lower levels are two-character groups.
E_ID_RE = re.compile(r"^[A-Z][A-Z0-9]{2}(\.[A-Z0-9]{2})*$")
# Codes issued before 2020 wrote the groups right to left (e.g. 000.00.24.H26); still found in old data.
LEGACY_E_ID_RE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")


def validate_agency_e_id(value: str) -> None:
    if len(value) > MAX_E_ID_LENGTH:
        raise ValidationError(
            _("An electronic identifier has at most %(max)d characters."),
            code="e_id_length",
            params={"max": MAX_E_ID_LENGTH},
        )
    if not (E_ID_RE.match(value) or LEGACY_E_ID_RE.match(value)):
        raise ValidationError(
            _(
                "An electronic identifier is written as groups of capital letters and digits separated by "
                "dots, level 1 first, e.g. H31.12.05."
            ),
            code="e_id_format",
        )
