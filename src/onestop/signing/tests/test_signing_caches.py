"""What signing keeps per process: keys decrypted once, never used after their certificate is revoked or
its file replaced; trust data parsed once, never kept past a new CRL."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from onestop.signing import held, pki, selectors
from onestop.signing.demo import DemoPki
from onestop.signing.models import CertificateKind, KeyStorage, SigningCertificate
from onestop.signing.services import certificate_register, certificate_revoke, document_sign
from onestop.signing.tests.fixtures import sample_pdf
from onestop.signing.verification import verify_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


@pytest.fixture(autouse=True)
def _nothing_held() -> None:
    held.forget()


def _sign(certificate: SigningCertificate) -> bytes:
    document = document_sign(actor=None, data=sample_pdf(), title="Giấy khai sinh", certificate=certificate)
    return bytes(document.content)


def test_each_key_file_is_decrypted_once(pki_demo: DemoPki, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[Any] = []
    original = held.pkcs12.load_key_and_certificates

    def counting(data: bytes, password: bytes | None) -> Any:
        opened.append(data)
        return original(data, password)

    monkeypatch.setattr(held.pkcs12, "load_key_and_certificates", counting)
    official = pki_demo.officials[0]
    agency = next(a for a in pki_demo.agencies if a.agency_id == official.agency_id)
    for _ in range(3):
        document_sign(
            actor=None, data=sample_pdf(), title="Kết quả", certificate=official, agency_certificate=agency
        )
    assert len(opened) == 3  # the official's, the agency's and the TSA's, each once


def test_a_held_key_is_refused_once_another_process_revoked_its_certificate(pki_demo: DemoPki) -> None:
    official = pki_demo.officials[0]
    _sign(official)  # its key is now held
    # A revocation made by another worker: this process's cache and the caller's object know nothing of it.
    SigningCertificate.objects.filter(pk=official.pk).update(revoked_at=timezone.now(), active=False)
    assert official.revoked_at is None
    with pytest.raises(ValidationError):
        _sign(official)


def test_a_revoked_certificate_is_forgotten_and_refused(pki_demo: DemoPki) -> None:
    official = pki_demo.officials[0]
    _sign(official)
    stale = SigningCertificate.objects.get(pk=official.pk)
    certificate_revoke(actor=None, certificate=official)
    with pytest.raises(ValidationError):
        _sign(stale)


def test_a_replaced_key_file_is_read_again(pki_demo: DemoPki) -> None:
    official = pki_demo.officials[0]
    _sign(official)  # the old key is now held
    ca = pki.read_pkcs12(pki_demo.ca.pkcs12_name)
    renewed = pki.issue(ca=ca, subject=pki.name(common_name="Phạm Quốc Hùng (gia hạn)"), now=timezone.now())
    pki.write_pkcs12(file_name=official.pkcs12_name, issued=renewed, chain=[ca.certificate])
    replacement = certificate_register(
        actor=None,
        kind=CertificateKind.OFFICIAL,
        certificate=renewed.certificate,
        chain=[ca.certificate],
        key_storage=KeyStorage.PKCS12,
        holder=official.holder,
        agency=official.agency,
        pkcs12_name=official.pkcs12_name,
        is_test=True,
    )
    # The old record's key is gone from the server: no signature with the copy still in memory.
    with pytest.raises(ValidationError):
        _sign(official)
    assert verify_pdf(_sign(replacement)).signatures[0].signer == "Phạm Quốc Hùng (gia hạn)"


def test_a_new_crl_replaces_the_trust_snapshot_at_once(pki_demo: DemoPki) -> None:
    official = pki_demo.officials[0]
    before = selectors.trust_snapshot()
    assert selectors.trust_snapshot() is before  # nothing changed: reused
    certificate_revoke(actor=None, certificate=official)  # publishes a new CRL of the demo CA
    after = selectors.trust_snapshot()
    serial = int(official.serial, 16)
    revoked = {
        entry["user_certificate"].native
        for lst in after.crls
        for entry in lst["tbs_cert_list"]["revoked_certificates"]
    }
    assert serial in revoked
