"""Writes of the signing app: certificates, trust anchors, CRLs, signing and remote signing requests."""

import hashlib
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from asn1crypto import x509 as asn1_x509  # type: ignore[import-untyped]
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from pyhanko.sign import signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.timestamps import TimeStamper
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError

from onestop.core.services import audit_record
from onestop.core.text import nfc
from onestop.signing import engine, held, pki, selectors
from onestop.signing.engine import Appearance, Placement
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
from onestop.signing.tsa import configured_timestamper

logger = logging.getLogger(__name__)

REMOTE_REQUEST_LIFETIME = timedelta(minutes=10)


def _spki_hash(certificate: asn1_x509.Certificate) -> str:
    return hashlib.sha256(certificate.public_key.dump()).hexdigest()


def _load_certificate(data: bytes) -> x509.Certificate:
    try:
        if data.lstrip().startswith(b"-----BEGIN"):
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except ValueError as error:
        raise ValidationError(_("This is not an X.509 certificate.")) from error


@transaction.atomic
def certificate_register(
    *,
    actor: Any,
    kind: str,
    certificate: x509.Certificate,
    chain: list[x509.Certificate],
    key_storage: str,
    holder: Any = None,
    agency: Any = None,
    title: str = "",
    pkcs12_name: str = "",
    pkcs11_module: str = "",
    pkcs11_token: str = "",
    pkcs11_key_label: str = "",
    pkcs11_pin_env: str = "",
    seal_png: bytes = b"",
    is_test: bool = False,
    is_default: bool = False,
) -> SigningCertificate:
    """Record a certificate OneStop signs with; an official's needs a holder, an agency's an agency."""
    if kind not in CertificateKind.values or key_storage not in KeyStorage.values:
        raise ValidationError(_("Unknown certificate kind or key storage."))
    if kind == CertificateKind.OFFICIAL and holder is None:
        raise ValidationError(_("An official's certificate needs its holder."))
    if kind == CertificateKind.AGENCY and agency is None:
        raise ValidationError(_("An agency's certificate needs its agency."))
    if key_storage == KeyStorage.PKCS11 and not (pkcs11_module and pkcs11_token and pkcs11_key_label):
        raise ValidationError(_("A token certificate needs the module, the token label and the key label."))
    if key_storage == KeyStorage.PKCS12 and not pkcs12_name:
        raise ValidationError(_("A PKCS#12 certificate needs its file."))
    if is_default:
        SigningCertificate.objects.filter(kind=kind, is_default=True).update(is_default=False)
    record, _created = SigningCertificate.objects.update_or_create(
        fingerprint=pki.fingerprint(certificate),
        defaults={
            "kind": kind,
            "holder": holder,
            "agency": agency,
            "title": nfc(title),
            "subject": nfc(certificate.subject.rfc4514_string())[:500],
            "serial": format(certificate.serial_number, "x"),
            "certificate_der": pki.der(certificate),
            "chain_pem": "".join(pki.pem(item) for item in chain),
            "not_before": certificate.not_valid_before_utc,
            "not_after": certificate.not_valid_after_utc,
            "key_storage": key_storage,
            "pkcs12_name": pkcs12_name,
            "pkcs11_module": pkcs11_module,
            "pkcs11_token": pkcs11_token,
            "pkcs11_key_label": pkcs11_key_label,
            "pkcs11_pin_env": pkcs11_pin_env,
            "seal_image": seal_png,
            "is_test": is_test,
            "is_default": is_default,
        },
    )
    audit_record(
        actor=actor,
        action="signing.certificate_registered",
        subject=record,
        after={"kind": kind, "fingerprint": record.fingerprint, "storage": key_storage},
    )
    return record


@transaction.atomic
def trust_anchor_add(
    *, actor: Any, certificate_data: bytes, name: str = "", is_test: bool = False
) -> TrustAnchor:
    """Trust a root certificate for verification; only CA certificates are accepted."""
    certificate = _load_certificate(certificate_data)
    try:
        constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        constraints = None
    if constraints is None or not constraints.ca:
        raise ValidationError(_("A trust anchor must be a CA certificate."))
    anchor, _created = TrustAnchor.objects.update_or_create(
        fingerprint=pki.fingerprint(certificate),
        defaults={
            "name": nfc(name or certificate.subject.rfc4514_string())[:300],
            "certificate_der": pki.der(certificate),
            "is_test": is_test,
            "active": True,
            "added_by": actor if getattr(actor, "pk", None) else None,
        },
    )
    audit_record(
        actor=actor,
        action="signing.trust_anchor_added",
        subject=anchor,
        after={"fingerprint": anchor.fingerprint},
    )
    return anchor


