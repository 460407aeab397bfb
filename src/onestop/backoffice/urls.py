from django.urls import path

from onestop.backoffice import catalog_views, dossier_views, notification_views, views

app_name = "backoffice"
urlpatterns = [
    path("", views.home, name="home"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/<int:post_id>/", views.staff_detail, name="staff_detail"),
    path("units/", views.unit_list, name="unit_list"),
    path("dossiers/", dossier_views.dossier_queue, name="dossier_queue"),
    path("dossiers/<int:pk>/", dossier_views.dossier_detail, name="dossier_detail"),
    path("dossiers/<int:pk>/act/<slug:action>/", dossier_views.dossier_action, name="dossier_action"),
    path("dossiers/<int:pk>/sign-remote/", dossier_views.dossier_sign_remote, name="dossier_sign_remote"),
    path("dossiers/<int:pk>/files/<int:file_id>/", dossier_views.dossier_file, name="dossier_file"),
    path("dossiers/<int:pk>/forms/<str:number>.pdf", dossier_views.dossier_form, name="dossier_form"),
    path("register.<str:fmt>", dossier_views.register, name="register"),
    path("notifications/failures/", notification_views.notification_failures, name="notification_failures"),
    path("reception/", dossier_views.reception_start, name="reception_start"),
    path("reception/<str:code>/", dossier_views.reception, name="reception"),
    path("catalog/", catalog_views.catalog_list, name="catalog_list"),
    path("catalog/synonyms/", catalog_views.synonyms, name="synonyms"),
    path("catalog/synonyms/<int:pk>/delete/", catalog_views.synonym_remove, name="synonym_remove"),
    path("catalog/export/<str:unit_code>.xlsx", catalog_views.catalog_export, name="catalog_export"),
    path("catalog/<str:code>/", catalog_views.catalog_detail, name="catalog_detail"),
    path("catalog/<str:code>/v<int:number>/", catalog_views.catalog_detail, name="catalog_version"),
    path("catalog/<str:code>/edit/", catalog_views.catalog_edit, name="catalog_edit"),
]
