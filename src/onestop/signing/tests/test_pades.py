"""Signed PDFs checked by an independent validator (poppler's pdfsig) and by our verification."""

from io import BytesIO
from pathlib import Path

import pytest
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation.dss import DocumentSecurityStore

from onestop.accounts.models import User
from onestop.signing import pki
from onestop.signing.demo import DemoPki
from onestop.signing.engine import Placement
from onestop.signing.models import CertificateKind, KeyStorage
from onestop.signing.selectors import certificate_x509
from onestop.signing.services import certificate_register, certificate_revoke, document_sign
from onestop.signing.tests.fixtures import pdfsig, sample_pdf
from onestop.signing.verification import verify_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def _leader_signed(pki_demo: DemoPki) -> bytes:
    official = pki_demo.officials[0]
    agency = next(a for a in pki_demo.agencies if a.agency_id == official.agency_id)
    document = document_sign(
        actor=User.objects.get(username="chutich.ninhgiang"),
        data=sample_pdf(),
        title="Giấy khai sinh",
        certificate=official,
        agency_certificate=agency,
    )
    return bytes(document.content)


def test_leader_and_agency_signatures_are_valid_and_trusted_for_pdfsig(
    pki_demo: DemoPki, tsa_server: list[bytes], nss_db: Path, tmp_path: Path
) -> None:
    signed = _leader_signed(pki_demo)
    target = tmp_path / "signed.pdf"
    target.write_bytes(signed)
    output = pdfsig(target, nss_db)
    assert output.count("Signature Validation: Signature is Valid.") == 2, output
    assert output.count("Certificate Validation: Certificate is Trusted.") == 2, output
    assert "Phạm Quốc Hùng" in output
    assert len(tsa_server) >= 2  # both signatures carry a timestamp from the configured TSA
    report = verify_pdf(signed)
    assert report.all_valid
    assert [s.signer for s in report.signatures] == ["Phạm Quốc Hùng", "UBND Xã Ninh Giang"]
    assert all(s.timestamped and s.trusted and s.intact for s in report.signatures)
    assert report.title == "Giấy khai sinh"


def test_leader_and_agency_share_one_document_timestamp_over_both_and_their_validation_data(
    pki_demo: DemoPki, tsa_server: list[bytes]
) -> None:
    reader = PdfFileReader(BytesIO(_leader_signed(pki_demo)))
    leader, agency = reader.embedded_regular_signatures
    (archive,) = reader.embedded_timestamp_signatures  # the leader's own would be covered by the agency's
    assert leader.signed_revision < agency.signed_revision < archive.signed_revision
    in_dss = {
        bytes(certificate.sha256) for certificate in DocumentSecurityStore.read_dss(reader).load_certs()
    }
    official = pki_demo.officials[0]
    agency_certificate = next(a for a in pki_demo.agencies if a.agency_id == official.agency_id)
    for certificate in (official, agency_certificate, pki_demo.ca):
        assert bytes(certificate_x509(certificate).sha256) in in_dss


def test_the_leader_keeps_its_document_timestamp_when_the_agency_chain_is_not_trusted(
    pki_demo: DemoPki, tsa_server: list[bytes]
) -> None:
    official = pki_demo.officials[0]
    other_ca = pki.create_ca(common_name="Untrusted TEST CA", now=timezone.now())
    issued = pki.issue(ca=other_ca, subject=pki.name(common_name="Untrusted agency"), now=timezone.now())
    pki.write_pkcs12(file_name="untrusted-agency.p12", issued=issued, chain=[other_ca.certificate])
    agency = certificate_register(
        actor=None,
        kind=CertificateKind.AGENCY,
        certificate=issued.certificate,
        chain=[other_ca.certificate],
        key_storage=KeyStorage.PKCS12,
        agency=official.agency,
        pkcs12_name="untrusted-agency.p12",
        is_test=True,
    )
    document = document_sign(
        actor=None, data=sample_pdf(), title="Giấy khai sinh", certificate=official, agency_certificate=agency
    )
    reader = PdfFileReader(BytesIO(bytes(document.content)))
    leader, agency_signature = reader.embedded_regular_signatures
    (archive,) = reader.embedded_timestamp_signatures  # the agency's B-T signature adds none
    assert leader.signed_revision < archive.signed_revision < agency_signature.signed_revision