def _issuer_for_crl(crl: x509.CertificateRevocationList) -> x509.Certificate:
    candidates = [
        x509.load_der_x509_certificate(bytes(der))
        for der in TrustAnchor.objects.filter(active=True).values_list("certificate_der", flat=True)
    ]
    candidates += [
        x509.load_der_x509_certificate(item.dump())
        for record in SigningCertificate.objects.exclude(chain_pem="")
        for item in selectors.certificate_chain(record)
    ]
    for candidate in candidates:
        if candidate.subject == crl.issuer and crl.is_signature_valid(candidate.public_key()):  # type: ignore[arg-type]
            return candidate
    raise ValidationError(_("This revocation list is not signed by a known certification authority."))


@transaction.atomic
def revocation_list_add(*, actor: Any, crl_data: bytes) -> RevocationList:
    """Keep the newest CRL of its issuer (an older one never replaces a newer one)."""
    try:
        crl = (
            x509.load_pem_x509_crl(crl_data)
            if crl_data.lstrip().startswith(b"-----BEGIN")
            else x509.load_der_x509_crl(crl_data)
        )
    except ValueError as error:
        raise ValidationError(_("This is not a certificate revocation list.")) from error
    issuer = _issuer_for_crl(crl)
    issued_at = crl.last_update_utc
    existing = RevocationList.objects.filter(issuer_key_hash=pki.key_hash(issuer)).first()
    if existing is not None and existing.this_update > issued_at:
        raise ValidationError(_("A newer revocation list of this issuer is already in use."))
    der = crl.public_bytes(serialization.Encoding.DER)
    record, _created = RevocationList.objects.update_or_create(
        issuer_key_hash=pki.key_hash(issuer),
        defaults={
            "issuer": nfc(issuer.subject.rfc4514_string())[:500],
            "crl_der": der,
            "this_update": issued_at,
            "next_update": crl.next_update_utc,
        },
    )
    audit_record(
        actor=actor,
        action="signing.crl_added",
        subject=record,
        after={"issuer": record.issuer, "revoked": len(list(crl))},
    )
    return record


@transaction.atomic
def certificate_revoke(*, actor: Any, certificate: SigningCertificate) -> SigningCertificate:
    """Stop signing with ``certificate``; when OneStop holds its CA's key (the demo), publish a new CRL."""
    certificate = SigningCertificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at is None:
        certificate.revoked_at = timezone.now()
        certificate.active = False
        certificate.save(update_fields=["revoked_at", "active"])
    held.forget(certificate=certificate)  # other processes see the revocation in usable_or_refuse
    audit_record(
        actor=actor,
        action="signing.certificate_revoked",
        subject=certificate,
        after={"serial": certificate.serial},
    )
    issuer_der = bytes(selectors.certificate_x509(certificate).issuer.dump())
    for ca in SigningCertificate.objects.filter(kind=CertificateKind.CA, key_storage=KeyStorage.PKCS12):
        if bytes(selectors.certificate_x509(ca).subject.dump()) != issuer_der:
            continue
        issued = SigningCertificate.objects.filter(revoked_at__isnull=False).exclude(kind=CertificateKind.CA)
        revoked = [
            (int(item.serial, 16), item.revoked_at)
            for item in issued
            if item.revoked_at and bytes(selectors.certificate_x509(item).issuer.dump()) == issuer_der
        ]
        crl = pki.crl(ca=pki.read_pkcs12(ca.pkcs12_name), revoked=revoked, now=timezone.now())
        revocation_list_add(actor=actor, crl_data=crl)
    return certificate


@contextmanager
def key_signer(certificate: SigningCertificate) -> Iterator[signers.Signer]:
    """A pyHanko signer for a server-held key (a PKCS#12 file or a PKCS#11 token)."""
    held.usable_or_refuse(
        certificate=certificate
    )  # the held key outlives the caller's view of the certificate
    chain = selectors.certificate_chain(certificate)
    if certificate.key_storage == KeyStorage.PKCS12:

        def build(key: rsa.RSAPrivateKey, in_file: list[x509.Certificate]) -> signers.Signer:
            others = [asn1_x509.Certificate.load(pki.der(item)) for item in in_file[1:]]
            return engine.HeldKeySigner(
                key=key, certificate=selectors.certificate_x509(certificate), others=[*others, *chain]
            )

        yield held.held(certificate=certificate, purpose="signer", build=build)
    elif certificate.key_storage == KeyStorage.PKCS11:
        pin = os.environ.get(certificate.pkcs11_pin_env, "") if certificate.pkcs11_pin_env else ""
        with engine.pkcs11_signer(
            module=certificate.pkcs11_module,
            token=certificate.pkcs11_token,
            key_label=certificate.pkcs11_key_label,
            pin=pin,
            certificate=selectors.certificate_x509(certificate),
            chain=chain,
        ) as signer:
            yield signer
    else:
        raise ValidationError(_("This certificate's key is on the holder's phone: use remote signing."))


