"""Timestamps (RFC 3161): from the configured TSA over HTTP, or from the demo's own TSA certificate."""

from asn1crypto import keys, tsp  # type: ignore[import-untyped]
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from pyhanko.sign.timestamps import DummyTimeStamper, HTTPTimeStamper, TimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore

from onestop.signing import pki
from onestop.signing.models import CertificateKind, KeyStorage, SigningCertificate

TSA_TIMEOUT_SECONDS = 10


def asn1_key(key: rsa.RSAPrivateKey) -> keys.PrivateKeyInfo:
    return keys.PrivateKeyInfo.load(
        key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )


def local_timestamper(tsa: SigningCertificate) -> DummyTimeStamper:
    """A TSA inside OneStop, signing with a TSA certificate whose key it holds (the demo's)."""
    from onestop.signing.selectors import certificate_chain, certificate_x509

    issued = pki.read_pkcs12(tsa.pkcs12_name)
    return DummyTimeStamper(
        tsa_cert=certificate_x509(tsa),
        tsa_key=asn1_key(issued.key),
        certs_to_embed=SimpleCertificateStore.from_certs(certificate_chain(tsa)),
    )


def configured_timestamper() -> TimeStamper | None:
    """The configured TSA URL; else the local TSA certificate (demo); else none (signatures stay B-B)."""
    if settings.ONESTOP_SIGNING_TSA_URL:
        return HTTPTimeStamper(settings.ONESTOP_SIGNING_TSA_URL, timeout=TSA_TIMEOUT_SECONDS)
    tsa = SigningCertificate.objects.filter(
        kind=CertificateKind.TSA, key_storage=KeyStorage.PKCS12, active=True
    ).first()
    return local_timestamper(tsa) if tsa else None


def answer(request_der: bytes, stamper: DummyTimeStamper) -> bytes:
    """The DER TimeStampResp for a DER TimeStampReq: what a TSA answers over HTTP."""
    request = tsp.TimeStampReq.load(request_der)
    return bytes(stamper.request_tsa_response(request).dump())
