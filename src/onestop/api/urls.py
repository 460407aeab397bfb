from django.urls import URLPattern, URLResolver, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny

from onestop.api import dossiers, views
from onestop.signing import api as signing

app_name = "api"
urlpatterns: list[URLPattern | URLResolver] = [
    path("v1/procedures", views.ProcedureListView.as_view(), name="procedure-list"),
    path("v1/procedures/<str:code>", views.ProcedureDetailView.as_view(), name="procedure-detail"),
    path("v1/dossiers", dossiers.DossierCreateView.as_view(), name="dossier-create"),
    path("v1/dossiers/<str:code>", dossiers.DossierDetailView.as_view(), name="dossier-detail"),
    path(
        "v1/dossiers/<str:code>/actions/<str:action>",
        dossiers.DossierActionView.as_view(),
        name="dossier-action",
    ),
    path("v1/signatures/verify", signing.VerifyView.as_view(), name="signature-verify"),
    path("v1/signatures/documents/<str:token>", signing.SignedDocumentView.as_view(), name="signed-document"),
    path("v1/signing/requests", signing.RemoteRequestListView.as_view(), name="signing-requests"),
    path(
        "v1/signing/requests/<int:pk>/signature",
        signing.RemoteSignatureView.as_view(),
        name="signing-request-sign",
    ),
    path("v1/schema", SpectacularAPIView.as_view(permission_classes=[AllowAny]), name="schema"),
    path("v1/docs", views.DocsView.as_view(), name="docs"),
]
