"""Signers beyond PKCS#12: a PKCS#11 token (SoftHSM2) and two-phase remote signing from a phone."""

import base64
import subprocess
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from onestop.accounts.models import User
from onestop.organizations.models import Agency
from onestop.signing import pki
from onestop.signing.demo import DemoPki
from onestop.signing.models import CertificateKind, KeyStorage, RemoteRequestState, SigningCertificate
from onestop.signing.selectors import certificate_x509
from onestop.signing.services import certificate_register, document_sign, remote_request_start
from onestop.signing.tests.fixtures import needs, pdfsig, sample_pdf
from onestop.signing.verification import verify_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]
SOFTHSM = "/usr/lib/softhsm/libsofthsm2.so"


def _issue_for_leader(pki_demo: DemoPki) -> pki.Issued:
    ca = pki.read_pkcs12(pki_demo.ca.pkcs12_name)
    return pki.issue(
        ca=ca,
        subject=pki.name(
            common_name="Phạm Quốc Hùng", title="Chủ tịch UBND xã", organisation="UBND Xã Ninh Giang"
        ),
        now=timezone.now(),
    )


@pytest.fixture
def softhsm_token(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    needs("softhsm2-util", "pkcs11-tool", SOFTHSM)
    tokens = tmp_path / "tokens"
    tokens.mkdir()
    config = tmp_path / "softhsm2.conf"
    config.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n")
    monkeypatch.setenv("SOFTHSM2_CONF", str(config))
    monkeypatch.setenv("ONESTOP_TEST_TOKEN_PIN", "123456")
    subprocess.run(
        [
            "softhsm2-util",
            "--init-token",
            "--free",
            "--label",
            "onestop-leader",
            "--pin",
            "123456",
            "--so-pin",
            "12345678",
        ],
        check=True,
        capture_output=True,
    )
    return {"module": SOFTHSM, "token": "onestop-leader", "pin": "123456", "dir": str(tmp_path)}


def _load_onto_token(token: dict[str, str], issued: pki.Issued) -> None:
    key_file = Path(token["dir"]) / "key.der"
    cert_file = Path(token["dir"]) / "cert.der"
    key_file.write_bytes(
        issued.key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    cert_file.write_bytes(pki.der(issued.certificate))
    base = [
        "pkcs11-tool",
        "--module",
        token["module"],
        "--token-label",
        token["token"],
        "--login",
        "--pin",
        token["pin"],
    ]
    for kind, path in (("privkey", key_file), ("cert", cert_file)):
        subprocess.run(
            [*base, "--write-object", str(path), "--type", kind, "--label", "leader", "--id", "01"],
            check=True,
            capture_output=True,
        )
    key_file.unlink()


def test_a_pkcs11_token_signs_and_the_signature_verifies(
    pki_demo: DemoPki, softhsm_token: dict[str, str], nss_db: Path, tmp_path: Path
) -> None:
    issued = _issue_for_leader(pki_demo)
    _load_onto_token(softhsm_token, issued)
    SigningCertificate.objects.filter(kind=CertificateKind.OFFICIAL).update(active=False)
    agency = Agency.objects.get(name="UBND Xã Ninh Giang")
    ca_pem = Path(softhsm_token["dir"]) / "ca.pem"
    ca_pem.write_text(pki.pem(pki.read_pkcs12(pki_demo.ca.pkcs12_name).certificate))
    call_command(
        "register_token_certificate",
        "--module", softhsm_token["module"], "--token", softhsm_token["token"], "--label", "leader",
        "--pin-env", "ONESTOP_TEST_TOKEN_PIN", "--chain", str(ca_pem),
        "--holder", "chutich.ninhgiang", "--agency", agency.e_id, "--title", "Chủ tịch UBND xã",
        stdout=StringIO(),
    )  # fmt: skip
    token_certificate = SigningCertificate.objects.get(key_storage=KeyStorage.PKCS11)
    assert token_certificate.fingerprint == pki.fingerprint(issued.certificate)
    document = document_sign(
        actor=None, data=sample_pdf(), title="Giấy khai sinh", certificate=token_certificate
    )
    report = verify_pdf(bytes(document.content))
    assert report.all_valid
    assert report.signatures[0].signer == "Phạm Quốc Hùng"
    target = tmp_path / "token-signed.pdf"
    target.write_bytes(bytes(document.content))
    output = pdfsig(target, nss_db)
    assert "Signature is Valid" in output
    assert "Certificate is Trusted" in output


@pytest.fixture
def phone(pki_demo: DemoPki) -> dict[str, Any]:
    """The leader's phone: it holds a key OneStop never sees; the server has only the certificate."""
    issued = _issue_for_leader(pki_demo)
    ca = pki.read_pkcs12(pki_demo.ca.pkcs12_name)
    leader = User.objects.get(username="chutich.ninhgiang")
    certificate = certificate_register(
        actor=None,
        kind=CertificateKind.OFFICIAL,
        certificate=issued.certificate,
        chain=[ca.certificate],
        key_storage=KeyStorage.REMOTE,
        holder=leader,
        agency=Agency.objects.get(name="UBND Xã Ninh Giang"),
        title="Chủ tịch UBND xã",
    )
    client = Client()
    client.force_login(leader)
    return {"key": issued.key, "certificate": certificate, "client": client, "leader": leader}


def _sign_on_phone(phone: dict[str, Any], to_sign_b64: str) -> str:
    value = phone["key"].sign(base64.b64decode(to_sign_b64), padding.PKCS1v15(), hashes.SHA256())
    return base64.b64encode(value).decode()


def test_remote_signing_sends_the_hash_out_and_takes_the_signature_in(
    phone: dict[str, Any], tsa_server: list[bytes]
) -> None:
    request = remote_request_start(
        actor=phone["leader"], certificate=phone["certificate"], data=sample_pdf(), title="Giấy khai sinh"
    )
    pending = phone["client"].get("/api/v1/signing/requests").json()
    assert [p["id"] for p in pending] == [request.pk]
    response = phone["client"].post(
        f"/api/v1/signing/requests/{request.pk}/signature",
        {"signature": _sign_on_phone(phone, pending[0]["to_sign"])},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    request.refresh_from_db()
    assert request.state == RemoteRequestState.SIGNED
    report = verify_pdf(bytes(request.signed_document.content))
    assert report.all_valid
    assert report.signatures[0].timestamped
    assert response.json()["sha256"] == report.sha256
    assert phone["client"].get("/api/v1/signing/requests").json() == []


def test_a_wrong_signature_value_is_refused_and_the_request_stays_open(phone: dict[str, Any]) -> None:
    request = remote_request_start(
        actor=phone["leader"], certificate=phone["certificate"], data=sample_pdf(), title="Giấy khai sinh"
    )
    forged = base64.b64encode(bytes(256)).decode()
    response = phone["client"].post(
        f"/api/v1/signing/requests/{request.pk}/signature",
        {"signature": forged},
        content_type="application/json",
    )
    assert response.status_code == 400
    request.refresh_from_db()
    assert request.state == RemoteRequestState.PENDING


def test_only_the_holder_sees_and_signs_a_request(phone: dict[str, Any]) -> None:
    request = remote_request_start(
        actor=phone["leader"], certificate=phone["certificate"], data=sample_pdf(), title="Giấy khai sinh"
    )
    other = Client()
    other.force_login(User.objects.get(username="motcua.ninhgiang"))
    assert other.get("/api/v1/signing/requests").json() == []
    signature = _sign_on_phone(phone, base64.b64encode(bytes(request.to_sign)).decode())
    response = other.post(
        f"/api/v1/signing/requests/{request.pk}/signature",
        {"signature": signature},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert certificate_x509(phone["certificate"]).serial_number == int(phone["certificate"].serial, 16)