@dataclass(frozen=True)
class _Timestamping:
    """What the signatures of one document share: the TSA and the trust data, read once per document."""

    timestamper: TimeStamper | None
    trust: selectors.TrustSnapshot | None


def _timestamping() -> _Timestamping:
    timestamper = configured_timestamper()
    return _Timestamping(
        timestamper=timestamper, trust=selectors.trust_snapshot() if timestamper is not None else None
    )


def _lt_context(
    certificates: list[SigningCertificate], trust: selectors.TrustSnapshot
) -> ValidationContext | None:
    """A context for baseline-LT/LTA when every chain ends in a trust anchor and every CA has a CRL."""
    roots = {bytes(root.sha256) for root in trust.roots}
    for certificate in certificates:
        chain = selectors.certificate_chain(certificate)
        if not chain or bytes(chain[-1].sha256) not in roots:
            return None
        if any(_spki_hash(ca) not in trust.crl_issuer_key_hashes for ca in chain):
            return None
    # A new context each time (validation time is now); only the parsed inputs are shared.
    return ValidationContext(
        trust_roots=trust.roots, other_certs=trust.others, crls=trust.crls, allow_fetching=False
    )


def _signature_lines(certificate: SigningCertificate, placement: Placement, now: Any) -> tuple[str, ...]:
    with translation.override("vi"):  # an official document's signature reads in Vietnamese
        return _signature_text(certificate, placement, now)


def _signature_text(certificate: SigningCertificate, placement: Placement, now: Any) -> tuple[str, ...]:
    local = timezone.localtime(now)
    if placement == Placement.TOP_RIGHT:
        # Agency signature on e-copies: the agency's name and the signing time in ISO 8601.
        return (
            _("Signed by: %(agency)s") % {"agency": certificate.agency or certificate.subject},
            local.isoformat(timespec="seconds"),
        )
    holder_name = getattr(certificate.holder, "full_name", "") or certificate.subject
    lines = [_("Signed by: %(name)s") % {"name": holder_name}]
    if certificate.title:
        lines.append(_("Title: %(title)s") % {"title": certificate.title})
    if certificate.agency:
        lines.append(str(certificate.agency))
    lines.append(_("Signed at: %(time)s") % {"time": local.strftime("%H:%M:%S %d/%m/%Y")})
    return tuple(lines)


def _apply(
    data: bytes,
    *,
    certificate: SigningCertificate,
    placement: Placement,
    field_name: str,
    seal_png: bytes,
    qr_url: str,
    reason: str,
    location: str,
    timestamping: _Timestamping,
    archive_timestamp: bool = True,
) -> bytes:
    appearance = Appearance(
        placement=placement,
        lines=_signature_lines(certificate, placement, timezone.now()),
        seal_png=seal_png,
        qr_url=qr_url,
    )
    timestamper, trust = timestamping.timestamper, timestamping.trust
    context = _lt_context([certificate], trust) if trust is not None else None
    with key_signer(certificate) as signer:
        try:
            return engine.sign(
                data,
                signer=signer,
                field_name=field_name,
                appearance=appearance,
                timestamper=timestamper,
                reason=reason,
                location=location,
                validation_context=context,
                archive_timestamp=archive_timestamp,
            )
        except (SigningError, PathBuildingError, PathValidationError) as error:
            if context is None:
                raise
            # The validation data could not be embedded (e.g. an external TSA's chain is unknown): B-T.
            logger.warning("Signing at baseline-LT failed, falling back to baseline-T: %s", error)
            return engine.sign(
                data,
                signer=signer,
                field_name=field_name,
                appearance=appearance,
                timestamper=timestamper,
                reason=reason,
                location=location,
            )


def verification_url(token: str) -> str:
    return settings.ONESTOP_PUBLIC_URL.rstrip("/") + reverse("signing:document", args=[token])


def _signer_entry(certificate: SigningCertificate) -> dict[str, str]:
    return {
        "name": getattr(certificate.holder, "full_name", "") or certificate.subject,
        "title": certificate.title,
        "agency": str(certificate.agency or ""),
        "fingerprint": certificate.fingerprint,
    }