def test_a_leader_signing_alone_gets_a_document_timestamp(pki_demo: DemoPki, tsa_server: list[bytes]) -> None:
    document = document_sign(
        actor=None, data=sample_pdf(), title="Giấy khai sinh", certificate=pki_demo.officials[0]
    )
    reader = PdfFileReader(BytesIO(bytes(document.content)))
    assert len(reader.embedded_regular_signatures) == 1
    assert len(reader.embedded_timestamp_signatures) == 1


def test_a_one_byte_change_is_a_digest_mismatch(
    pki_demo: DemoPki, tsa_server: list[bytes], nss_db: Path, tmp_path: Path
) -> None:
    signed = bytearray(_leader_signed(pki_demo))
    position = signed.index(b"/Producer")  # inside the first signed revision
    signed[position + 2] ^= 0x20  # /Producer -> /PRoducer
    target = tmp_path / "changed.pdf"
    target.write_bytes(bytes(signed))
    assert "Digest Mismatch" in pdfsig(target, nss_db)
    report = verify_pdf(bytes(signed))
    assert not report.all_valid
    assert not report.signatures[0].intact
    assert "digest_mismatch" in report.signatures[0].problems


def test_a_revoked_certificate_is_reported_revoked(pki_demo: DemoPki, tsa_server: list[bytes]) -> None:
    signed = _leader_signed(pki_demo)
    certificate_revoke(actor=None, certificate=pki_demo.officials[0])
    leader, agency = verify_pdf(signed).signatures
    assert leader.revoked
    assert not leader.trusted
    assert "revoked" in leader.problems
    assert agency.trusted
    assert not agency.revoked


def test_without_a_trust_anchor_nothing_is_trusted(pki_demo: DemoPki) -> None:
    from onestop.signing.models import TrustAnchor

    signed = _leader_signed(pki_demo)
    TrustAnchor.objects.update(active=False)
    report = verify_pdf(signed)
    assert all(s.intact and not s.trusted for s in report.signatures)
    assert "untrusted" in report.signatures[0].problems


def test_agency_signature_on_a_copy_sits_top_right_of_the_first_page(pki_demo: DemoPki) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    agency = pki_demo.agencies[0]
    document = document_sign(
        actor=None, data=sample_pdf(), title="Bản sao", certificate=agency, placement=Placement.TOP_RIGHT
    )
    page = PdfReader(BytesIO(bytes(document.content))).pages[0]
    widget = next(a.get_object() for a in page["/Annots"] if a.get_object().get("/FT") == "/Sig")
    x1, y1, _x2, _y2 = (float(v) for v in widget["/Rect"])
    assert x1 > float(page.mediabox.width) / 2
    assert y1 > float(page.mediabox.height) * 0.8
    assert verify_pdf(bytes(document.content)).signatures[0].signer == agency.agency.name


def test_each_signature_carries_its_validation_data_in_its_own_revision(
    pki_demo: DemoPki, tsa_server: list[bytes]
) -> None:
    reader = PdfFileReader(BytesIO(_leader_signed(pki_demo)))
    leader, agency = reader.embedded_regular_signatures
    (archive,) = reader.embedded_timestamp_signatures
    # The unsigned file, then one revision per signature and the document timestamp: no DSS-only revisions.
    assert reader.xrefs.total_revisions == leader.signed_revision + 3
    assert (agency.signed_revision, archive.signed_revision) == (
        leader.signed_revision + 1,
        leader.signed_revision + 2,
    )
    official = pki_demo.officials[0]
    agency_certificate = next(a for a in pki_demo.agencies if a.agency_id == official.agency_id)
    for signature, certificate in ((leader, official), (agency, agency_certificate)):
        signed_dss = DocumentSecurityStore.read_dss(reader.get_historical_resolver(signature.signed_revision))
        in_signed_dss = {bytes(item.sha256) for item in signed_dss.load_certs()}
        assert {bytes(certificate_x509(certificate).sha256), bytes(certificate_x509(pki_demo.ca).sha256)} <= (
            in_signed_dss
        )
        assert signed_dss.crls  # the CA's revocation list, signed with the signature
