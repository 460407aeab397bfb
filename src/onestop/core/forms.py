"""Presentation helpers shared by the apps' forms."""

from django import forms
from django.core.exceptions import ValidationError


def form_add_service_errors(
    form: forms.Form, error: ValidationError, *, rename: dict[str, str] | None = None
) -> None:
    """Put a service's errors next to the matching fields (``rename`` maps service names to form
    names), the others at the top of the form."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    rename = rename or {}
    for field, field_errors in error.message_dict.items():
        name = rename.get(field, field)
        for message in field_errors:
            form.add_error(name if name in form.fields else None, message)
