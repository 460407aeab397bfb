"""Verification of the signatures in a PDF against the trust anchors and CRLs an administrator configured."""

import hashlib
import io
import logging
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from asn1crypto import x509  # type: ignore[import-untyped]
from cryptography import x509 as crypto_x509
from django.utils import timezone
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from onestop.signing import selectors
from onestop.signing.engine import run_sync

logger = logging.getLogger(__name__)


class NotAPdfError(ValueError):
    """The uploaded file could not be read as a PDF."""


@dataclass
class SignatureReport:
    signature_field: str
    intact: bool
    valid: bool
    trusted: bool
    revoked: bool
    signer: str
    organisation: str
    title: str
    signed_at: datetime | None
    timestamped: bool
    covers_document: bool
    revoked_at: datetime | None = None
    problems: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("signed_at", "revoked_at"):
            moment = getattr(self, key)
            data[key] = timezone.localtime(moment).isoformat() if moment else None
        return data


@dataclass
class Report:
    sha256: str
    signatures: list[SignatureReport]
    title: str = ""
    dossier_code: str = ""

    @property
    def all_valid(self) -> bool:
        return bool(self.signatures) and all(
            s.trusted and s.intact and s.covers_document for s in self.signatures
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "sha256": self.sha256,
            "title": self.title,
            "dossier_code": self.dossier_code,
            "valid": self.all_valid,
            "signatures": [s.as_json() for s in self.signatures],
        }


def _name_part(name: x509.Name, key: str) -> str:
    return str(name.native.get(key, "") or "")


def _context() -> ValidationContext:
    return ValidationContext(
        trust_roots=selectors.trust_roots(),
        other_certs=selectors.known_certificates(),
        crls=selectors.revocation_lists(),
        allow_fetching=False,
        revocation_mode="soft-fail",
    )


def _revoked_at(
    certificate: x509.Certificate, crls: list[crypto_x509.CertificateRevocationList]
) -> datetime | None:
    """When the configured CRLs say ``certificate`` was revoked, even after the signature's timestamp.

    PAdES validation accepts a signature timestamped before the revocation; a citizen checking a document
    today must still be told that its signer's certificate is revoked.
    """
    issuer_der = certificate.issuer.dump()
    for crl in crls:
        if crl.issuer.public_bytes() != issuer_der:
            continue
        entry = crl.get_revoked_certificate_by_serial_number(certificate.serial_number)
        if entry is not None:
            return entry.revocation_date_utc
    return None


def _problems(status: PdfSignatureStatus, revoked_at: datetime | None) -> list[str]:
    problems = []
    if not status.intact:
        problems.append("digest_mismatch")
    elif not status.valid:
        problems.append("bad_signature")
    if status.revoked or revoked_at is not None:
        problems.append("revoked")
    elif not status.trusted and status.intact and status.valid:
        problems.append("untrusted")
    if status.coverage not in {SignatureCoverageLevel.ENTIRE_FILE, SignatureCoverageLevel.ENTIRE_REVISION}:
        problems.append("partial_coverage")
    elif status.modification_level is not None and status.docmdp_ok is False:
        problems.append("modified_after_signing")
    return problems


def verify_pdf(data: bytes) -> Report:
    """What the verification page shows: each signature's state, who signed and when, the file's hash."""
    digest = hashlib.sha256(data).hexdigest()
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_regular_signatures)
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise NotAPdfError(str(error)) from error
    crls = [crypto_x509.load_der_x509_crl(der) for der in selectors.revocation_lists()]
    reports = []
    for signature in embedded:
        context, ts_context = _context(), _context()
        status = run_sync(async_validate_pdf_signature(signature, context, ts_validation_context=ts_context))
        subject = status.signing_cert.subject
        timestamp = status.timestamp_validity
        revoked_at = _revoked_at(status.signing_cert, crls)
        if status.revoked and revoked_at is None and status.revocation_details is not None:
            revoked_at = status.revocation_details.revocation_date
        reports.append(
            SignatureReport(
                signature_field=signature.field_name,
                intact=status.intact,
                valid=status.valid,
                trusted=status.trusted and revoked_at is None,
                revoked=revoked_at is not None or status.revoked,
                revoked_at=revoked_at,
                signer=_name_part(subject, "common_name"),
                organisation=_name_part(subject, "organization_name"),
                title=_name_part(subject, "title"),
                signed_at=timestamp.timestamp if timestamp else status.signer_reported_dt,
                timestamped=bool(timestamp and timestamp.intact and timestamp.valid),
                covers_document=status.coverage
                in {SignatureCoverageLevel.ENTIRE_FILE, SignatureCoverageLevel.ENTIRE_REVISION},
                problems=_problems(status, revoked_at),
            )
        )
    known = selectors.signed_document_by_hash(digest)
    return Report(
        sha256=digest,
        signatures=reports,
        title=known.title if known else "",
        dossier_code=known.dossier_code if known else "",
    )
