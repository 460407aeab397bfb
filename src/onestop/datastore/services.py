"""Writes of the personal data store: keep a checked file, remove one; each audited."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from onestop.core.services import audit_record
from onestop.core.text import nfc
from onestop.datastore.models import Origin, StoredDocument
from onestop.dossiers.files import CheckedFile, check_upload


@transaction.atomic
def document_keep(
    *,
    owner: Any,
    title: str,
    checked: CheckedFile,
    origin: str,
    actor: Any = None,
    source_dossier: Any = None,
) -> StoredDocument:
    """Keep ``checked`` in ``owner``'s store; a file already there (same SHA-256) is not stored twice."""
    if origin not in Origin.values:
        raise ValidationError(_("Unknown origin of a stored document."))
    title = nfc(title).strip()[:300]
    if not title:
        raise ValidationError({"title": [_("Give the document a name you will recognise.")]})
    existing = StoredDocument.objects.filter(owner=owner, sha256=checked.sha256).first()
    if existing is not None:
        return existing
    document = StoredDocument(
        owner=owner,
        title=title,
        origin=origin,
        source_dossier=source_dossier,
        original_name=nfc(checked.name)[:255],
        content_type=checked.content_type,
        size=len(checked.content),
        pages=checked.pages,
        sha256=checked.sha256,
    )
    document.file.save(f"{owner.pk}-{checked.sha256[:16]}", ContentFile(checked.content), save=False)
    document.save()
    audit_record(
        actor=actor or owner,
        action="datastore.document_kept",
        subject=document,
        after={
            "owner": owner.pk,
            "origin": origin,
            "sha256": checked.sha256,
            "dossier": getattr(source_dossier, "pk", None),
        },
    )
    return document


@transaction.atomic
def document_remove(*, owner: Any, document: StoredDocument) -> None:
    """The owner deletes a document from the store; dossiers that used it keep their own copy."""
    if document.owner_id != owner.pk:
        raise ValidationError(_("This document is not in your store."))
    audit_record(
        actor=owner,
        action="datastore.document_removed",
        subject=document,
        before={"title": document.title, "sha256": document.sha256},
    )
    storage, name = document.file.storage, document.file.name
    document.delete()
    # The file goes only once the deletion is committed, so a rollback loses nothing.
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def document_upload(*, owner: Any, title: str, upload: UploadedFile) -> StoredDocument:
    """The owner adds a file of their own, checked by its content like every upload."""
    return document_keep(owner=owner, title=title, checked=check_upload(upload), origin=Origin.UPLOAD)
