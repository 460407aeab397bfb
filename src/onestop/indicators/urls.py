from django.urls import path

from onestop.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.home, name="home"),
    path("don-vi/<str:code>/", views.unit_page, name="unit"),
    path("don-vi/<str:code>/chi-tieu/<str:key>/", views.drill_down, name="drill_down"),
    path("don-vi/<str:code>/xuat.<str:fmt>", views.export, name="export"),
    path("can-bo/<int:user_id>/", views.officer_page, name="officer"),
    path("ho-so/<str:code>/", views.record_page, name="record"),
]