@transaction.atomic
def document_sign(
    *,
    actor: Any,
    data: bytes,
    title: str,
    certificate: SigningCertificate,
    placement: Placement = Placement.SIGNATURE_BLOCK,
    agency_certificate: SigningCertificate | None = None,
    dossier: Any = None,
    reason: str = "",
) -> SignedDocument:
    """Sign ``data`` as ``certificate`` (an official's visible signature with the QR of its verification
    page, or an agency's), then, if given, with ``agency_certificate`` invisibly; record the result."""
    if certificate.revoked_at is not None or not certificate.active:
        raise ValidationError(_("This certificate is revoked or inactive."))
    if not data.startswith(b"%PDF-"):
        raise ValidationError(_("Only PDF files can be signed."))
    document = SignedDocument(
        title=nfc(title)[:300],
        dossier=dossier,
        dossier_code=getattr(dossier, "code", ""),
        unsigned_sha256=hashlib.sha256(data).hexdigest(),
        signed_at=timezone.now(),
    )
    seal = bytes((agency_certificate or certificate).seal_image or b"")
    location = str(getattr(dossier, "unit", "") or "")
    timestamping = _timestamping()
    # When the agency's signature that follows will get a document timestamp, it covers this one too.
    agency_archives = (
        agency_certificate is not None
        and timestamping.trust is not None
        and _lt_context([agency_certificate], timestamping.trust) is not None
    )
    signed = _apply(
        data,
        certificate=certificate,
        placement=placement,
        field_name=f"OneStop-{certificate.kind}-{document.token[:8]}",
        seal_png=seal,
        qr_url=verification_url(document.token) if placement == Placement.SIGNATURE_BLOCK else "",
        reason=reason,
        location=location,
        timestamping=timestamping,
        archive_timestamp=not agency_archives,
    )
    signatories = [_signer_entry(certificate)]
    if agency_certificate is not None:
        signed = _agency_follows(
            signed,
            certificate=agency_certificate,
            token=document.token,
            location=location,
            timestamping=timestamping,
        )
        signatories.append(_signer_entry(agency_certificate))
    document.content = signed
    document.sha256 = hashlib.sha256(signed).hexdigest()
    document.signers = signatories
    document.save()
    audit_record(
        actor=actor,
        action="signing.document_signed",
        subject=document,
        after={
            "sha256": document.sha256,
            "unsigned_sha256": document.unsigned_sha256,
            "signers": [s["fingerprint"] for s in signatories],
        },
    )
    return document


def _agency_follows(
    data: bytes, *, certificate: SigningCertificate, token: str, location: str, timestamping: _Timestamping
) -> bytes:
    return _apply(
        data,
        certificate=certificate,
        placement=Placement.INVISIBLE,
        field_name=f"OneStop-agency-{token[:8]}",
        seal_png=b"",
        qr_url="",
        reason="",
        location=location,
        timestamping=timestamping,
    )


@transaction.atomic
def document_add_signature(
    *, actor: Any, document: SignedDocument, certificate: SigningCertificate
) -> SignedDocument:
    """The agency's invisible signature after an official's (e.g. one made remotely from a phone)."""
    if certificate.revoked_at is not None or not certificate.active:
        raise ValidationError(_("This certificate is revoked or inactive."))
    signed = _agency_follows(
        bytes(document.content),
        certificate=certificate,
        token=document.token,
        location=str(getattr(document.dossier, "unit", "") or ""),
        timestamping=_timestamping(),
    )
    document.content = signed
    document.sha256 = hashlib.sha256(signed).hexdigest()
    document.signers = [*document.signers, _signer_entry(certificate)]
    document.save(update_fields=["content", "sha256", "signers"])
    audit_record(
        actor=actor,
        action="signing.document_countersigned",
        subject=document,
        after={"sha256": document.sha256, "signer": certificate.fingerprint},
    )
    return document


# ---------------------------------------------------------------------------------------------------------
# Remote signing: phase one sends the signed attributes out, phase two takes the signature value back.

# Callbacks run when a remote signature completes, by the request's purpose kind (registered at start-up by
# the app that asked for the signature, e.g. dossiers for a result).
COMPLETION_HANDLERS: dict[str, Callable[[RemoteSigningRequest, SignedDocument], None]] = {}


def register_completion(kind: str, handler: Callable[[RemoteSigningRequest, SignedDocument], None]) -> None:
    COMPLETION_HANDLERS[kind] = handler


