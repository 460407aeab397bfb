"""Background work of dossiers (django-tasks); idempotent and safe to retry."""

from django_tasks import task

from onestop.dossiers.deadline_jobs import deadlines_flag


@task()
def flag_deadlines() -> dict[str, int]:
    report = deadlines_flag()
    return {"due_soon": report.due_soon, "late": report.late, "cleared": report.cleared}
