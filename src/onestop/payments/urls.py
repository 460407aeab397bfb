from django.urls import path

from onestop.payments import views

app_name = "payments"
urlpatterns = [
    path("ve/", views.payment_return, name="returned"),
    path("ipn/vnpay/", views.payment_ipn, name="ipn"),
    path("quay/<int:pk>/", views.desk_record, name="desk_record"),
    path("<str:reference>/", views.payment_page, name="page"),
    path("<str:reference>/bat-dau/", views.payment_start, name="start"),
    path("<str:reference>/bien-lai.pdf", views.receipt, name="receipt"),
]
