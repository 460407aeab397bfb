"""Formatting for the public pages."""

from django import template

from onestop.catalog.posters import format_vnd

register = template.Library()


@register.filter
def vnd(amount: int | None) -> str:
    """``50000`` → ``"50.000 đ"``; empty for no amount."""
    return "" if amount is None else format_vnd(int(amount))
