from django.urls import path

from onestop.signing import views

app_name = "signing"
urlpatterns = [
    path("", views.verify_upload, name="verify"),
    path("<str:token>/", views.verify_document, name="document"),
]
