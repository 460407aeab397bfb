from django.urls import path, register_converter

from onestop.portal import tracking_views, views


class ProcedureCodeConverter:
    """National procedure codes such as ``1.001193`` (letters, digits, dots, dashes)."""

    regex = r"[0-9A-Za-z][0-9A-Za-z.\-_]{0,19}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class UnitCodeConverter:
    """Administrative unit codes (Decision 19/2025): 2-digit provinces, 5-digit communes."""

    regex = r"[0-9A-Za-z]{1,5}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ProcedureCodeConverter, "procedure_code")
register_converter(UnitCodeConverter, "unit_code")

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/", views.procedure_list, name="procedures"),
    path("thu-tuc/ket-qua/", views.procedure_results, name="procedure_results"),
    path("thu-tuc/<procedure_code:code>/", views.procedure_detail, name="procedure"),
    path("thu-tuc/<procedure_code:code>/v<int:number>/", views.procedure_version, name="procedure_version"),
    path("don-vi/<unit_code:code>/", views.unit_page, name="unit"),
    path("don-vi/<unit_code:code>/ket-qua/", views.unit_results, name="unit_results"),
    path("mot-cua/<int:desk_id>/poster.pdf", views.desk_poster, name="desk_poster"),
    path("tra-cuu/", tracking_views.tracking_lookup, name="tracking"),
    path("tra-cuu/<str:token>/", tracking_views.dossier_status, name="dossier_status"),
    path("tra-cuu/<str:token>/bo-sung/", tracking_views.answer_supplement, name="answer_supplement"),
    path("ho-so-cua-toi/", tracking_views.my_dossiers, name="my_dossiers"),
]
