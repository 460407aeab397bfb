"""Validation shared by the services, the admin and the in-memory calendar."""

from collections.abc import Iterable
from datetime import time
from itertools import pairwise

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

Period = tuple[time, time]


def validate_periods(periods: Iterable[Period]) -> tuple[Period, ...]:
    """Return the periods sorted by start; reject empty, reversed or overlapping periods."""
    ordered = tuple(sorted((start, end) for start, end in periods))
    if not ordered:
        raise ValidationError(_("Give at least one working period."), code="no_periods")
    for start, end in ordered:
        if not start < end:
            raise ValidationError(
                _("A working period must start before it ends (%(start)s-%(end)s)."),
                code="period_reversed",
                params={"start": f"{start:%H:%M}", "end": f"{end:%H:%M}"},
            )
    for (_start, previous_end), (start, _end) in pairwise(ordered):
        if start < previous_end:
            raise ValidationError(
                _("Working periods must not overlap (%(start)s starts before %(end)s)."),
                code="period_overlap",
                params={"start": f"{start:%H:%M}", "end": f"{previous_end:%H:%M}"},
            )
    return ordered
