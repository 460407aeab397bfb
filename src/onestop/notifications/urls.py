from django.urls import path

from onestop.notifications import views

app_name = "notifications"
urlpatterns = [
    path("sms/receipt", views.sms_receipt, name="sms_receipt"),
]
