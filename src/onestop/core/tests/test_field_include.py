"""The shared field include: a screen reader reaches the hint and the error the input points to."""

import re

from django import forms
from django.template.loader import render_to_string


class _Form(forms.Form):
    name = forms.CharField(label="Họ và tên", help_text="Như trên thẻ căn cước.")


def test_every_id_the_input_is_described_by_is_on_the_page() -> None:
    form = _Form({})
    assert not form.is_valid()
    html = render_to_string("includes/field.html", {"field": form["name"]})
    described_by = re.search(r'aria-describedby="([^"]+)"', html)
    assert described_by is not None
    ids = described_by.group(1).split()
    assert len(ids) == 2
    for element_id in ids:
        assert f'id="{element_id}"' in html