@transaction.atomic
def remote_request_start(
    *,
    actor: Any,
    certificate: SigningCertificate,
    data: bytes,
    title: str,
    purpose: dict[str, Any] | None = None,
) -> RemoteSigningRequest:
    if certificate.key_storage != KeyStorage.REMOTE:
        raise ValidationError(_("This certificate signs on the server, not from a phone."))
    if certificate.revoked_at is not None or not certificate.active:
        raise ValidationError(_("This certificate is revoked or inactive."))
    if not data.startswith(b"%PDF-"):
        raise ValidationError(_("Only PDF files can be signed."))
    request = RemoteSigningRequest(
        certificate=certificate,
        requested_by=actor if getattr(actor, "pk", None) else None,
        title=nfc(title)[:300],
        expires_at=timezone.now() + REMOTE_REQUEST_LIFETIME,
        purpose={**(purpose or {}), "unsigned_sha256": hashlib.sha256(data).hexdigest()},
    )
    prepared = engine.prepare_remote(
        data,
        certificate=selectors.certificate_x509(certificate),
        chain=selectors.certificate_chain(certificate),
        field_name=f"OneStop-official-{request.token[:8]}",
        appearance=Appearance(
            placement=Placement.SIGNATURE_BLOCK,
            lines=_signature_lines(certificate, Placement.SIGNATURE_BLOCK, timezone.now()),
            seal_png=bytes(certificate.seal_image or b""),
            qr_url=verification_url(request.token),
        ),
    )
    request.md_algorithm = prepared.md_algorithm
    request.to_sign = prepared.to_sign
    request.prepared_pdf = prepared.prepared_pdf
    request.document_digest = prepared.document_digest
    request.reserved_start = prepared.reserved_start
    request.reserved_end = prepared.reserved_end
    request.save()
    audit_record(
        actor=actor,
        action="signing.remote_requested",
        subject=request,
        after={"certificate": certificate.fingerprint, "purpose": request.purpose},
    )
    return request


def _check_signature_value(certificate: SigningCertificate, to_sign: bytes, value: bytes) -> None:
    public_key = x509.load_der_x509_certificate(bytes(certificate.certificate_der)).public_key()
    if not isinstance(public_key, rsa.RSAPublicKey):
        raise ValidationError(_("Only RSA keys can sign remotely."))
    try:
        public_key.verify(value, to_sign, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature as error:
        raise ValidationError(_("The signature does not match the document or the certificate.")) from error


@transaction.atomic
def remote_request_complete(
    *, actor: Any, request: RemoteSigningRequest, signature_value: bytes
) -> SignedDocument:
    """Embed the holder's signature value; a wrong value is refused and the request stays open."""
    request = (
        RemoteSigningRequest.objects.select_for_update().select_related("certificate").get(pk=request.pk)
    )
    certificate = request.certificate
    if certificate.holder_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("Only the certificate's holder can sign this request."))
    if request.state != RemoteRequestState.PENDING:
        raise ValidationError(_("This request is no longer waiting for a signature."))
    if request.expires_at <= timezone.now():
        request.state = RemoteRequestState.EXPIRED
        request.save(update_fields=["state"])
        raise ValidationError(_("This request has expired; ask for a new one."))
    _check_signature_value(certificate, bytes(request.to_sign), signature_value)
    signed = engine.finish_remote(
        engine.PreparedSignature(
            prepared_pdf=bytes(request.prepared_pdf),
            to_sign=bytes(request.to_sign),
            document_digest=bytes(request.document_digest),
            reserved_start=request.reserved_start,
            reserved_end=request.reserved_end,
            md_algorithm=request.md_algorithm,
        ),
        certificate=selectors.certificate_x509(certificate),
        chain=selectors.certificate_chain(certificate),
        signature_value=signature_value,
        timestamper=configured_timestamper(),
    )
    document = SignedDocument.objects.create(
        token=request.token,
        title=request.title,
        dossier_id=request.purpose.get("dossier"),
        dossier_code=request.purpose.get("dossier_code", ""),
        unsigned_sha256=request.purpose.get("unsigned_sha256", ""),
        sha256=hashlib.sha256(signed).hexdigest(),
        content=signed,
        signers=[_signer_entry(certificate)],
        signed_at=timezone.now(),
    )
    request.state = RemoteRequestState.SIGNED
    request.completed_at = timezone.now()
    request.signed_document = document
    request.save(update_fields=["state", "completed_at", "signed_document"])
    audit_record(
        actor=actor, action="signing.remote_signed", subject=request, after={"sha256": document.sha256}
    )
    handler = COMPLETION_HANDLERS.get(str(request.purpose.get("kind", "")))
    if handler is not None:
        handler(request, document)
    return document


def chain_from_pem(text: bytes) -> list[x509.Certificate]:
    return x509.load_pem_x509_certificates(text)
