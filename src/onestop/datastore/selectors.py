"""Reads of the personal data store: only ever the owner's own documents."""

from typing import Any

from django.db.models import QuerySet

from onestop.datastore.models import StoredDocument
from onestop.dossiers.files import CheckedFile, stored_as_checked


def documents_of(*, user: Any) -> QuerySet[StoredDocument]:
    if not getattr(user, "is_authenticated", False):
        return StoredDocument.objects.none()
    return StoredDocument.objects.filter(owner=user)


def document_of(*, user: Any, document_id: int) -> StoredDocument | None:
    return documents_of(user=user).filter(pk=document_id).first()


def document_content(document: StoredDocument) -> CheckedFile:
    """The stored file as a checked file, to copy into a dossier."""
    return stored_as_checked(document)
