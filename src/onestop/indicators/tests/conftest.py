from collections.abc import Callable
from typing import Any

import pytest

from onestop.indicators.services import records_import
from onestop.indicators.tests.crafted import LineMaker, line_maker


@pytest.fixture
def line() -> LineMaker:
    return line_maker()


@pytest.fixture
def imported(demo_few: Any) -> Callable[[list[dict[str, Any]]], Any]:
    """Import exchange records into the demo (units and a few procedures loaded)."""
    import json

    def run(records: list[dict[str, Any]]) -> Any:
        return records_import(
            lines=[json.dumps(r, ensure_ascii=False) for r in records], file_name="test.jsonl"
        )

    return run
