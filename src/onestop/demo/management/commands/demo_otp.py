from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django_otp.oath import totp


class Command(BaseCommand):
    help = "Print the current second-factor code of the demo officials (demo TOTP key only)."

    def handle(self, *args: Any, **options: Any) -> None:
        code = totp(bytes.fromhex(settings.ONESTOP_DEMO_TOTP_KEY), step=30, t0=0, digits=6)
        self.stdout.write(f"{code:06d}")
