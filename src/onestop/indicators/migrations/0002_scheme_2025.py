"""The first index scheme: the points of domain.md's Decision 766 table (as the national dashboards publish)."""

from datetime import date
from decimal import Decimal

from django.db import migrations

INDICATORS = [
    # key, group, points, threshold
    ("1.1", "publicity", "6", "1"),
    ("1.2", "publicity", "4", "1"),
    ("1.3", "publicity", "2", "1"),
    ("1.4", "publicity", "6", "1"),
    ("2.1", "progress", "20", "1"),
    ("2.2", "tracked", "0", "1"),
    ("3.x", "online", "12", "1"),
    ("3.5", "payment", "2", "0.8"),
    ("3.5b", "payment", "2", "1"),
    ("3.6", "payment", "6", "1"),
    ("4.1", "digitisation", "6", "1"),
    ("4.2", "digitisation", "4", "0.8"),
    ("4.x", "digitisation", "2", "1"),
    ("4.3", "digitisation", "2", "0.8"),
    ("4.4", "digitisation", "4", "1"),
    ("4.5", "digitisation", "4", "1"),
    ("5.2", "satisfaction", "6", "1"),
    ("5.3", "satisfaction", "6", "1"),
    ("5.4", "satisfaction", "6", "0.9"),
    ("online_filing", "tracked", "0", "1"),
]


def seed(apps, schema_editor):
    scheme = apps.get_model("indicators", "IndexScheme").objects.create(
        version="766-2025",
        valid_from=date(2023, 1, 1),
        source="Quyết định 766/QĐ-TTg ngày 23/6/2022; điểm theo bảng điều hành của Cổng Dịch vụ công quốc gia",
        bands=[[90, "excellent"], [70, "good"], [50, "average"], [0, "weak"]],
    )
    indicator = apps.get_model("indicators", "IndexIndicator")
    indicator.objects.bulk_create(
        indicator(
            scheme=scheme,
            key=key,
            group=group,
            position=position,
            weight=Decimal(points),
            threshold=Decimal(threshold),
        )
        for position, (key, group, points, threshold) in enumerate(INDICATORS, 1)
    )


def unseed(apps, schema_editor):
    apps.get_model("indicators", "IndexScheme").objects.filter(version="766-2025").delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
