"""PAdES signing with pyHanko: appearances, timestamps and the two phases of remote signing.

This module knows PDFs, keys and certificates, not dossiers: services.py decides who signs what.
"""

import asyncio
import binascii
import copy
import io
import threading
from collections import OrderedDict
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from asn1crypto import cms, keys, tsp, x509  # type: ignore[import-untyped]
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from fontTools import ttLib  # type: ignore[import-untyped]
from PIL import Image
from pyhanko import stamp
from pyhanko.pdf_utils import generic, images, layout, text
from pyhanko.pdf_utils.font.api import FontEngine
from pyhanko.pdf_utils.font.opentype import CIDFontType2, GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PDF_WHITESPACE
from pyhanko.pdf_utils.writer import PdfFileWriter
from pyhanko.sign import attributes, fields, signers
from pyhanko.sign._session_scope import run_and_release
from pyhanko.sign.general import as_signing_certificate_v2
from pyhanko.sign.signers.pdf_byterange import PreparedByteRangeDigest
from pyhanko.sign.signers.pdf_signer import DSSContentSettings, PdfTBSDocument, SigDSSPlacementPreference
from pyhanko.sign.timestamps import DummyTimeStamper, TimeStamper
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

FONT = Path(__file__).resolve().parent / "fonts" / "TinosStamp-Regular.ttf"
# Room for the CMS (hex-encoded): the chain, a timestamp token with its own chain, and margin.
REMOTE_BYTES_RESERVED = 32_768


_pyhanko_read_hex_string = generic.read_hex_string_from_stream
_HEX_DIGITS = b"0123456789abcdefABCDEF"


def read_hex_string(stream: Any) -> generic.ByteStringObject | generic.TextStringObject:
    """As pyHanko's ``read_hex_string_from_stream``, reading the string in one go: pyHanko reads it a byte at
    a time, and every signing reads each earlier signature's /Contents (16-32 KB of hex), about 1 ms each."""
    start = stream.tell()
    chunks = []
    while True:
        chunk = stream.read(16_384)
        if not chunk:
            break
        end = chunk.find(b">")
        if end >= 0:
            chunks.append(chunk[:end])
            break
        chunks.append(chunk)
    body = b"".join(chunks)[1:]  # after the opening "<"
    digits = body.translate(None, PDF_WHITESPACE)
    if not chunk or b"%" in body or digits.translate(None, _HEX_DIGITS):
        # Unterminated, a comment or a stray byte: left to pyHanko's own reader and its errors.
        stream.seek(start)
        return _pyhanko_read_hex_string(stream)
    stream.seek(start + 1 + len(body) + 1)
    if len(digits) % 2:
        digits += b"0"
    return generic.pdf_string(binascii.unhexlify(digits))


generic.read_hex_string_from_stream = read_hex_string


class Placement(StrEnum):
    """Where a signature shows on the page (Decree 30/2020)."""

    SIGNATURE_BLOCK = "signature_block"  # an official's signature: last page, bottom right, with QR
    TOP_RIGHT = "top_right"  # the agency's signature on attachments and e-copies: first page
    INVISIBLE = "invisible"  # the agency's signature following an official's on a result


@dataclass(frozen=True)
class Appearance:
    placement: Placement
    lines: tuple[str, ...] = ()
    seal_png: bytes = b""
    qr_url: str = ""


def asn1_key(key: rsa.RSAPrivateKey) -> keys.PrivateKeyInfo:
    return keys.PrivateKeyInfo.load(
        key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )


class _PreparedCertificateId(attributes.CMSAttributeProvider):
    """The signing-certificate-v2 attribute loaded from DER made once: pyHanko builds it from the
    certificate's issuer name each time, asn1crypto's slow path (about 6 ms with Vietnamese names)."""

    attribute_type = "signing_certificate_v2"

    def __init__(self, der: bytes):
        self._der = der

    async def build_attr_value(self, dry_run: bool = False) -> tsp.SigningCertificateV2:
        return tsp.SigningCertificateV2.load(self._der)


