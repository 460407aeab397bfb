"""Server-held keys decrypted once per process.

Decrypting a PKCS#12 file and parsing its RSA key (OpenSSL re-checks the primes) costs about 100 ms, more
than the signature itself. An entry is keyed by the certificate's fingerprint and the SHA-256 of the
file's bytes, so a replaced certificate or a rewritten file is read afresh; revocation is checked against
the database before every use (see ``usable_or_refuse``), never against this cache.
"""

import hashlib
import threading
from collections.abc import Callable
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from onestop.signing import pki
from onestop.signing.models import SigningCertificate

_LOCK = threading.Lock()
# (purpose, certificate pk) -> ((fingerprint, file digest), value)
_HELD: dict[tuple[str, int], tuple[tuple[str, str], Any]] = {}


def usable_or_refuse(*, certificate: SigningCertificate) -> None:
    """Refuse a certificate revoked or deactivated since the caller loaded it (maybe in another process)."""
    current = SigningCertificate.objects.filter(
        pk=certificate.pk, fingerprint=certificate.fingerprint, active=True, revoked_at__isnull=True
    )
    if not current.exists():
        raise ValidationError(_("This certificate is revoked or inactive."))


def held[T](
    *,
    certificate: SigningCertificate,
    purpose: str,
    build: Callable[[rsa.RSAPrivateKey, list[x509.Certificate]], T],
) -> T:
    """``build(key, certificates in the file)`` for ``certificate``'s PKCS#12 file, made once per file."""
    data = (pki.key_dir() / certificate.pkcs12_name).read_bytes()
    stamp = (certificate.fingerprint, hashlib.sha256(data).hexdigest())
    slot = (purpose, certificate.pk)
    with _LOCK:
        entry = _HELD.get(slot)
    if entry is not None and entry[0] == stamp:
        value: T = entry[1]
        return value
    key, held_certificate, others = pkcs12.load_key_and_certificates(
        data, pki.passphrase(certificate.pkcs12_name)
    )
    if not isinstance(key, rsa.RSAPrivateKey) or held_certificate is None:
        raise ValidationError(_("The key file holds no RSA key and certificate."))
    if pki.fingerprint(held_certificate) != certificate.fingerprint:
        raise ValidationError(_("The key file holds another certificate than this one."))
    value = build(key, [held_certificate, *others])
    with _LOCK:
        _HELD[slot] = (stamp, value)
    return value


def forget(*, certificate: SigningCertificate | None = None) -> None:
    """Drop the held keys of ``certificate`` (all of them without one)."""
    with _LOCK:
        for slot in [s for s in _HELD if certificate is None or s[1] == certificate.pk]:
            del _HELD[slot]
