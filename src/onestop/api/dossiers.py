"""Dossier API: create (idempotent), read with history, perform a workflow action."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from onestop.accounts.models import User
from onestop.api.clients import ApiKeyAuthentication
from onestop.catalog.selectors import version_in_force_by_code, version_parts
from onestop.core.idempotency import IdempotencyConflictError, run_once
from onestop.dossiers.constants import ChannelCode, SubmitterKind
from onestop.dossiers.models import Dossier
from onestop.dossiers.selectors import dossier_readable_by
from onestop.dossiers.services import (
    ApplicantData,
    ComponentIntake,
    SubmitterData,
    dossier_act_found,
    dossier_create,
)
from onestop.dossiers.workflow import ACTION_LABELS
from onestop.organizations.models import Desk


class ApplicantSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=255)
    id_number = serializers.RegexField(r"^\d{9,13}$", help_text="Personal (12 digits) or organisation ID.")
    address = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    phone = serializers.RegexField(r"^0\d{9}$", required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")


class ComponentInputSerializer(serializers.Serializer):
    component = serializers.IntegerField(
        help_text="Id of the procedure component (see the procedure detail)."
    )
    provided = serializers.BooleanField(default=True)
    from_data_store = serializers.BooleanField(default=False)


class DossierCreateSerializer(serializers.Serializer):
    procedure = serializers.CharField(help_text="National procedure code, e.g. 1.001193.")
    desk = serializers.IntegerField(help_text="Id of the one-stop desk that receives it.")
    applicant = ApplicantSerializer(required=False, help_text="Defaults to the logged-in citizen.")
    components = ComponentInputSerializer(many=True)


class HistorySerializer(serializers.Serializer):
    sequence = serializers.IntegerField()
    at = serializers.DateTimeField(source="occurred_at")
    action = serializers.CharField()
    # DRF's metaclass takes declared fields off the class, so this does not clobber Field.label.
    label = serializers.SerializerMethodField()  # type: ignore[assignment]
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    note = serializers.CharField()

    def get_label(self, row: Any) -> str:
        return str(ACTION_LABELS.get(row.action, row.action))


class DossierSerializer(serializers.Serializer):
    code = serializers.CharField()
    procedure = serializers.CharField(source="procedure_version.procedure.code")
    procedure_version = serializers.IntegerField(source="procedure_version.number")
    state = serializers.CharField()
    national_status = serializers.IntegerField(source="dvcqg_status")
    channel = serializers.IntegerField()
    desk = serializers.CharField(source="desk.name")
    agency = serializers.CharField(source="agency.name")
    received_at = serializers.DateTimeField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    returned_at = serializers.DateTimeField(allow_null=True)
    tracking_token = serializers.CharField(source="token")


class DossierDetailSerializer(DossierSerializer):
    history = HistorySerializer(many=True, source="history.all")


class ActionSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")
    reasons = serializers.CharField(required=False, allow_blank=True, default="")
    items = serializers.ListField(child=serializers.DictField(child=serializers.CharField()), required=False)
    assignee = serializers.IntegerField(required=False)
    new_due_at = serializers.DateTimeField(required=False)
    method = serializers.CharField(required=False)
    waybill = serializers.CharField(required=False, allow_blank=True)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.JSONField()


class DossierApiView(APIView):
    authentication_classes = [ApiKeyAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]
    renderer_classes = [JSONRenderer]


def _errors(error: ValidationError | PermissionDenied) -> Any:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        return error.message_dict
    return getattr(error, "messages", None) or [str(error) or _("You may not do this.")]


class DossierCreateView(DossierApiView):
    @extend_schema(
        operation_id="dossiers_create",
        summary="Submit a dossier online",
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                description="Send the same key when retrying: the dossier is created once.",
            )
        ],
        request=DossierCreateSerializer,
        responses={
            201: DossierSerializer,
            400: OpenApiResponse(ErrorSerializer),
            409: OpenApiResponse(ErrorSerializer, description="Key reused with a different body."),
        },
        tags=["dossiers"],
    )
    def post(self, request: Request) -> Response:
        payload = DossierCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        user = request.user

        def create() -> tuple[int, Any]:
            try:
                dossier = self._create(user=user, data=data)
            except ValidationError as error:
                transaction.set_rollback(True)
                return 400, {"detail": _errors(error)}
            return 201, DossierSerializer(dossier).data

        key = request.headers.get("Idempotency-Key", "").strip()
        if not key:
            with transaction.atomic():
                code, body = create()
            return Response(body, status=code)
        if len(key) > 100:
            return Response({"detail": _("Idempotency-Key is at most 100 characters.")}, status=400)
        try:
            answer = run_once(
                key=key,
                owner=f"user:{user.pk}",
                endpoint="dossiers.create",
                request_body=request.data,
                action=create,
            )
        except IdempotencyConflictError:
            return Response(
                {"detail": _("This Idempotency-Key was used with a different request.")}, status=409
            )
        response = Response(answer.body, status=answer.status_code)
        if answer.replayed:
            response["Idempotent-Replayed"] = "true"
        return response

    @staticmethod
    def _create(*, user: Any, data: dict[str, Any]) -> Dossier:
        version = version_in_force_by_code(code=data["procedure"])
        desk = Desk.objects.filter(pk=data["desk"], active=True).select_related("unit", "agency").first()
        if version is None or desk is None:
            raise ValidationError({"procedure": [_("Unknown procedure or desk.")]})
        known = {component.pk: component for component in version_parts(version_id=version.pk).components}
        unknown = [item["component"] for item in data["components"] if item["component"] not in known]
        if unknown:
            raise ValidationError(
                {
                    "components": [
                        _("These components are not part of the procedure: %(ids)s.") % {"ids": unknown}
                    ]
                }
            )
        applicant_data = data.get("applicant")
        if applicant_data is None:
            if not user.personal_id:
                raise ValidationError(
                    {"applicant": [_("Give the applicant: your account has no ID number.")]}
                )
            applicant = ApplicantData(
                name=user.full_name,
                id_number=user.personal_id,
                phone=user.phone,
                email=user.email,
                account=user,
            )
            submitter = SubmitterData()
        else:
            applicant = ApplicantData(
                **applicant_data, account=User.objects.filter(personal_id=applicant_data["id_number"]).first()
            )
            submitter = SubmitterData(
                kind=SubmitterKind.AUTHORISED, name=user.full_name, id_number=user.personal_id, account=user
            )
        return dossier_create(
            actor=user,
            desk=desk,
            version=version,
            applicant=applicant,
            submitter=submitter,
            channel=ChannelCode.ONLINE,
            components=[
                ComponentIntake(
                    component=known[item["component"]],
                    provided=item["provided"],
                    from_data_store=item["from_data_store"],
                )
                for item in data["components"]
            ],
        )


class DossierDetailView(DossierApiView):
    @extend_schema(
        operation_id="dossiers_retrieve",
        summary="A dossier with its history",
        responses={200: DossierDetailSerializer, 404: OpenApiResponse(ErrorSerializer)},
        tags=["dossiers"],
    )
    def get(self, request: Request, code: str) -> Response:
        dossier = dossier_readable_by(user=request.user, code=code)
        if dossier is None:
            raise NotFound(_("No dossier with this code is visible to you."))
        return Response(DossierDetailSerializer(dossier).data)


class DossierActionView(DossierApiView):
    @extend_schema(
        operation_id="dossiers_act",
        summary="Perform a workflow action",
        request=ActionSerializer,
        responses={
            200: DossierSerializer,
            400: OpenApiResponse(ErrorSerializer),
            403: OpenApiResponse(ErrorSerializer),
            404: OpenApiResponse(ErrorSerializer),
        },
        tags=["dossiers"],
    )
    def post(self, request: Request, code: str, action: str) -> Response:
        dossier = dossier_readable_by(user=request.user, code=code, record_view=False)
        if dossier is None:
            raise NotFound(_("No dossier with this code is visible to you."))
        if action not in ACTION_LABELS:
            return Response({"detail": _("Unknown action.")}, status=status.HTTP_400_BAD_REQUEST)
        payload = ActionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        params = dict(payload.validated_data)
        if "assignee" in params:
            params["assignee"] = User.objects.filter(pk=params["assignee"]).first()
        try:
            dossier = dossier_act_found(actor=request.user, dossier=dossier, action=action, **params)
        except PermissionDenied as error:
            return Response({"detail": _errors(error)}, status=status.HTTP_403_FORBIDDEN)
        except ValidationError as error:
            return Response({"detail": _errors(error)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(DossierSerializer(dossier).data)