class HeldKeySigner(signers.SimpleSigner):
    """A signer with its RSA key already parsed: pyHanko's SimpleSigner re-parses the DER key, and OpenSSL
    re-checks its primes (about 50 ms), on every signature and every size estimate."""

    def __init__(
        self, *, key: rsa.RSAPrivateKey, certificate: x509.Certificate, others: list[x509.Certificate]
    ):
        super().__init__(
            signing_cert=certificate,
            signing_key=asn1_key(key),
            cert_registry=SimpleCertificateStore.from_certs(others),
        )
        self._key = key
        self._certificate_id = as_signing_certificate_v2(certificate).dump()
        self._certificate_sha256 = certificate.sha256

    def _signed_attr_providers(self, *args: Any, **kwargs: Any) -> Iterator[attributes.CMSAttributeProvider]:
        for provider in super()._signed_attr_providers(*args, **kwargs):
            if isinstance(provider, attributes.SigningCertificateV2Provider) and (
                provider.signing_cert.sha256 == self._certificate_sha256
            ):
                yield _PreparedCertificateId(self._certificate_id)
            else:
                yield provider

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        try:
            algorithm = mechanism.signature_algo
        except ValueError:
            algorithm = mechanism["algorithm"].native
        if algorithm == "rsassa_pkcs1v15":
            return self._key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
        result: bytes = super().sign_raw(data, digest_algorithm)  # e.g. PSS: rare, left to pyHanko
        return result


def page_size(writer: IncrementalPdfFileWriter, page: int) -> tuple[float, float]:
    """The media box's width and height of page ``page`` (negative from the end), read from the writer
    that signs: reading the file again just for this took a tenth of a visible signature."""
    node = writer.find_page_for_modification(page)[0].get_object()
    while "/MediaBox" not in node:  # inherited from the page tree
        node = node["/Parent"].get_object()
    left, bottom, right, top = (float(value) for value in node["/MediaBox"])
    return right - left, top - bottom


def _field_spec(writer: IncrementalPdfFileWriter, name: str, appearance: Appearance) -> fields.SigFieldSpec:
    if appearance.placement == Placement.INVISIBLE:
        return fields.SigFieldSpec(sig_field_name=name)
    page = -1 if appearance.placement == Placement.SIGNATURE_BLOCK else 0
    width, height = page_size(writer, page)
    right, top = int(width), int(height)
    if appearance.placement == Placement.SIGNATURE_BLOCK:
        box = (right - 250, 40, right - 25, 125)
    else:
        box = (right - 185, top - 65, right - 15, top - 15)
    return fields.SigFieldSpec(sig_field_name=name, on_page=page, box=box)


# Embedded subsets of the stamp font by glyph set (a few kept; one is about 50 KB).
_SUBSETS: OrderedDict[tuple[str, frozenset[int]], tuple[bytes, bytes]] = OrderedDict()
_SUBSETS_KEPT = 32
# Always in the subset, so that the signing time's digits do not make every signature's subset new.
_ALWAYS_EMBEDDED = "0123456789:/"
_LAYOUT_TABLES = ("GSUB", "GPOS", "GDEF")
# One parsed engine per stamp font (and size), that every stamp's engine is a copy of.
_PROTOTYPES: dict[str, GlyphAccumulator] = {}
_prototypes_lock = threading.Lock()


