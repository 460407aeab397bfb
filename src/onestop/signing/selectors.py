"""Reads of the signing app: certificates by holder or agency, trust data, signed documents."""

import hashlib
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from asn1crypto import crl, pem, x509  # type: ignore[import-untyped]
from django.db.models import Count, Max, Q, QuerySet
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


@dataclass(frozen=True)
class TrustSnapshot:
    """Trust anchors, known certificates and CRLs, parsed once and shared by the signatures that follow."""

    key: str
    taken: float  # time.monotonic()
    roots: list[x509.Certificate]
    others: list[x509.Certificate]
    crls: list[crl.CertificateList]
    crl_issuer_key_hashes: frozenset[str]


# Long enough to carry a burst of signatures, short enough that an edited chain shows within a minute.
TRUST_SNAPSHOT_SECONDS = 60.0
_snapshot_lock = threading.Lock()
_snapshot: TrustSnapshot | None = None


def _trust_state() -> str:
    """What the snapshot depends on. Anchors and CRLs exactly (a revocation publishes a new CRL, so it is
    seen at once); certificates by count and newest id (an edited chain waits for the window to end)."""
    anchors = TrustAnchor.objects.filter(active=True).order_by("pk").values_list("pk", "fingerprint")
    lists = RevocationList.objects.order_by("pk").values_list(
        "pk", "issuer_key_hash", "this_update", "added_at"
    )
    certificates = SigningCertificate.objects.aggregate(n=Count("pk"), last=Max("pk"))
    return hashlib.sha256(repr((list(anchors), list(lists), certificates)).encode()).hexdigest()


def trust_snapshot() -> TrustSnapshot:
    """The parsed trust data for signing at baseline-LT/LTA, reused while the database's trust data is
    unchanged (checked on every call) for at most TRUST_SNAPSHOT_SECONDS."""
    global _snapshot  # noqa: PLW0603 - a per-process cache
    key = _trust_state()
    with _snapshot_lock:
        current = _snapshot
    if (
        current is not None
        and current.key == key
        and time.monotonic() - current.taken < TRUST_SNAPSHOT_SECONDS
    ):
        return current
    lists = list(RevocationList.objects.values_list("issuer_key_hash", "crl_der"))
    current = TrustSnapshot(
        key=key,
        taken=time.monotonic(),
        roots=trust_roots(),
        others=known_certificates(),
        crls=[crl.CertificateList.load(bytes(der)) for _hash, der in lists],
        crl_issuer_key_hashes=frozenset(issuer for issuer, _der in lists),
    )
    with _snapshot_lock:
        _snapshot = current
    return current


def signed_document_by_token(token: str) -> SignedDocument | None:
    return SignedDocument.objects.filter(token=token).first()


def signed_document_by_hash(sha256: str) -> SignedDocument | None:
    return SignedDocument.objects.filter(sha256=sha256).order_by("-signed_at").first()


def pending_requests(*, holder: Any) -> QuerySet[RemoteSigningRequest]:
    return RemoteSigningRequest.objects.filter(
        certificate__holder=holder, state=RemoteRequestState.PENDING, expires_at__gt=timezone.now()
    ).select_related("certificate")
