"""Certificates of officials and agencies, trust anchors, CRLs and the documents OneStop signed."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificateKind(models.TextChoices):
    OFFICIAL = "official", _("Official")
    AGENCY = "agency", _("Agency")
    CA = "ca", _("Certification authority")
    TSA = "tsa", _("Timestamp authority")


class KeyStorage(models.TextChoices):
    PKCS12 = "pkcs12", _("PKCS#12 file on the server")
    PKCS11 = "pkcs11", _("PKCS#11 token (USB token or HSM)")
    REMOTE = "remote", _("Remote signing (phone)")


class SigningCertificate(models.Model):
    """A certificate OneStop can sign with (or, for a remote key, ask its holder to sign with)."""

    kind = models.CharField(_("kind"), max_length=10, choices=CertificateKind.choices)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("holder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signing_certificates",
    )
    agency = models.ForeignKey(
        "organizations.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signing_certificates",
    )
    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("Shown under the signature.")
    )
    subject = models.CharField(_("subject"), max_length=500)
    serial = models.CharField(_("serial number"), max_length=64)
    fingerprint = models.CharField(_("SHA-256 fingerprint"), max_length=64, unique=True)
    certificate_der = models.BinaryField(_("certificate (DER)"))
    chain_pem = models.TextField(_("issuer chain (PEM)"), blank=True)
    not_before = models.DateTimeField(_("valid from"))
    not_after = models.DateTimeField(_("valid until"))
    key_storage = models.CharField(_("key storage"), max_length=10, choices=KeyStorage.choices)
    pkcs12_name = models.CharField(_("PKCS#12 file"), max_length=200, blank=True)
    pkcs11_module = models.CharField(_("PKCS#11 module"), max_length=300, blank=True)
    pkcs11_token = models.CharField(_("PKCS#11 token label"), max_length=100, blank=True)
    pkcs11_key_label = models.CharField(_("PKCS#11 key label"), max_length=100, blank=True)
    pkcs11_pin_env = models.CharField(
        _("PIN environment variable"),
        max_length=100,
        blank=True,
        help_text=_("Name of the environment variable holding the token PIN (never stored here)."),
    )
    seal_image = models.BinaryField(_("seal image (PNG)"), blank=True, default=b"")
    signature_image = models.BinaryField(_("signature image (PNG)"), blank=True, default=b"")
    is_test = models.BooleanField(_("test certificate"), default=False)
    is_default = models.BooleanField(
        _("default agency signature"), default=False, help_text=_("Used by sign-pdf without --as.")
    )
    active = models.BooleanField(_("active"), default=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("signing certificate")
        verbose_name_plural = _("signing certificates")
        ordering = ["kind", "subject"]

    def __str__(self) -> str:
        return self.subject


class TrustAnchor(models.Model):
    """A root certificate the verification page trusts; configured by an administrator, none bundled."""

    name = models.CharField(_("name"), max_length=300)
    certificate_der = models.BinaryField(_("certificate (DER)"))
    fingerprint = models.CharField(_("SHA-256 fingerprint"), max_length=64, unique=True)
    is_test = models.BooleanField(_("test only"), default=False)
    active = models.BooleanField(_("active"), default=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("trust anchor")
        verbose_name_plural = _("trust anchors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RevocationList(models.Model):
    """The latest CRL of an issuer, used when checking whether a signer's certificate was revoked."""

    issuer = models.CharField(_("issuer"), max_length=500)
    issuer_key_hash = models.CharField(max_length=64, unique=True)
    crl_der = models.BinaryField(_("CRL (DER)"))
    this_update = models.DateTimeField(_("issued at"))
    next_update = models.DateTimeField(_("next update"), null=True, blank=True)
    added_at = models.DateTimeField(_("added at"), auto_now=True)

    class Meta:
        verbose_name = _("certificate revocation list")
        verbose_name_plural = _("certificate revocation lists")

    def __str__(self) -> str:
        return self.issuer


def _new_token() -> str:
    return secrets.token_urlsafe(18)


class SignedDocument(models.Model):
    """A document OneStop signed: what its QR code leads to on the verification page."""

    token = models.CharField(max_length=32, unique=True, default=_new_token)
    title = models.CharField(_("title"), max_length=300)
    dossier = models.ForeignKey(
        "dossiers.Dossier", null=True, blank=True, on_delete=models.PROTECT, related_name="signed_documents"
    )
    dossier_code = models.CharField(_("dossier code"), max_length=40, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    unsigned_sha256 = models.CharField(_("SHA-256 before signing"), max_length=64)
    content = models.BinaryField(_("signed file"))
    signers = models.JSONField(_("signers"), default=list)
    signed_at = models.DateTimeField(_("signed at"))

    class Meta:
        verbose_name = _("signed document")
        verbose_name_plural = _("signed documents")
        ordering = ["-signed_at"]

    def __str__(self) -> str:
        return self.title


class RemoteRequestState(models.TextChoices):
    PENDING = "pending", _("Waiting for the signature")
    SIGNED = "signed", _("Signed")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")


class RemoteSigningRequest(models.Model):
    """Two-phase signing: the hash goes out to the holder's phone, the signature value comes back."""

    certificate = models.ForeignKey(SigningCertificate, on_delete=models.PROTECT, related_name="requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=300)
    state = models.CharField(
        _("state"), max_length=10, choices=RemoteRequestState.choices, default=RemoteRequestState.PENDING
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    md_algorithm = models.CharField(max_length=20)
    to_sign = models.BinaryField(help_text="DER of the CMS signed attributes the holder signs.")
    prepared_pdf = models.BinaryField()
    document_digest = models.BinaryField()
    reserved_start = models.PositiveBigIntegerField()
    reserved_end = models.PositiveBigIntegerField()
    token = models.CharField(max_length=32, unique=True, default=_new_token)
    purpose = models.JSONField(default=dict, blank=True)
    signed_document = models.ForeignKey(
        SignedDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("remote signing request")
        verbose_name_plural = _("remote signing requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title