@dataclass(frozen=True)
class StampFont(GlyphAccumulatorFactory):
    """The stamp font, made faster than pyHanko makes it on its own (it cost most of a visible signature).

    - The font file is parsed once per process: each stamp's engine is a copy of a parsed one, sharing its
      font tables, which are only read (parsing the metrics of Tinos's 3,285 glyphs took about 15 ms).
    - Its layout tables are left out of the font that fontTools subsets: HarfBuzz shapes with the whole file
      and pyHanko drops GSUB/GPOS/GDEF from the embedded subset anyway, but fontTools decompiles them before
      dropping them.
    - The embedded subset is kept per glyph set: the same official's stamps differ only in the time's
      digits, which are always embedded.
    """

    def create_font_engine(self, writer: Any, obj_stream: Any = None) -> GlyphAccumulator:
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        prototype = self._prototype()
        # The per-document state, as GlyphAccumulator.__init__ sets it (pyHanko 0.38 internals).
        engine = copy.copy(prototype)
        base_ps_name = prototype.cidfont_obj.name.split("+", 1)[1]
        FontEngine.__init__(
            engine,
            writer,
            base_ps_name,
            embedded_subset=True,
            obj_stream=obj_stream,
            font_size=self.font_size,
        )
        engine._font_ref = writer.allocate_placeholder()
        engine.cidfont_obj = CIDFontType2(engine.tt, base_ps_name, engine.subset_prefix)
        engine._glyphs = {}
        engine._cid_to_unicode = {}
        engine._subset_created = engine._write_prepared = False
        _reuse_subsets(engine, font_file=self.font_file)
        return engine

    def _prototype(self) -> GlyphAccumulator:
        key = repr(self)
        with _prototypes_lock:
            prototype = _PROTOTYPES.get(key)
            if prototype is None:
                prototype = super().create_font_engine(PdfFileWriter())
                if not isinstance(prototype.cidfont_obj, CIDFontType2):
                    raise ValueError(f"{self.font_file}: a stamp font must have TrueType outlines")
                for tag in _LAYOUT_TABLES:
                    if tag in prototype.tt:
                        del prototype.tt[tag]
                prototype._reverse_cmap  # noqa: B018 - built now, so that the copies share it
                _PROTOTYPES[key] = prototype
        return prototype


def _font_to_subset(font_file: str) -> ttLib.TTFont:
    font = ttLib.TTFont(font_file)
    for tag in _LAYOUT_TABLES:
        if tag in font:
            del font[tag]
    return font


def _reuse_subsets(engine: GlyphAccumulator, *, font_file: str) -> None:
    """Make ``engine`` embed a kept subset for its glyph set, subsetting (and keeping it) only when new."""
    extract, font = engine._extract_subset, engine.cidfont_obj  # pyHanko 0.38 internals
    subset: list[tuple[bytes, bytes]] = []

    def extract_or_reuse(options: Any = None) -> None:
        cmap = engine.tt.getBestCmap()
        for char in _ALWAYS_EMBEDDED:
            if ord(char) in cmap:
                engine._get_cid_and_width(engine.tt.getGlyphID(cmap[ord(char)]))
        key = (font_file, frozenset(engine._glyphs))
        kept = _SUBSETS.get(key)
        if kept is None:
            # Subsetting rewrites the font it is given: pyHanko's subsetter runs on a font of its own, not
            # on the shared one.
            shared, engine.tt = engine.tt, _font_to_subset(font_file)
            try:
                extract(options)
                buffer = io.BytesIO()
                engine.tt.save(buffer)
            finally:
                engine.tt = shared
            stream = generic.StreamObject(stream_data=buffer.getvalue())
            stream.compress()
            kept = (buffer.getvalue(), stream.encoded_data)
            _SUBSETS[key] = kept
            while len(_SUBSETS) > _SUBSETS_KEPT:
                _SUBSETS.popitem(last=False)
        else:
            _SUBSETS.move_to_end(key)
        subset.append(kept)

    def set_font_file(writer: Any) -> generic.IndirectObject:
        # As CIDFontType2.set_font_file, from the kept bytes.
        raw, encoded = subset[-1]
        stream = generic.StreamObject(
            dict_data={generic.pdf_name("/Filter"): generic.pdf_name("/FlateDecode")},
            stream_data=raw,
            encoded_data=encoded,
        )
        reference = writer.add_object(stream)
        font._font_descriptor[generic.pdf_name("/FontFile2")] = reference
        return reference

    engine._extract_subset = extract_or_reuse  # type: ignore[method-assign]
    font.set_font_file = set_font_file  # type: ignore[method-assign]


def _style(appearance: Appearance) -> stamp.BaseStampStyle | None:
    if appearance.placement == Placement.INVISIBLE:
        return None
    text_style = text.TextBoxStyle(font=StampFont(str(FONT), font_size=9), leading=11)
    background: Any = None
    if appearance.seal_png:
        seal = Image.open(io.BytesIO(appearance.seal_png))
        seal.load()
        background = images.PdfImage(seal)
    common: dict[str, Any] = {
        "text_box_style": text_style,
        "stamp_text": "\n".join(line.replace("%", "%%") for line in appearance.lines),
        "border_width": 1,
        "background": background,
        # The seal overlaps the left third of the signature (Decree 30/2020, Appendix I).
        "background_layout": layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MIN,
            y_align=layout.AxisAlignment.ALIGN_MID,
            inner_content_scaling=layout.InnerScaling.SHRINK_TO_FIT,
        ),
        "background_opacity": 0.55,
    }
    if appearance.qr_url:
        return stamp.QRStampStyle(**common, qr_position=stamp.QRPosition.RIGHT_OF_TEXT)
    return stamp.TextStampStyle(**common)


