from django.contrib.auth import views as auth_views
from django.urls import path

from onestop.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("verify/", views.verify, name="verify"),
    path("second-factor/", views.otp_setup, name="otp_setup"),
    path("register/", views.register, name="register"),
]
