from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django_otp.admin import OTPAdminSite

# Administrators must pass the second factor before the admin opens.
admin.site.__class__ = OTPAdminSite

urlpatterns: list[URLPattern | URLResolver] = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("onestop.portal.urls")),
    path("accounts/", include("onestop.accounts.urls")),
    path("staff/", include("onestop.backoffice.urls")),
    path("api/", include("onestop.api.urls")),
    path("notifications/", include("onestop.notifications.urls")),
    path("community/", include("onestop.community.urls")),
    path("xac-thuc/", include("onestop.signing.urls")),
    path("thanh-toan/", include("onestop.payments.urls")),
    path("chi-so/", include("onestop.indicators.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
