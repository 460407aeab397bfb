from django.urls import path

from onestop.backoffice import views

app_name = "backoffice"
urlpatterns = [
    path("", views.home, name="home"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/<int:post_id>/", views.staff_detail, name="staff_detail"),
    path("units/", views.unit_list, name="unit_list"),
]
