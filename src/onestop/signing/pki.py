"""X.509 building blocks: a (demo) CA, certificates for officials, agencies and a TSA, CRLs, PKCS#12 files.

Production certificates come from the Government Cipher Committee CA or a public CA; this module only issues
the demo PKI (every name says TEST) and reads what an administrator imports.
"""

import hashlib
import hmac
import os
import warnings
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings

KEY_SIZE = 2048
# RFC 5280 bounds names in characters (64); cryptography counts UTF-8 bytes and warns on Vietnamese names.
warnings.filterwarnings("ignore", message="Attribute's length must be", category=UserWarning)


@dataclass(frozen=True)
class Issued:
    certificate: x509.Certificate
    key: rsa.RSAPrivateKey


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)


def fingerprint(certificate: x509.Certificate) -> str:
    return certificate.fingerprint(hashes.SHA256()).hex()


def der(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.DER)


def pem(certificate: x509.Certificate) -> str:
    return certificate.public_bytes(serialization.Encoding.PEM).decode()


def key_hash(certificate: x509.Certificate) -> str:
    """SHA-256 of the certificate's public key: identifies an issuer across CRLs."""
    public = certificate.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return hashlib.sha256(public).hexdigest()


TEST_MARK = "TEST - không có giá trị pháp lý"


def _attribute(oid: x509.ObjectIdentifier, value: str) -> x509.NameAttribute:
    return x509.NameAttribute(oid, value[:64], _validate=False)


def name(
    *, common_name: str, organisation: str = "", locality: str = "", title: str = "", test: bool = True
) -> x509.Name:
    attributes = [_attribute(NameOID.COUNTRY_NAME, "VN")]
    if locality:
        attributes.append(_attribute(NameOID.LOCALITY_NAME, locality))
    if organisation:
        attributes.append(_attribute(NameOID.ORGANIZATION_NAME, organisation))
    if test:
        attributes.append(_attribute(NameOID.ORGANIZATIONAL_UNIT_NAME, TEST_MARK))
    if title:
        attributes.append(_attribute(NameOID.TITLE, title))
    attributes.append(_attribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(attributes)


def _builder(
    subject: x509.Name, issuer: x509.Name, key: rsa.RSAPrivateKey, *, now: datetime, days: int
) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=days))
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )


def create_ca(*, common_name: str, now: datetime, days: int = 3650) -> Issued:
    key = new_key()
    subject = name(common_name=common_name, organisation="OneStop TEST PKI")  # demo only
    certificate = (
        _builder(subject, subject, key, now=now, days=days)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    return Issued(certificate=certificate, key=key)


def issue(
    *, ca: Issued, subject: x509.Name, now: datetime, days: int = 730, timestamping: bool = False
) -> Issued:
    """An end-entity certificate: a signer (non-repudiation) or, with ``timestamping``, a TSA."""
    key = new_key()
    builder = (
        _builder(subject, ca.certificate.subject, key, now=now, days=days)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False
        )
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=not timestamping,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    )
    if timestamping:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
    return Issued(certificate=builder.sign(ca.key, hashes.SHA256()), key=key)


def crl(*, ca: Issued, revoked: list[tuple[int, datetime]], now: datetime, days: int = 30) -> bytes:
    """A DER CRL of ``ca`` listing ``revoked`` (serial number, revocation time)."""
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca.certificate.subject)
        .last_update(now)
        .next_update(now + timedelta(days=days))
        .add_extension(x509.CRLNumber(int(now.timestamp())), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False
        )
    )
    for serial, when in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(when).build()
        )
    return builder.sign(ca.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


def key_dir() -> Path:
    """Where PKCS#12 files live: outside MEDIA_ROOT, never served, readable by the server user only."""
    path = Path(settings.ONESTOP_SIGNING_KEY_DIR)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def passphrase(file_name: str) -> bytes:
    """The PKCS#12 passphrase, derived from the secret key: the file alone (a backup) is not enough."""
    return (
        hmac.new(settings.SECRET_KEY.encode(), f"onestop.signing.pkcs12:{file_name}".encode(), hashlib.sha256)
        .hexdigest()
        .encode()
    )


def write_pkcs12(*, file_name: str, issued: Issued, chain: list[x509.Certificate]) -> None:
    data = pkcs12.serialize_key_and_certificates(
        name=file_name.encode(),
        key=issued.key,
        cert=issued.certificate,
        cas=chain or None,
        encryption_algorithm=serialization.BestAvailableEncryption(passphrase(file_name)),
    )
    target = key_dir() / file_name
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


def read_pkcs12(file_name: str) -> Issued:
    key, certificate, _chain = pkcs12.load_key_and_certificates(
        (key_dir() / file_name).read_bytes(), passphrase(file_name)
    )
    if not isinstance(key, rsa.RSAPrivateKey) or certificate is None:
        raise ValueError(f"{file_name} holds no RSA key and certificate")
    return Issued(certificate=certificate, key=key)
