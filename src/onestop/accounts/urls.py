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
    path("confirm/", views.confirm, name="confirm"),
    path("confirm/new-code/", views.confirm_resend, name="confirm_resend"),
    path("password-reset/", views.password_reset, name="password_reset"),
    path("password-reset/code/", views.password_reset_confirm, name="password_reset_confirm"),
    path("profile/", views.profile, name="profile"),
    path("profile/address/", views.address_edit, name="address_edit"),
    path("profile/notifications/", views.preferences_edit, name="preferences_edit"),
    path("organizations/new/", views.organization_new, name="organization_new"),
]
