from django.contrib import admin

from onestop.indicators.models import ImportBatch, IndexIndicator, IndexScheme


class IndexIndicatorInline(admin.TabularInline):
    model = IndexIndicator
    extra = 0


@admin.register(IndexScheme)
class IndexSchemeAdmin(admin.ModelAdmin):
    """A new version of the weights is a new scheme from a later day; past periods keep theirs."""

    list_display = ("version", "valid_from", "source")
    inlines = [IndexIndicatorInline]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ("file_name", "started_at", "lines", "imported", "refused")
    readonly_fields = ("file_name", "imported_by", "started_at", "lines", "imported", "refused", "errors")

    def has_add_permission(self, request: object) -> bool:
        return False
