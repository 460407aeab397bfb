from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from onestop.payments.gateways import GatewayUnavailableError, SignatureError
from onestop.payments.services import payments_check_pending, payments_reconcile


class Command(BaseCommand):
    help = (
        "Compare a day's online payments with the gateway's list (default: yesterday); run daily from cron."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=date.fromisoformat, help="YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        day = options["date"] or timezone.localdate() - timedelta(days=1)
        checked = payments_check_pending()
        self.stdout.write(f"{checked} stale pending payments checked with the gateway")
        try:
            report = payments_reconcile(day=day)
        except (GatewayUnavailableError, SignatureError) as error:
            raise CommandError(f"The gateway's list could not be read: {error}") from error
        self.stdout.write(
            f"{day}: {report.matched} matched, {len(report.settled)} settled, "
            f"{len(report.mismatches)} mismatches"
        )
        for mismatch in report.mismatches:
            self.stdout.write(f"  {mismatch['reference']}: {mismatch['problem']}")
