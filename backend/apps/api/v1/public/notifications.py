"""/api/v1/public/: the SMS delivery-report callback and the unsubscribe action."""

from __future__ import annotations

import hmac

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.api.parsers import JSONParser
from apps.api.throttles import WRITE_THROTTLES
from apps.notifications import services


class DeliveryReportSerializer(serializers.Serializer):
    id = serializers.CharField(max_length=255)
    status = serializers.CharField(max_length=64)
    phoneNumber = serializers.CharField(required=False, allow_blank=True)
    failureReason = serializers.CharField(required=False, allow_blank=True)
    networkCode = serializers.CharField(required=False, allow_blank=True)
    retryCount = serializers.CharField(required=False, allow_blank=True)


class SmsDeliveryReportView(APIView):
    """Africa's Talking posts the fate of each SMS here (form-encoded). The URL
    registered with them carries ``?token=<SMS_CALLBACK_TOKEN>``."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    parser_classes = [FormParser, MultiPartParser, JSONParser]

    @extend_schema(
        tags=["public"],
        parameters=[OpenApiParameter("token", str, required=True)],
        request=DeliveryReportSerializer,
        responses={200: inline_serializer("DeliveryReportAck", {"ok": serializers.BooleanField()})},
    )
    def post(self, request):
        expected = settings.SMS_CALLBACK_TOKEN
        given = request.query_params.get("token", "")
        if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
            raise PermissionDenied("Unknown caller.")
        data = DeliveryReportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        found = services.record_sms_delivery_report(
            message_id=v["id"], status=v["status"], failure_reason=v.get("failureReason", "")
        )
        # 200 either way: an unknown id is not worth the provider's retries.
        return Response({"ok": found is not None})


class UnsubscribeView(APIView):
    """The same action as the e-mailed link's button, for a JS or mobile front end."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = WRITE_THROTTLES

    @extend_schema(
        tags=["public"],
        request=inline_serializer("UnsubscribeRequest", {"token": serializers.CharField()}),
        responses={
            200: inline_serializer(
                "UnsubscribeResult",
                {"unsubscribed": serializers.BooleanField(), "changed": serializers.BooleanField()},
            )
        },
    )
    def post(self, request):
        token = serializers.CharField().run_validation(request.data.get("token"))
        _, changed = services.unsubscribe(token=token)
        return Response({"unsubscribed": True, "changed": changed}, status=status.HTTP_200_OK)
