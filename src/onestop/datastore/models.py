"""The personal data store (kho dữ liệu cá nhân): each account's reusable documents and e-results."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Origin(models.TextChoices):
    UPLOAD = "upload", _("Uploaded by you")
    DIGITISED = "digitised", _("Digitised at the desk")
    E_RESULT = "e_result", _("Electronic result")


class StoredDocument(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stored_documents"
    )
    title = models.CharField(_("title"), max_length=300)
    origin = models.CharField(_("origin"), max_length=12, choices=Origin.choices)
    source_dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("from dossier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file = models.FileField(_("file"), upload_to="datastore/%Y/%m/")
    original_name = models.CharField(_("original name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    pages = models.PositiveIntegerField(_("pages"), default=1)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("stored document")
        verbose_name_plural = _("stored documents")
        ordering = ["-created_at", "-id"]
        constraints = [
            # The same file is kept once per account, whichever way it arrived.
            models.UniqueConstraint(fields=["owner", "sha256"], name="stored_document_once_per_owner"),
        ]

    def __str__(self) -> str:
        return self.title
