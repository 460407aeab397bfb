"""The public verification page: upload a signed PDF, or open the QR code printed on one."""

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from onestop.signing.selectors import signed_document_by_token
from onestop.signing.verification import NotAPdfError, verify_pdf

MAX_VERIFY_BYTES = 20 * 2**20


class VerifyForm(forms.Form):
    document = forms.FileField(label=_("Signed PDF file"), help_text=_("Up to 20 MB."))

    def clean_document(self) -> bytes:
        upload = self.cleaned_data["document"]
        if upload.size > MAX_VERIFY_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        data = upload.read()
        if not data.startswith(b"%PDF-"):
            raise forms.ValidationError(_("This is not a PDF file."))
        return bytes(data)


@require_http_methods(["GET", "POST"])
def verify_upload(request: HttpRequest) -> HttpResponse:
    report = None
    form = VerifyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = verify_pdf(form.cleaned_data["document"])
        except NotAPdfError:
            form.add_error("document", _("The file could not be read as a PDF."))
    return render(request, "signing/verify.html", {"form": form, "report": report})


@require_http_methods(["GET"])
def verify_document(request: HttpRequest, token: str) -> HttpResponse:
    document = signed_document_by_token(token)
    if document is None:
        raise Http404
    report = verify_pdf(bytes(document.content))
    return render(
        request, "signing/verify.html", {"form": VerifyForm(), "report": report, "document": document}
    )
