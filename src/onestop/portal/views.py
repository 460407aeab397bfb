"""Public pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from onestop.organizations.selectors import communes_served, provinces_served


def home(request: HttpRequest) -> HttpResponse:
    provinces = [
        {"province": province, "communes": list(communes_served(province=province))}
        for province in provinces_served()
    ]
    return render(request, "portal/home.html", {"provinces": provinces})
