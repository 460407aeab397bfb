"""The public REST API (v1): thin views that parse input, call a selector or the search, and serialise."""

from typing import Any

from django.utils.http import urlencode
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from onestop.api.selectors import versions_by_code
from onestop.api.serializers import (
    NotFoundSerializer,
    ProcedureDetailSerializer,
    ProcedureListQuerySerializer,
    ProcedurePageSerializer,
)
from onestop.catalog.search import procedures_search
from onestop.catalog.selectors import version_detail


class PublicReadView(APIView):
    """Public catalog reads: anyone may read (rate limited); JSON only, since the browsable API's inline
    scripts would break the site's Content-Security-Policy."""

    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]


class ProcedureListView(PublicReadView):
    @extend_schema(
        operation_id="procedures_list",
        summary="Procedures in force, searched or listed by code",
        description=(
            "With `search`: the best matches first (at most `limit`), forgiving missing diacritics, typos, "
            "word order, abbreviations and everyday or English names. Without: every procedure in force "
            "ordered by code, a page of `limit` at a time; follow `next` for the rest."
        ),
        parameters=[ProcedureListQuerySerializer],
        responses={
            200: ProcedurePageSerializer,
            400: OpenApiResponse(description="A parameter is invalid; the body names it."),
        },
        tags=["procedures"],
    )
    def get(self, request: Request) -> Response:
        query = ProcedureListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params: dict[str, Any] = query.validated_data
        unit, limit = params.get("unit"), params["limit"]
        search = params.get("search", "").strip()
        scores: dict[int, float] = {}
        next_url = None
        if search:
            hits = procedures_search(query=search, unit=unit, limit=limit)
            versions = [hit.version for hit in hits]
            scores = {hit.version.pk: hit.score for hit in hits}
        else:
            versions = list(versions_by_code(unit=unit, after=params.get("cursor"))[: limit + 1])
            if len(versions) > limit:
                versions = versions[:limit]
                following = {"limit": limit, "cursor": versions[-1].procedure.code}
                if unit is not None:
                    following["unit"] = unit.code
                next_url = request.build_absolute_uri(f"{request.path}?{urlencode(following)}")
        page = ProcedurePageSerializer(
            {"next": next_url, "results": versions}, context={"request": request, "scores": scores}
        )
        return Response(page.data)


class ProcedureDetailView(PublicReadView):
    @extend_schema(
        operation_id="procedures_retrieve",
        summary="A procedure in the version in force",
        responses={200: ProcedureDetailSerializer, 404: NotFoundSerializer},
        tags=["procedures"],
    )
    def get(self, request: Request, code: str) -> Response:
        version = version_detail(code=code)
        if version is None:
            raise NotFound(_("No procedure in force has this code."))
        return Response(ProcedureDetailSerializer(version, context={"request": request}).data)


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from our own static files, with no inline script or style: the site's CSP allows neither."""

    permission_classes = [AllowAny]
    template_name = "api/swagger_ui.html"
    url_name = "api:schema"
