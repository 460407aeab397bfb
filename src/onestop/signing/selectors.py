"""Reads of the signing app: certificates by holder or agency, trust data, signed documents."""

from datetime import datetime
from typing import Any

from asn1crypto import pem, x509  # type: ignore[import-untyped]
from django.db.models import Q, QuerySet
from django.utils import timezone

from onestop.signing.models import (
    CertificateKind,
    KeyStorage,
    RemoteRequestState,
    RemoteSigningRequest,
    RevocationList,
    SignedDocument,
    SigningCertificate,
    TrustAnchor,
)


def certificate_x509(certificate: SigningCertificate) -> x509.Certificate:
    return x509.Certificate.load(bytes(certificate.certificate_der))


def certificate_chain(certificate: SigningCertificate) -> list[x509.Certificate]:
    text = certificate.chain_pem.encode()
    return [x509.Certificate.load(der) for _type, _headers, der in pem.unarmor(text, multiple=True)]


def _usable(at: datetime | None = None) -> Q:
    moment = at or timezone.now()
    return Q(active=True, revoked_at__isnull=True, not_before__lte=moment, not_after__gt=moment)


def official_certificate(*, user: Any, agency: Any) -> SigningCertificate | None:
    """The official's certificate for signing on behalf of ``agency`` (one issued for it, else any)."""
    mine = SigningCertificate.objects.filter(_usable(), kind=CertificateKind.OFFICIAL, holder=user)
    return mine.filter(agency=agency).order_by("-not_before").first() or mine.order_by("-not_before").first()


def signs_from_phone(*, user: Any, agency: Any) -> bool:
    certificate = official_certificate(user=user, agency=agency)
    return certificate is not None and certificate.key_storage == KeyStorage.REMOTE


def agency_certificate(*, agency: Any) -> SigningCertificate | None:
    return (
        SigningCertificate.objects.filter(_usable(), kind=CertificateKind.AGENCY, agency=agency)
        .order_by("-not_before")
        .first()
    )


def default_agency_certificate() -> SigningCertificate | None:
    usable = SigningCertificate.objects.filter(_usable(), kind=CertificateKind.AGENCY)
    return usable.filter(is_default=True).first()


def agency_certificate_by_e_id(e_id: str) -> SigningCertificate | None:
    return (
        SigningCertificate.objects.filter(_usable(), kind=CertificateKind.AGENCY, agency__e_id=e_id)
        .order_by("-not_before")
        .first()
    )


def trust_roots() -> list[x509.Certificate]:
    return [
        x509.Certificate.load(bytes(der))
        for der in TrustAnchor.objects.filter(active=True).values_list("certificate_der", flat=True)
    ]


def revocation_lists() -> list[bytes]:
    return [bytes(der) for der in RevocationList.objects.values_list("crl_der", flat=True)]


def known_certificates() -> list[x509.Certificate]:
    """Certificates OneStop holds (signers and their chains): intermediates for path building."""
    found: dict[bytes, x509.Certificate] = {}
    for certificate in SigningCertificate.objects.all():
        for item in [certificate_x509(certificate), *certificate_chain(certificate)]:
            found[item.sha256] = item
    return list(found.values())


def signed_document_by_token(token: str) -> SignedDocument | None:
    return SignedDocument.objects.filter(token=token).first()


def signed_document_by_hash(sha256: str) -> SignedDocument | None:
    return SignedDocument.objects.filter(sha256=sha256).order_by("-signed_at").first()


def pending_requests(*, holder: Any) -> QuerySet[RemoteSigningRequest]:
    return RemoteSigningRequest.objects.filter(
        certificate__holder=holder, state=RemoteRequestState.PENDING, expires_at__gt=timezone.now()
    ).select_related("certificate")
