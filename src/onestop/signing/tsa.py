"""Timestamps (RFC 3161): from the configured TSA over HTTP, or from the demo's own TSA certificate."""

from datetime import datetime
from typing import Any

from asn1crypto import cms, core, tsp, x509  # type: ignore[import-untyped]
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from django.conf import settings
from pyhanko.sign import general
from pyhanko.sign.timestamps import DummyTimeStamper, HTTPTimeStamper, TimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from onestop.signing import engine, held
from onestop.signing.models import CertificateKind, KeyStorage, SigningCertificate

TSA_TIMEOUT_SECONDS = 10


class LocalTimeStamper(DummyTimeStamper):
    """pyHanko's in-process TSA with its RSA key parsed once: the original re-parses the DER key (and
    OpenSSL re-checks its primes, about 50 ms) for every token."""

    def __init__(
        self, *, key: rsa.RSAPrivateKey, certificate: x509.Certificate, chain: list[x509.Certificate]
    ):
        super().__init__(
            tsa_cert=certificate,
            tsa_key=engine.asn1_key(key),
            certs_to_embed=SimpleCertificateStore.from_certs(chain),
        )
        self._key = key
        # The same two attributes in every token, kept as DER: building them from the certificate is
        # asn1crypto's slow path (about 2 ms a token), loading them back is not.
        self._constant_attrs = [
            general.simple_cms_attribute("content_type", "tst_info").dump(),
            general.simple_cms_attribute(
                "signing_certificate", general.as_signing_certificate(certificate)
            ).dump(),
        ]

    def _sign_tst_info(
        self, tst_info_data: bytes, md_algorithm: str, dt: datetime
    ) -> tuple[bytes, cms.CMSAttributes]:
        # The same signed attributes as DummyTimeStamper._sign_tst_info (pyHanko 0.38).
        digest = hashes.Hash(get_pyca_cryptography_hash(md_algorithm))
        digest.update(tst_info_data)
        content_type, signing_certificate = (cms.CMSAttribute.load(der) for der in self._constant_attrs)
        signed_attrs = cms.CMSAttributes(
            [
                content_type,
                general.simple_cms_attribute("signing_time", cms.Time({"utc_time": core.UTCTime(dt)})),
                signing_certificate,
                general.simple_cms_attribute("message_digest", digest.finalize()),
            ]
        )
        signature = self._key.sign(
            signed_attrs.dump(), PKCS1v15(), get_pyca_cryptography_hash(md_algorithm.upper())
        )
        return signature, signed_attrs


def local_timestamper(tsa: SigningCertificate) -> LocalTimeStamper:
    """A TSA inside OneStop, signing with a TSA certificate whose key it holds (the demo's); one per process
    and key file, so its key is decrypted once and its size-estimate token is made once."""
    from onestop.signing.selectors import certificate_chain, certificate_x509

    def build(key: rsa.RSAPrivateKey, _in_file: list[Any]) -> LocalTimeStamper:
        return LocalTimeStamper(key=key, certificate=certificate_x509(tsa), chain=certificate_chain(tsa))

    return held.held(certificate=tsa, purpose="tsa", build=build)


def configured_timestamper() -> TimeStamper | None:
    """The configured TSA URL; else the local TSA certificate (demo); else none (signatures stay B-B)."""
    if settings.ONESTOP_SIGNING_TSA_URL:
        return HTTPTimeStamper(settings.ONESTOP_SIGNING_TSA_URL, timeout=TSA_TIMEOUT_SECONDS)
    tsa = SigningCertificate.objects.filter(
        kind=CertificateKind.TSA, key_storage=KeyStorage.PKCS12, active=True, revoked_at__isnull=True
    ).first()
    return local_timestamper(tsa) if tsa else None


def answer(request_der: bytes, stamper: DummyTimeStamper) -> bytes:
    """The DER TimeStampResp for a DER TimeStampReq: what a TSA answers over HTTP."""
    request = tsp.TimeStampReq.load(request_der)
    return bytes(stamper.request_tsa_response(request).dump())
