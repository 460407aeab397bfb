import os
from pathlib import Path
from typing import Any

from cryptography import x509
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from onestop.accounts.models import User
from onestop.organizations.models import Agency
from onestop.signing.models import CertificateKind, KeyStorage
from onestop.signing.services import certificate_register, chain_from_pem


def read_token_certificate(*, module: str, token: str, label: str, pin: str) -> x509.Certificate:
    """The certificate stored beside the key on a PKCS#11 token (as government USB tokens carry it)."""
    import pkcs11
    from pkcs11 import Attribute, ObjectClass

    library = pkcs11.lib(module)
    with library.get_token(token_label=token).open(user_pin=pin or None) as session:
        for item in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.LABEL: label}):
            return x509.load_der_x509_certificate(bytes(item[Attribute.VALUE]))
    raise CommandError(f"No certificate labelled {label!r} on token {token!r}")


class Command(BaseCommand):
    help = "Register the certificate of a PKCS#11 token (USB token or HSM) for an official or an agency."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--module", required=True, help="PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so"
        )
        parser.add_argument("--token", required=True, help="Token label.")
        parser.add_argument("--label", required=True, help="Label of the key and its certificate.")
        parser.add_argument("--pin-env", required=True, help="Environment variable holding the PIN.")
        parser.add_argument("--chain", help="PEM file with the issuing CA chain.")
        parser.add_argument("--holder", help="Username of the official (omit for an agency certificate).")
        parser.add_argument("--agency", required=True, help="Electronic id of the agency.")
        parser.add_argument("--title", default="", help="The official's title shown under the signature.")

    def handle(self, *args: Any, **options: Any) -> None:
        agency = Agency.objects.filter(e_id=options["agency"]).first()
        if agency is None:
            raise CommandError(f"Unknown agency {options['agency']}")
        holder = None
        if options["holder"]:
            holder = User.objects.filter(username=options["holder"]).first()
            if holder is None:
                raise CommandError(f"Unknown user {options['holder']}")
        certificate = read_token_certificate(
            module=options["module"],
            token=options["token"],
            label=options["label"],
            pin=os.environ.get(options["pin_env"], ""),
        )
        chain = chain_from_pem(Path(options["chain"]).read_bytes()) if options["chain"] else []
        try:
            record = certificate_register(
                actor=None,
                kind=CertificateKind.OFFICIAL if holder else CertificateKind.AGENCY,
                certificate=certificate,
                chain=chain,
                key_storage=KeyStorage.PKCS11,
                holder=holder,
                agency=agency,
                title=options["title"],
                pkcs11_module=options["module"],
                pkcs11_token=options["token"],
                pkcs11_key_label=options["label"],
                pkcs11_pin_env=options["pin_env"],
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(f"Registered {record.subject} ({record.fingerprint}) on token {options['token']}")
