"""The signing engine's shortcuts around pyHanko give byte-for-byte what pyHanko itself gives."""

import re
from datetime import UTC, datetime
from io import BytesIO
from typing import Any

import pytest
from asn1crypto import x509
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfStreamError
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_signer import PdfSigningSession
from pyhanko.sign.timestamps import DummyTimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore

from onestop.signing import engine, pki
from onestop.signing.engine import Appearance, Placement
from onestop.signing.tests.fixtures import sample_pdf
from onestop.signing.tsa import LocalTimeStamper

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def _asn1(certificate: Any) -> x509.Certificate:
    return x509.Certificate.load(pki.der(certificate))


@pytest.fixture(scope="module")
def demo_keys() -> dict[str, Any]:
    ca = pki.create_ca(common_name="OneStop TEST Root CA", now=NOW)
    official = pki.issue(
        ca=ca,
        subject=pki.name(common_name="Phạm Quốc Hùng", organisation="UBND Xã Ninh Giang", title="Chủ tịch"),
        now=NOW,
    )
    tsa = pki.issue(ca=ca, subject=pki.name(common_name="OneStop TEST TSA"), now=NOW, timestamping=True)
    return {
        "ca": _asn1(ca.certificate),
        "official": official,
        "official_x509": _asn1(official.certificate),
        "tsa": tsa,
        "tsa_x509": _asn1(tsa.certificate),
    }


def test_the_held_key_signer_signs_like_pyhankos_simple_signer(demo_keys: dict[str, Any]) -> None:
    held = engine.HeldKeySigner(
        key=demo_keys["official"].key, certificate=demo_keys["official_x509"], others=[demo_keys["ca"]]
    )
    simple = signers.SimpleSigner(
        signing_cert=demo_keys["official_x509"],
        signing_key=engine.asn1_key(demo_keys["official"].key),
        cert_registry=SimpleCertificateStore.from_certs([demo_keys["ca"]]),
    )
    digest = bytes(range(32))

    async def attributes(signer: signers.Signer) -> bytes:
        return bytes((await signer.signed_attrs(digest, "sha256", use_pades=True)).dump())

    assert engine.run_sync(attributes(held)) == engine.run_sync(attributes(simple))
    assert held.sign_raw(b"data", "sha256") == simple.sign_raw(b"data", "sha256")


def test_the_local_tsa_signs_its_tokens_like_pyhankos_dummy_tsa(demo_keys: dict[str, Any]) -> None:
    local = LocalTimeStamper(
        key=demo_keys["tsa"].key, certificate=demo_keys["tsa_x509"], chain=[demo_keys["ca"]]
    )
    dummy = DummyTimeStamper(
        tsa_cert=demo_keys["tsa_x509"],
        tsa_key=engine.asn1_key(demo_keys["tsa"].key),
        certs_to_embed=SimpleCertificateStore.from_certs([demo_keys["ca"]]),
    )
    mine, theirs = (
        stamper._sign_tst_info(b"the TSTInfo DER", "sha256", NOW)  # the method LocalTimeStamper replaces
        for stamper in (local, dummy)
    )
    assert mine[0] == theirs[0]
    assert mine[1].dump() == theirs[1].dump()


def _reserved(pdf: bytes) -> list[int]:
    return [len(m) for m in re.findall(rb"/Contents <([0-9a-fA-F]+)>", pdf)]


def test_the_signature_size_is_estimated_once_and_as_pyhanko_would(
    demo_keys: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    signer = engine.HeldKeySigner(
        key=demo_keys["official"].key, certificate=demo_keys["official_x509"], others=[demo_keys["ca"]]
    )
    stamper = LocalTimeStamper(
        key=demo_keys["tsa"].key, certificate=demo_keys["tsa_x509"], chain=[demo_keys["ca"]]
    )
    estimates: list[int] = []
    original = PdfSigningSession.estimate_signature_container_size

    async def counting(self: PdfSigningSession, *args: Any, **kwargs: Any) -> int:
        estimates.append(1)
        result: int = await original(self, *args, **kwargs)
        return result

    monkeypatch.setattr(PdfSigningSession, "estimate_signature_container_size", counting)
    monkeypatch.setattr(engine, "_RESERVED", {})
    data = sample_pdf()
    signed = [
        engine.sign(
            data,
            signer=signer,
            field_name=f"Sig{i}",
            appearance=Appearance(placement=Placement.INVISIBLE),
            timestamper=stamper,
        )
        for i in range(3)
    ]
    assert len(estimates) == 1
    metadata = signers.PdfSignatureMetadata(
        field_name="Sig9", subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256"
    )
    output = BytesIO()
    engine.run_sync(
        signers.PdfSigner(metadata, signer=signer, timestamper=stamper).async_sign_pdf(
            IncrementalPdfFileWriter(BytesIO(data), strict=False), output=output
        )
    )
    expected = _reserved(output.getvalue())
    assert len(expected) == 1  # one signature (its timestamp token sits inside the CMS)
    assert {tuple(_reserved(pdf)) for pdf in signed} == {tuple(expected)}


@pytest.mark.parametrize(
    "source",
    [
        b"<48656c6c6f> rest",
        b"<48 65\n6C\r6c\t6f\x00\x0c> rest",
        b"<4865f> rest",  # an odd count: the last digit is followed by 0
        b"<> rest",
        b"<" + b"ab" * 20_000 + b">\n/Next",  # longer than one read
        b"<FEFF0056006900EA0074> rest",  # a UTF-16 text string
    ],
)
def test_the_hex_string_reader_reads_what_pyhankos_reads(source: bytes) -> None:
    ours, theirs = BytesIO(source), BytesIO(source)
    assert engine.read_hex_string(ours) == engine._pyhanko_read_hex_string(theirs)
    assert type(engine.read_hex_string(BytesIO(source))) is type(
        engine._pyhanko_read_hex_string(BytesIO(source))
    )
    assert ours.tell() == theirs.tell()


@pytest.mark.parametrize("source", [b"<48 6x 6c>", b"<4865", b"<48%comment\n65>"])
def test_the_hex_string_reader_leaves_malformed_strings_to_pyhanko(source: bytes) -> None:
    try:
        expected: object = engine._pyhanko_read_hex_string(BytesIO(source))
    except PdfStreamError as error:
        expected = type(error)
    try:
        got: object = engine.read_hex_string(BytesIO(source))
    except PdfStreamError as error:
        got = type(error)
    assert got == expected


def test_pyhanko_reads_hex_strings_with_the_fast_reader() -> None:
    assert generic.read_hex_string_from_stream is engine.read_hex_string


def test_the_page_size_is_read_as_pypdf_reads_it() -> None:
    from pypdf import PdfReader, PdfWriter

    document = PdfWriter()
    document.add_blank_page(width=419.53, height=595.28)  # A5
    document.add_blank_page(width=841.89, height=595.28)  # A4 landscape
    buffer = BytesIO()
    document.write(buffer)
    data = buffer.getvalue()
    writer = IncrementalPdfFileWriter(BytesIO(data), strict=False)
    for page in (0, -1, 1):
        box = PdfReader(BytesIO(data)).pages[page].mediabox
        assert engine.page_size(writer, page) == pytest.approx((float(box.width), float(box.height)))
