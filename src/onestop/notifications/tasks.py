"""Background delivery of notices (django-tasks): idempotent, safe to run twice."""

from django_tasks import task

from onestop.notifications.services import deliveries_send, notices_fan_out


@task()
def deliver_notifications() -> dict[str, int]:
    notices_fan_out()
    report = deliveries_send()
    return {"delivered": report.delivered, "retrying": report.retrying, "failed": report.failed}
