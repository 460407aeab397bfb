from django.contrib import admin

from onestop.organizations.models import AdministrativeUnit, Agency, Desk, StaffPost, UnitSuccession


class SuccessionInline(admin.TabularInline):
    model = UnitSuccession
    fk_name = "predecessor"
    raw_id_fields = ("successor",)
    extra = 0


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent", "valid_from", "valid_to")
    list_filter = ("level", ("valid_to", admin.EmptyFieldListFilter))
    search_fields = ("code", "name", "name_folded")
    raw_id_fields = ("parent",)
    inlines = (SuccessionInline,)


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("e_id", "name", "kind", "unit")
    list_filter = ("kind",)
    search_fields = ("e_id", "name")
    raw_id_fields = ("unit", "parent")


@admin.register(Desk)
class DeskAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "unit", "agency")
    list_filter = ("kind",)
    search_fields = ("name",)
    raw_id_fields = ("unit", "agency", "parent")


@admin.register(StaffPost)
class StaffPostAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "unit", "agency", "desk", "valid_from", "valid_to")
    list_filter = ("role",)
    search_fields = ("user__full_name", "user__username", "title")
    raw_id_fields = ("user", "unit", "agency", "desk")
