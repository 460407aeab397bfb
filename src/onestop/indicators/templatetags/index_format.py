from django import template
from django.utils.formats import number_format

from onestop.indicators.constants import Band, OfficerBand

register = template.Library()
BAND_LABELS = {**dict(Band.choices), **dict(OfficerBand.choices)}


@register.filter
def percent(rate: float | None) -> str:
    """A 0-1 rate as a percentage with two decimals, in the active language's number format."""
    if rate is None:
        return "—"
    return f"{number_format(rate * 100, 2)} %"


@register.filter
def band_label(band: str | None) -> str:
    return str(BAND_LABELS.get(band or "", ""))


@register.filter
def magnitude(number: int | None) -> int | None:
    """The size of a change; the arrow beside it gives the direction."""
    return None if number is None else abs(number)
