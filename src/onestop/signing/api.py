"""Signature API: verify a PDF (public), and the phone side of two-phase remote signing (holders only)."""

import base64
import binascii
import hashlib
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from onestop.signing.selectors import pending_requests, signed_document_by_token
from onestop.signing.services import remote_request_complete, verification_url
from onestop.signing.verification import NotAPdfError, verify_pdf
from onestop.signing.views import MAX_VERIFY_BYTES


class SignatureReportSerializer(serializers.Serializer):
    signature_field = serializers.CharField()
    intact = serializers.BooleanField(help_text="The signed bytes are unchanged (no digest mismatch).")
    valid = serializers.BooleanField(help_text="The signature value matches the certificate.")
    trusted = serializers.BooleanField(help_text="The certificate chains to a configured trust anchor.")
    revoked = serializers.BooleanField()
    revoked_at = serializers.DateTimeField(allow_null=True)
    signer = serializers.CharField()
    organisation = serializers.CharField()
    title = serializers.CharField()
    signed_at = serializers.DateTimeField(allow_null=True)
    timestamped = serializers.BooleanField()
    covers_document = serializers.BooleanField()
    problems = serializers.ListField(child=serializers.CharField())


class VerificationSerializer(serializers.Serializer):
    sha256 = serializers.CharField()
    title = serializers.CharField()
    dossier_code = serializers.CharField()
    valid = serializers.BooleanField()
    signatures = SignatureReportSerializer(many=True)


class VerifyUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The signed PDF (at most 20 MB).")


class VerifyView(APIView):
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="signatures_verify",
        summary="Verify the signatures of a PDF",
        request={"multipart/form-data": VerifyUploadSerializer},
        responses={200: VerificationSerializer, 400: OpenApiResponse(description="Not a readable PDF.")},
        tags=["signatures"],
    )
    def post(self, request: Request) -> Response:
        upload = VerifyUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        file = upload.validated_data["file"]
        if file.size > MAX_VERIFY_BYTES:
            return Response({"file": ["larger than 20 MB"]}, status=status.HTTP_400_BAD_REQUEST)
        try:
            report = verify_pdf(file.read())
        except NotAPdfError:
            return Response({"file": ["not a readable PDF"]}, status=status.HTTP_400_BAD_REQUEST)
        return Response(report.as_json())


class SignedDocumentView(APIView):
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]

    @extend_schema(
        operation_id="signatures_document",
        summary="Verify a document OneStop signed (the QR code's target)",
        responses={200: VerificationSerializer, 404: OpenApiResponse(description="Unknown token.")},
        tags=["signatures"],
    )
    def get(self, request: Request, token: str) -> Response:
        document = signed_document_by_token(token)
        if document is None:
            raise NotFound
        return Response(verify_pdf(bytes(document.content)).as_json())


class RemoteRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    md_algorithm = serializers.CharField()
    to_sign = serializers.SerializerMethodField(help_text="Base64 DER of the signed attributes to sign.")
    to_sign_sha256 = serializers.SerializerMethodField(help_text="Base64 SHA-256 of ``to_sign``.")

    def get_to_sign(self, request: Any) -> str:
        return base64.b64encode(bytes(request.to_sign)).decode()

    def get_to_sign_sha256(self, request: Any) -> str:
        return base64.b64encode(hashlib.sha256(bytes(request.to_sign)).digest()).decode()


class SignatureValueSerializer(serializers.Serializer):
    signature = serializers.CharField(help_text="Base64 RSA PKCS#1 v1.5 signature (SHA-256) of ``to_sign``.")

    def validate_signature(self, value: str) -> bytes:
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError) as error:
            raise serializers.ValidationError("not base64") from error


class RemoteRequestListView(APIView):
    permission_classes = [IsAuthenticated]
    renderer_classes = [JSONRenderer]

    @extend_schema(
        operation_id="signing_requests_pending",
        summary="Signing requests waiting for my signature (phone app)",
        responses={200: RemoteRequestSerializer(many=True)},
        tags=["signatures"],
    )
    def get(self, request: Request) -> Response:
        return Response(RemoteRequestSerializer(pending_requests(holder=request.user), many=True).data)


class RemoteSignatureView(APIView):
    permission_classes = [IsAuthenticated]
    renderer_classes = [JSONRenderer]

    @extend_schema(
        operation_id="signing_request_sign",
        summary="Send the signature value for a request (phase two)",
        request=SignatureValueSerializer,
        responses={
            200: OpenApiResponse(description="Signed: the document's hash and verification URL."),
            400: OpenApiResponse(description="Wrong signature, expired or already signed."),
            403: OpenApiResponse(description="Not the certificate's holder."),
        },
        tags=["signatures"],
    )
    def post(self, request: Request, pk: int) -> Response:
        pending = pending_requests(holder=request.user).filter(pk=pk).first()
        if pending is None:
            raise NotFound
        value = SignatureValueSerializer(data=request.data)
        value.is_valid(raise_exception=True)
        try:
            document = remote_request_complete(
                actor=request.user, request=pending, signature_value=value.validated_data["signature"]
            )
        except ValidationError as error:
            return Response({"detail": error.messages}, status=status.HTTP_400_BAD_REQUEST)
        except PermissionDenied as error:
            return Response({"detail": str(error)}, status=status.HTTP_403_FORBIDDEN)
        return Response({"sha256": document.sha256, "verification_url": verification_url(document.token)})
