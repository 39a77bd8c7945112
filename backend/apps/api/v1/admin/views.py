"""/api/v1/admin/: what staff manage. Each view lists the permissions it needs."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.api.params import bool_param, date_param, uuid_param
from apps.api.permissions import StaffWithPermission
from apps.api.v1.admin import serializers as s
from apps.api.v1.leads.serializers import StaffBookingSerializer
from apps.core import selectors as core_selectors
from apps.core.services import update_company_settings
from apps.leads import selectors as lead_selectors
from apps.leads.models import BookingSource, BookingStatus
from apps.users import selectors as user_selectors
from apps.users import services as user_services
from apps.users.models import User

TAG_USERS = ["admin: users"]
TAG_SETTINGS = ["admin: settings"]


@extend_schema(
    tags=TAG_USERS,
    parameters=[
        OpenApiParameter("search", str, description="E-mail, name or phone contains"),
        OpenApiParameter("role", str, enum=["admin", "staff", "client"]),
        OpenApiParameter("group", str),
        OpenApiParameter("is_active", bool),
    ],
)
class UserListView(generics.ListAPIView):
    permission_classes = [StaffWithPermission]
    required_permissions = ("users.view_user",)
    serializer_class = s.AdminUserSerializer
    filter_backends: list = []

    def get_queryset(self):
        params = self.request.query_params
        return user_selectors.users_for_admin(
            search=params.get("search", "").strip(),
            role=params.get("role", ""),
            group=params.get("group", ""),
            is_active=bool_param(params.get("is_active"), "is_active"),
        )


class UserDetailView(APIView):
    permission_classes = [StaffWithPermission]
    required_permissions = {"GET": ("users.view_user",), "PATCH": ("users.change_user",)}

    def _get(self, pk) -> User:
        return generics.get_object_or_404(User.objects.prefetch_related("groups"), pk=pk)

    @extend_schema(tags=TAG_USERS, responses=s.AdminUserSerializer)
    def get(self, request, pk):
        return Response(s.AdminUserSerializer(self._get(pk)).data)

    @extend_schema(
        tags=TAG_USERS, request=s.AdminUserAccessSerializer, responses=s.AdminUserSerializer
    )
    def patch(self, request, pk):
        user = self._get(pk)
        data = s.AdminUserAccessSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        user = user_services.change_user_access(
            user=user,
            actor=request.user,
            role=values.get("role"),
            group_names=values.get("groups"),
            is_active=values.get("is_active"),
        )
        return Response(s.AdminUserSerializer(self._get(user.pk)).data)


@extend_schema(
    tags=TAG_SETTINGS,
    parameters=[
        OpenApiParameter("actor", OpenApiTypes.UUID),
        OpenApiParameter("action", str, description="Action, or its prefix (e.g. user.)"),
        OpenApiParameter("target_type", str),
        OpenApiParameter("target_id", str),
        OpenApiParameter("date_from", OpenApiTypes.DATE),
        OpenApiParameter("date_to", OpenApiTypes.DATE),
    ],
)
class AuditLogListView(generics.ListAPIView):
    permission_classes = [StaffWithPermission]
    required_permissions = ("core.view_auditlog",)
    serializer_class = s.AuditLogSerializer
    filter_backends: list = []

    def get_queryset(self):
        params = self.request.query_params
        return core_selectors.audit_entries(
            actor_id=uuid_param(params.get("actor"), "actor"),
            action=params.get("action") or None,
            target_type=params.get("target_type") or None,
            target_id=params.get("target_id") or None,
            date_from=date_param(params.get("date_from"), "date_from"),
            date_to=date_param(params.get("date_to"), "date_to"),
        )


class CompanySettingsView(APIView):
    permission_classes = [StaffWithPermission]
    required_permissions = {
        "GET": ("core.view_companysettings",),
        "PATCH": ("core.change_companysettings",),
    }

    @extend_schema(tags=TAG_SETTINGS, responses=s.CompanySettingsSerializer)
    def get(self, request):
        return Response(s.CompanySettingsSerializer(core_selectors.company_settings()).data)

    @extend_schema(
        tags=TAG_SETTINGS,
        request=s.CompanySettingsSerializer,
        responses=s.CompanySettingsSerializer,
    )
    def patch(self, request):
        data = s.CompanySettingsSerializer(
            core_selectors.company_settings(), data=request.data, partial=True
        )
        data.is_valid(raise_exception=True)
        company = update_company_settings(actor=request.user, **data.validated_data)
        return Response(s.CompanySettingsSerializer(company).data)


@extend_schema(
    tags=["admin: bookings"],
    description=(
        "Bookings for staff. Staff who may see every booking (sales, administrators) get "
        "all of them; technicians get the visits assigned to them."
    ),
    parameters=[
        OpenApiParameter("search", str, description="Reference, name, phone or e-mail"),
        OpenApiParameter("status", str, many=True, enum=[c[0] for c in BookingStatus.choices]),
        OpenApiParameter("service", OpenApiTypes.UUID),
        OpenApiParameter("technician", OpenApiTypes.UUID),
        OpenApiParameter("source", str, enum=[c[0] for c in BookingSource.choices]),
        OpenApiParameter("date_from", OpenApiTypes.DATE),
        OpenApiParameter("date_to", OpenApiTypes.DATE),
        OpenApiParameter("client", OpenApiTypes.UUID),
    ],
)
class BookingListView(generics.ListAPIView):
    permission_classes = [StaffWithPermission]
    required_permissions = ("leads.view_booking",)
    serializer_class = StaffBookingSerializer
    filter_backends: list = []

    def get_queryset(self):
        params = self.request.query_params
        statuses = [x for x in params.getlist("status") if x]
        unknown = set(statuses) - set(BookingStatus.values)
        if unknown:
            raise ValidationError({"status": [_("Unknown status: %s.") % ", ".join(unknown)]})
        return lead_selectors.bookings_for_admin(
            viewer=self.request.user,
            search=params.get("search", "").strip(),
            status=statuses or None,
            service_id=uuid_param(params.get("service"), "service"),
            technician_id=uuid_param(params.get("technician"), "technician"),
            source=params.get("source", ""),
            date_from=date_param(params.get("date_from"), "date_from"),
            date_to=date_param(params.get("date_to"), "date_to"),
            client_id=uuid_param(params.get("client"), "client"),
        )
