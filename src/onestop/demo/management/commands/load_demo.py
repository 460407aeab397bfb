from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from onestop.demo.loader import DEMO_PASSWORD, load_demo
from onestop.indicators.demo import demo_history_load
from onestop.signing.demo import demo_pki_setup


class Command(BaseCommand):
    help = "Load the demo (Hải Phòng: communes, centres, agencies, staff) into DATABASE_URL. Safe to rerun."

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_demo()
        pki = demo_pki_setup()
        history = demo_history_load()
        out = self.stdout
        out.write(
            f"Demo loaded: {result.units} units, {result.agencies} agencies, {result.desks} desks, "
            f"{result.posts} staff posts, {result.procedures} procedures."
        )
        out.write(
            f"Demo PKI (TEST, no legal value): {len(pki.officials)} official and {len(pki.agencies)} agency "
            "certificates; results are signed when a leader approves."
        )
        if history is not None:
            out.write(
                f"Demo history for the service index: {history.imported} invented dossier records "
                "(see /chi-so/ as an inspector or leader)."
            )
        out.write("")
        out.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        for login in result.logins:
            out.write(f"  {login.username:<20} {login.role:<38} {login.full_name} — {login.place}")
        out.write("")
        out.write("Staff pass a second factor after the password. The demo code for any demo official:")
        out.write("  .venv/bin/onestop demo-otp     (prints the current 6-digit code)")
        out.write(
            f"  or add this TOTP key to an authenticator app: {self._base32(settings.ONESTOP_DEMO_TOTP_KEY)}"
        )

    @staticmethod
    def _base32(key_hex: str) -> str:
        import base64

        return base64.b32encode(bytes.fromhex(key_hex)).decode()
