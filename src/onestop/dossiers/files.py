"""Uploaded files: type checked by content, size limited, hashed and page-counted."""

import hashlib
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    name: str
    content_type: str
    sha256: str
    pages: int


def check_upload(upload: UploadedFile) -> CheckedFile:
    """Accept PDF, JPEG or PNG by their first bytes, whatever the browser claimed."""
    name = upload.name or "file"
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("%(name)s is larger than %(limit)d MB.") % {"name": name, "limit": MAX_UPLOAD_BYTES // 2**20}
        )
    content = upload.read()
    if not content:
        raise ValidationError(_("%(name)s is empty.") % {"name": name})
    content_type = next((kind for magic, kind in SIGNATURES.items() if content.startswith(magic)), None)
    if content_type is None:
        raise ValidationError(_("%(name)s is not a PDF, JPEG or PNG file.") % {"name": name})
    pages = 1
    if content_type == "application/pdf":
        try:
            pages = len(PdfReader(BytesIO(content)).pages)
        except (PdfReadError, ValueError, KeyError) as error:
            raise ValidationError(_("%(name)s is a damaged PDF file.") % {"name": name}) from error
    return CheckedFile(
        content=content,
        name=name,
        content_type=content_type,
        sha256=hashlib.sha256(content).hexdigest(),
        pages=pages,
    )


def stored_as_checked(stored: Any) -> CheckedFile:
    """A file already checked when it was stored (a dossier file, draft or data-store document), read back."""
    with stored.file.open("rb") as handle:
        content = handle.read()
    return CheckedFile(
        content=content,
        name=stored.original_name,
        content_type=stored.content_type,
        sha256=stored.sha256,
        pages=stored.pages,
    )
