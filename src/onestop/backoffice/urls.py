from django.urls import path

from onestop.backoffice import catalog_views, views

app_name = "backoffice"
urlpatterns = [
    path("", views.home, name="home"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/<int:post_id>/", views.staff_detail, name="staff_detail"),
    path("units/", views.unit_list, name="unit_list"),
    path("catalog/", catalog_views.catalog_list, name="catalog_list"),
    path("catalog/synonyms/", catalog_views.synonyms, name="synonyms"),
    path("catalog/synonyms/<int:pk>/delete/", catalog_views.synonym_remove, name="synonym_remove"),
    path("catalog/export/<str:unit_code>.xlsx", catalog_views.catalog_export, name="catalog_export"),
    path("catalog/<str:code>/", catalog_views.catalog_detail, name="catalog_detail"),
    path("catalog/<str:code>/v<int:number>/", catalog_views.catalog_detail, name="catalog_version"),
    path("catalog/<str:code>/edit/", catalog_views.catalog_edit, name="catalog_edit"),
]
