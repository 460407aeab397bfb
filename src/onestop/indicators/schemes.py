"""Index schemes shipped with OneStop. Frozen once released: a change of weights is a new scheme."""

from datetime import date
from decimal import Decimal
from typing import Any

DECISION_766_2025: dict[str, Any] = {
    "version": "766-2025",
    "valid_from": date(2023, 1, 1),
    "source": "Quyết định 766/QĐ-TTg ngày 23/6/2022; điểm theo bảng điều hành của Cổng Dịch vụ công quốc gia",
    "bands": [[90, "excellent"], [70, "good"], [50, "average"], [0, "weak"]],
    # key, group, points, threshold (domain.md "Decision 766")
    "indicators": [
        ("1.1", "publicity", Decimal(6), Decimal(1)),
        ("1.2", "publicity", Decimal(4), Decimal(1)),
        ("1.3", "publicity", Decimal(2), Decimal(1)),
        ("1.4", "publicity", Decimal(6), Decimal(1)),
        ("2.1", "progress", Decimal(20), Decimal(1)),
        ("2.2", "tracked", Decimal(0), Decimal(1)),
        ("3.x", "online", Decimal(12), Decimal(1)),
        ("3.5", "payment", Decimal(2), Decimal("0.8")),
        ("3.5b", "payment", Decimal(2), Decimal(1)),
        ("3.6", "payment", Decimal(6), Decimal(1)),
        ("4.1", "digitisation", Decimal(6), Decimal(1)),
        ("4.2", "digitisation", Decimal(4), Decimal("0.8")),
        ("4.x", "digitisation", Decimal(2), Decimal(1)),
        ("4.3", "digitisation", Decimal(2), Decimal("0.8")),
        ("4.4", "digitisation", Decimal(4), Decimal(1)),
        ("4.5", "digitisation", Decimal(4), Decimal(1)),
        ("5.2", "satisfaction", Decimal(6), Decimal(1)),
        ("5.3", "satisfaction", Decimal(6), Decimal(1)),
        ("5.4", "satisfaction", Decimal(6), Decimal("0.9")),
        ("online_filing", "tracked", Decimal(0), Decimal(1)),
    ],
}