# Signature sizes pyHanko estimated, by what the estimate depends on (see SizeRememberingPdfSigner).
_RESERVED: dict[tuple[Any, ...], int] = {}


class SizeRememberingPdfSigner(signers.PdfSigner):
    """A PdfSigner that estimates the room for the signature once per signer and local TSA.

    pyHanko makes a whole dry-run signature for the estimate each time, yet its size depends only on the
    signer's certificates, the key size and the TSA's (cached) dummy token: the same number every time.
    An external TSA may answer with other sizes over time, so its signatures are estimated every time.
    """

    def _size_key(self, timestamper: TimeStamper | None) -> tuple[Any, ...] | None:
        if timestamper is not None and not isinstance(timestamper, DummyTimeStamper):
            return None
        signer = self.signer
        if signer.signing_cert is None:
            return None
        return (
            signer.signing_cert.sha256,
            frozenset(cert.sha256 for cert in signer.cert_registry),
            timestamper.tsa_cert.sha256 if timestamper is not None else None,
            self.signature_meta.md_algorithm,
            self.signature_meta.subfilter,
        )

    def init_signing_session(self, pdf_out: Any, existing_fields_only: bool = False) -> Any:
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        key = self._size_key(session.timestamper)
        if key is None:
            return session
        estimate = session.estimate_signature_container_size

        async def remembered(validation_info: Any, tight: bool = False) -> int:
            slot = (*key, tight)
            if slot not in _RESERVED:
                _RESERVED[slot] = await estimate(validation_info, tight=tight)
            return _RESERVED[slot]

        session.estimate_signature_container_size = remembered  # type: ignore[method-assign]
        return session


_DSS_IN_SIGNED_REVISION = DSSContentSettings(
    placement=SigDSSPlacementPreference.TOGETHER_WITH_SIGNATURE, include_vri=False
)


def signature_metadata(
    *,
    field_name: str,
    reason: str,
    location: str,
    validation_context: ValidationContext | None,
    archive_timestamp: bool = True,
) -> signers.PdfSignatureMetadata:
    """PAdES metadata: baseline-T, or LT/LTA when the signer's chain and revocation data are at hand.

    Without ``archive_timestamp`` an LT signature gets no document timestamp: for a signature that another
    one follows at once, whose document timestamp then covers both (and both their validation data).

    The validation data goes into the DSS of the revision that adds the signature (and the TSA's into that
    of the document timestamp), not into a revision of its own after each: the same data, covered by the
    signature, and one re-read of the whole file fewer per update. That needs no VRI entries, which PAdES
    baseline signatures do not use (ETSI EN 319 142-1).
    """
    return signers.PdfSignatureMetadata(
        field_name=field_name,
        reason=reason or None,
        location=location or None,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        embed_validation_info=validation_context is not None,
        use_pades_lta=validation_context is not None and archive_timestamp,
        validation_context=validation_context,
        dss_settings=_DSS_IN_SIGNED_REVISION,
    )


