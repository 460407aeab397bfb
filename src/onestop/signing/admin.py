"""Administrators configure trust: anchors and CRLs are added through the services, never edited by hand."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from onestop.signing.models import RevocationList, SignedDocument, SigningCertificate, TrustAnchor
from onestop.signing.services import certificate_revoke, revocation_list_add, trust_anchor_add


class UploadForm(forms.ModelForm):
    upload = forms.FileField(label=_("File (PEM or DER)"))

    class Meta:
        fields: list[str] = []


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(TrustAnchor)
class TrustAnchorAdmin(ReadOnlyAdmin):
    form = UploadForm
    list_display = ("name", "fingerprint", "is_test", "active", "added_at")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        try:
            anchor = trust_anchor_add(actor=request.user, certificate_data=form.cleaned_data["upload"].read())
        except ValidationError as error:
            messages.error(request, "; ".join(error.messages))
            return
        obj.pk = anchor.pk


@admin.register(RevocationList)
class RevocationListAdmin(ReadOnlyAdmin):
    form = UploadForm
    list_display = ("issuer", "this_update", "next_update")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        try:
            record = revocation_list_add(actor=request.user, crl_data=form.cleaned_data["upload"].read())
        except ValidationError as error:
            messages.error(request, "; ".join(error.messages))
            return
        obj.pk = record.pk


@admin.action(description=_("Revoke the selected certificates"))
def revoke(modeladmin: Any, request: HttpRequest, queryset: QuerySet[SigningCertificate]) -> None:
    for certificate in queryset:
        certificate_revoke(actor=request.user, certificate=certificate)


@admin.register(SigningCertificate)
class SigningCertificateAdmin(ReadOnlyAdmin):
    list_display = ("subject", "kind", "key_storage", "holder", "agency", "not_after", "revoked_at")
    list_filter = ("kind", "key_storage", "is_test")
    actions = [revoke]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # registered by commands that read the key's certificate (token, PKCS#12, demo)


@admin.register(SignedDocument)
class SignedDocumentAdmin(ReadOnlyAdmin):
    list_display = ("title", "dossier_code", "sha256", "signed_at")
    exclude = ("content",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
