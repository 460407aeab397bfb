"""The first index scheme: the points of domain.md's Decision 766 table (as the national dashboards publish)."""

from django.db import migrations

from onestop.indicators.schemes import DECISION_766_2025


def seed(apps, schema_editor):
    data = DECISION_766_2025
    scheme = apps.get_model("indicators", "IndexScheme").objects.create(
        version=data["version"], valid_from=data["valid_from"], source=data["source"], bands=data["bands"]
    )
    indicator = apps.get_model("indicators", "IndexIndicator")
    indicator.objects.bulk_create(
        indicator(scheme=scheme, key=key, group=group, position=position, weight=points, threshold=threshold)
        for position, (key, group, points, threshold) in enumerate(data["indicators"], 1)
    )


def unseed(apps, schema_editor):
    apps.get_model("indicators", "IndexScheme").objects.filter(version=DECISION_766_2025["version"]).delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
