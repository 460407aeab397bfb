from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from onestop.community.models import Consent, HelpedDossier, HelpedRegistration, HelperAssignment, Village


@admin.register(Village)
class VillageAdmin(admin.ModelAdmin):
    list_display = ("name", "commune")
    search_fields = ("name", "commune__name")
    raw_id_fields = ("commune",)


@admin.register(HelperAssignment)
class HelperAssignmentAdmin(admin.ModelAdmin):
    list_display = ("helper", "commune", "village", "valid_from", "valid_to")
    raw_id_fields = ("helper", "commune", "village")


class RecordAdmin(admin.ModelAdmin):
    """Consents and the help given are evidence: written by the services, only read here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Consent)
class ConsentAdmin(RecordAdmin):
    list_display = ("citizen", "helper", "commune", "village", "method", "given_at", "withdrawn_at")
    list_filter = ("method", ("withdrawn_at", admin.EmptyFieldListFilter))


@admin.register(HelpedRegistration)
class HelpedRegistrationAdmin(RecordAdmin):
    list_display = ("citizen", "helper", "commune", "village", "created_at")


@admin.register(HelpedDossier)
class HelpedDossierAdmin(RecordAdmin):
    list_display = ("dossier", "helper", "commune", "village", "created_at")
