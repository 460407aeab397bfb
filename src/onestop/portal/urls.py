from django.urls import path, register_converter

from onestop.portal import submission_views, tracking_views, views


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
    path(
        "tra-cuu/<str:token>/ket-qua/<int:file_id>/", tracking_views.result_download, name="result_download"
    ),
    path("ho-so-cua-toi/", tracking_views.my_dossiers, name="my_dossiers"),
    path("nop-truc-tuyen/<procedure_code:code>/", submission_views.submit_start, name="submit_start"),
    path("ho-so-nhap/<int:draft_id>/nguoi-nop/", submission_views.draft_applicant, name="draft_applicant"),
    path("ho-so-nhap/<int:draft_id>/giay-to/", submission_views.draft_documents, name="draft_documents"),
    path("ho-so-nhap/<int:draft_id>/nhan-ket-qua/", submission_views.draft_return, name="draft_return"),
    path("ho-so-nhap/<int:draft_id>/xem-lai/", submission_views.draft_review, name="draft_review"),
    path("ho-so-nhap/<int:draft_id>/xoa/", submission_views.draft_delete, name="draft_delete"),
    path("ho-so-nhap/<int:draft_id>/da-nop/", submission_views.draft_done, name="draft_done"),
    path("kho-du-lieu/", submission_views.data_store, name="data_store"),
    path(
        "kho-du-lieu/<int:document_id>/tai-ve/",
        submission_views.data_store_download,
        name="data_store_download",
    ),
    path("kho-du-lieu/<int:document_id>/xoa/", submission_views.data_store_remove, name="data_store_remove"),
]
