"""A throwaway template folder, so the tests can render any document through render_pdf."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def document_template(settings: Any, tmp_path: Path) -> Callable[[str], str]:
    """Write ``body`` as a template extending printing/base.html; returns the template's name."""
    folder = tmp_path / "templates"
    folder.mkdir()
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [folder]}]

    def write(body: str, *, name: str = "document.html") -> str:
        (folder / name).write_text(
            '{% extends "printing/base.html" %}{% block content %}' + body + "{% endblock %}",
            encoding="utf-8",
        )
        return name

    return write