def sign(
    data: bytes,
    *,
    signer: signers.Signer,
    field_name: str,
    appearance: Appearance,
    timestamper: TimeStamper | None,
    reason: str = "",
    location: str = "",
    validation_context: ValidationContext | None = None,
    archive_timestamp: bool = True,
) -> bytes:
    """``data`` with one more signature, added as an incremental update (earlier signatures stay intact)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    pdf_signer = SizeRememberingPdfSigner(
        signature_metadata(
            field_name=field_name,
            reason=reason,
            location=location,
            validation_context=validation_context,
            archive_timestamp=archive_timestamp,
        ),
        signer=signer,
        timestamper=timestamper,
        stamp_style=_style(appearance),
        new_field_spec=_field_spec(writer, field_name, appearance),
    )
    output = io.BytesIO()
    params = {"url": appearance.qr_url} if appearance.qr_url else None
    run_sync(
        run_and_release(
            pdf_signer.async_sign_pdf(writer, output=output, appearance_text_params=params),
            validation_context,
        )
    )
    return output.getvalue()


@dataclass(frozen=True)
class PreparedSignature:
    """Phase one of remote signing: the document with room for the signature, and what must be signed."""

    prepared_pdf: bytes
    to_sign: bytes  # DER of the CMS signed attributes; the holder signs these bytes (SHA-256, PKCS#1 v1.5)
    document_digest: bytes
    reserved_start: int
    reserved_end: int
    md_algorithm: str


def run_sync[T](coroutine: Coroutine[Any, Any, T]) -> T:
    """Run pyHanko's async API from sync code, even where this thread already runs an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(asyncio.run, coroutine).result()


def prepare_remote(
    data: bytes,
    *,
    certificate: x509.Certificate,
    chain: list[x509.Certificate],
    field_name: str,
    appearance: Appearance,
    reason: str = "",
    location: str = "",
) -> PreparedSignature:
    placeholder = signers.ExternalSigner(
        signing_cert=certificate,
        cert_registry=SimpleCertificateStore.from_certs(chain),
        signature_value=certificate.public_key.bit_size // 8,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    pdf_signer = signers.PdfSigner(
        signature_metadata(field_name=field_name, reason=reason, location=location, validation_context=None),
        signer=placeholder,
        stamp_style=_style(appearance),
        new_field_spec=_field_spec(writer, field_name, appearance),
    )
    params = {"url": appearance.qr_url} if appearance.qr_url else None

    async def phase_one() -> PreparedSignature:
        prepared, tbs, output = await pdf_signer.async_digest_doc_for_signing(
            writer, bytes_reserved=REMOTE_BYTES_RESERVED, appearance_text_params=params
        )
        attributes = await placeholder.signed_attrs(
            prepared.document_digest, tbs.md_algorithm, use_pades=True
        )
        output.seek(0)
        return PreparedSignature(
            prepared_pdf=output.read(),
            to_sign=attributes.dump(),
            document_digest=prepared.document_digest,
            reserved_start=prepared.reserved_region_start,
            reserved_end=prepared.reserved_region_end,
            md_algorithm=tbs.md_algorithm,
        )

    result: PreparedSignature = run_sync(phase_one())
    return result


def finish_remote(
    prepared: PreparedSignature,
    *,
    certificate: x509.Certificate,
    chain: list[x509.Certificate],
    signature_value: bytes,
    timestamper: TimeStamper | None,
) -> bytes:
    """Phase two: embed the holder's signature value (checked by the caller) and the TSA's timestamp."""
    external = signers.ExternalSigner(
        signing_cert=certificate,
        cert_registry=SimpleCertificateStore.from_certs(chain),
        signature_value=signature_value,
    )
    output = io.BytesIO(prepared.prepared_pdf)

    async def phase_two() -> None:
        signed_attrs = cms.CMSAttributes.load(prepared.to_sign)
        signature_cms = await external.async_sign_prescribed_attributes(
            prepared.md_algorithm, signed_attrs=signed_attrs, timestamper=timestamper
        )
        await PdfTBSDocument.async_finish_signing(
            output,
            PreparedByteRangeDigest(
                document_digest=prepared.document_digest,
                reserved_region_start=prepared.reserved_start,
                reserved_region_end=prepared.reserved_end,
            ),
            signature_cms,
        )

    run_sync(phase_two())
    return output.getvalue()


@contextmanager
def pkcs11_signer(
    *, module: str, token: str, key_label: str, pin: str, certificate: x509.Certificate, chain: list[Any]
) -> Iterator[signers.Signer]:
    """A signer backed by a PKCS#11 token; the private key never leaves it."""
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

    session = open_pkcs11_session(module, token_criteria=TokenCriteria(label=token), user_pin=pin)
    try:
        yield PKCS11Signer(session, key_label=key_label, signing_cert=certificate, ca_chain=chain)
    finally:
        session.close()
