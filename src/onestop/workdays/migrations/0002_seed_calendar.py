# Seed the working calendar for 2024–2027 from the holidays package; later years: `onestop seed_calendar`.

from django.db import migrations

from onestop.workdays.seeding import rows_for_year, seed_decision

YEARS = range(2024, 2028)


def seed(apps, schema_editor):
    CalendarEntry = apps.get_model("workdays", "CalendarEntry")
    taken = set(CalendarEntry.objects.filter(date__year__in=YEARS).values_list("date", flat=True))
    decision = seed_decision()
    CalendarEntry.objects.bulk_create(
        CalendarEntry(
            date=row.date, kind=row.kind, name=row.name, name_en=row.name_en, decision=decision, source="seeded"
        )
        for year in YEARS
        for row in rows_for_year(year)
        if row.date not in taken
    )


def unseed(apps, schema_editor):
    CalendarEntry = apps.get_model("workdays", "CalendarEntry")
    CalendarEntry.objects.filter(date__year__in=YEARS, source="seeded").delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
