"""The demo PKI: a TEST CA, a TEST TSA and certificates for the demo's leaders and agencies.

Every name carries "TEST - không có giá trị pháp lý"; the CA is trusted only in this installation.
"""

import io
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from onestop.organizations.constants import Role
from onestop.organizations.models import Agency, StaffPost
from onestop.signing import pki
from onestop.signing.engine import FONT
from onestop.signing.models import CertificateKind, KeyStorage, SigningCertificate
from onestop.signing.services import certificate_register, revocation_list_add, trust_anchor_add

CA_FILE = "demo-ca.p12"
TSA_FILE = "demo-tsa.p12"


@dataclass(frozen=True)
class DemoPki:
    ca: SigningCertificate
    tsa: SigningCertificate
    officials: list[SigningCertificate]
    agencies: list[SigningCertificate]


def seal_png(agency_name: str) -> bytes:
    """A red round seal with the agency's name and TEST across it (a stand-in for the scanned seal)."""
    size = 300
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    red = (200, 16, 46, 255)
    draw.ellipse((6, 6, size - 6, size - 6), outline=red, width=12)
    draw.ellipse((40, 40, size - 40, size - 40), outline=red, width=4)
    font = ImageFont.truetype(str(FONT), 26)
    words = agency_name.upper().split()
    lines = [*[" ".join(words[i : i + 3]) for i in range(0, len(words), 3)][:3], "TEST"]
    y = size / 2 - 16 * len(lines)
    for line in lines:
        draw.text((size / 2, y), line, fill=red, font=font, anchor="mt")
        y += 32
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _ca() -> tuple[SigningCertificate, pki.Issued]:
    existing = SigningCertificate.objects.filter(kind=CertificateKind.CA, is_test=True, active=True).first()
    if existing is not None and (pki.key_dir() / existing.pkcs12_name).exists():
        return existing, pki.read_pkcs12(existing.pkcs12_name)
    now = timezone.now()
    issued = pki.create_ca(common_name="OneStop TEST Root CA", now=now)
    pki.write_pkcs12(file_name=CA_FILE, issued=issued, chain=[])
    record = certificate_register(
        actor=None,
        kind=CertificateKind.CA,
        certificate=issued.certificate,
        chain=[issued.certificate],
        key_storage=KeyStorage.PKCS12,
        pkcs12_name=CA_FILE,
        is_test=True,
    )
    trust_anchor_add(
        actor=None,
        certificate_data=pki.der(issued.certificate),
        name="OneStop TEST Root CA (demo)",
        is_test=True,
    )
    revocation_list_add(actor=None, crl_data=pki.crl(ca=issued, revoked=[], now=now))
    return record, issued


def _issue(
    *,
    ca: pki.Issued,
    file_name: str,
    kind: str,
    common_name: str,
    organisation: str = "",
    locality: str = "",
    title: str = "",
    timestamping: bool = False,
) -> tuple[pki.Issued, dict[str, Any]]:
    subject = pki.name(common_name=common_name, organisation=organisation, locality=locality, title=title)
    issued = pki.issue(ca=ca, subject=subject, now=timezone.now(), timestamping=timestamping)
    pki.write_pkcs12(file_name=file_name, issued=issued, chain=[ca.certificate])
    return issued, {
        "kind": kind,
        "chain": [ca.certificate],
        "key_storage": KeyStorage.PKCS12,
        "pkcs12_name": file_name,
        "is_test": True,
    }


def _usable(queryset: Any) -> SigningCertificate | None:
    return (
        SigningCertificate.objects.filter(pk__in=queryset, active=True, revoked_at__isnull=True)
        .filter(not_after__gt=timezone.now())
        .first()
    )


@transaction.atomic
def demo_pki_setup() -> DemoPki:
    """Create (or reuse) the demo PKI; safe to rerun."""
    ca_record, ca = _ca()
    tsa = _usable(SigningCertificate.objects.filter(kind=CertificateKind.TSA, is_test=True).values("pk"))
    if tsa is None or not (pki.key_dir() / tsa.pkcs12_name).exists():
        issued, options = _issue(
            ca=ca,
            file_name=TSA_FILE,
            kind=CertificateKind.TSA,
            timestamping=True,
            common_name="OneStop TEST TSA",
        )
        tsa = certificate_register(actor=None, certificate=issued.certificate, **options)
    leader_posts = StaffPost.objects.filter(role=Role.AGENCY_LEADER, agency__isnull=False).select_related(
        "user", "agency", "agency__unit"
    )
    officials = []
    for post in leader_posts.order_by("pk"):
        found = _usable(
            SigningCertificate.objects.filter(kind=CertificateKind.OFFICIAL, holder=post.user).values("pk")
        )
        if found is None:
            issued, options = _issue(
                ca=ca,
                file_name=f"demo-official-{post.user.pk}.p12",
                kind=CertificateKind.OFFICIAL,
                common_name=post.user.full_name,
                title=post.title,
                organisation=post.agency.name,  # type: ignore[union-attr]
                locality=post.agency.unit.name,  # type: ignore[union-attr]
            )
            found = certificate_register(
                actor=None,
                certificate=issued.certificate,
                holder=post.user,
                agency=post.agency,
                title=post.title,
                **options,
            )
        officials.append(found)
    # Agencies that sign in the demo: the leaders' agencies and the centres with a desk.
    agency_ids = set(leader_posts.values_list("agency", flat=True))
    agency_ids |= set(StaffPost.objects.filter(desk__isnull=False).values_list("desk__agency", flat=True))
    default_agency = leader_posts.order_by("pk").first()
    agencies = []
    for agency in Agency.objects.filter(pk__in=agency_ids).select_related("unit").order_by("e_id"):
        found = _usable(
            SigningCertificate.objects.filter(kind=CertificateKind.AGENCY, agency=agency).values("pk")
        )
        if found is None:
            issued, options = _issue(
                ca=ca,
                file_name=f"demo-agency-{agency.e_id}.p12",
                kind=CertificateKind.AGENCY,
                common_name=agency.name,
                organisation=agency.name,
                locality=agency.unit.name,
            )
            found = certificate_register(
                actor=None,
                certificate=issued.certificate,
                agency=agency,
                seal_png=seal_png(agency.name),
                is_default=default_agency is not None and default_agency.agency_id == agency.pk,
                **options,
            )
        agencies.append(found)
    return DemoPki(ca=ca_record, tsa=tsa, officials=officials, agencies=agencies)
