from django.urls import path

from onestop.community import views

app_name = "community"
urlpatterns = [
    path("", views.home, name="home"),
    path("register/", views.register_citizen, name="register_citizen"),
    path("report/", views.report, name="report"),
]
