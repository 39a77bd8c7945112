"""GET /api/v1/public/services/<slug>/availability/: free arrival windows."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.api.v1.leads.serializers import AvailabilityDaySerializer
from apps.catalog.selectors import bookable_services
from apps.leads.selectors import available_slots
from apps.leads.selectors.availability import MAX_RANGE_DAYS


def parse_range(raw_from: str | None, raw_to: str | None) -> tuple[dt.date, dt.date]:
    """The ``from``/``to`` query parameters as dates, checked; errors name the parameter."""

    def one(raw: str | None, name: str) -> dt.date:
        if not raw:
            raise ValidationError({name: [_("Required, as YYYY-MM-DD.")]})
        try:
            value = parse_date(raw)
        except ValueError:
            value = None
        if value is None:
            raise ValidationError({name: [_("Use a date like 2026-03-01.")]})
        return value

    date_from, date_to = one(raw_from, "from"), one(raw_to, "to")
    if date_to < date_from:
        raise ValidationError({"to": [_("Must not be before 'from'.")]})
    if (date_to - date_from).days >= MAX_RANGE_DAYS:
        raise ValidationError({"to": [_("Ask for at most %d days at a time.") % MAX_RANGE_DAYS]})
    return date_from, date_to


class ServiceAvailabilityView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        tags=["public"],
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, required=True),
            OpenApiParameter(
                "to",
                OpenApiTypes.DATE,
                required=True,
                description=f"At most {MAX_RANGE_DAYS} days after `from`.",
            ),
        ],
        responses=AvailabilityDaySerializer(many=True),
    )
    def get(self, request, slug):
        service = get_object_or_404(bookable_services(), slug=slug)
        date_from, date_to = parse_range(
            request.query_params.get("from"), request.query_params.get("to")
        )
        days = available_slots(service, date_from, date_to)
        return Response(AvailabilityDaySerializer(days, many=True).data)
