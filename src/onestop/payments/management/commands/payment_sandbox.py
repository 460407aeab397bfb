from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from onestop.payments.sandbox import Sandbox, serve


class Command(BaseCommand):
    help = (
        "Run the sandbox payment gateway (redirect protocol, IPN, querydr) for the demo. Never in production."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8100)
        parser.add_argument(
            "--ipn-url", default=settings.ONESTOP_PUBLIC_URL.rstrip("/") + "/thanh-toan/ipn/vnpay/"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sandbox = Sandbox(
            merchant=settings.ONESTOP_PAYMENT_MERCHANT,
            secret=settings.ONESTOP_PAYMENT_SECRET,
            ipn_url=options["ipn_url"],
        )
        server = serve(sandbox, port=options["port"], background=False)
        self.stdout.write(
            f"Sandbox gateway on http://127.0.0.1:{server.server_address[1]} (IPN → {options['ipn_url']})"
        )
        self.stdout.flush()
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            server.server_close()
