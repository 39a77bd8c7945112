"""/api/v1/admin/: inquiries inbox, follow-ups, clients (CRM) and quotations."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.api.params import bool_param, date_param, uuid_param
from apps.api.permissions import StaffWithPermission
from apps.api.v1.leads import quote_serializers as s
from apps.api.v1.leads.quote_views import quotation_pdf_response
from apps.leads import selectors, services
from apps.leads.models import (
    Client,
    FollowUp,
    Inquiry,
    InquirySource,
    InquiryStatus,
    Quotation,
    QuotationStatus,
)

TAG_INQUIRIES = ["admin: inquiries"]
TAG_CLIENTS = ["admin: clients"]
TAG_QUOTATIONS = ["admin: quotations"]


def _statuses(params, allowed) -> list[str] | None:
    statuses = [x for x in params.getlist("status") if x]
    unknown = set(statuses) - set(allowed)
    if unknown:
        raise ValidationError({"status": [_("Unknown status: %s.") % ", ".join(sorted(unknown))]})
    return statuses or None


# --- inquiries -----------------------------------------------------------------------


@extend_schema(
    tags=TAG_INQUIRIES,
    parameters=[
        OpenApiParameter("search", str, description="Reference, name, e-mail, phone, text"),
        OpenApiParameter("status", str, many=True, enum=InquiryStatus.values),
        OpenApiParameter(
            "assignee", str, description="A staff id, `me`, or `none` for the shared inbox"
        ),
        OpenApiParameter("service", OpenApiTypes.UUID),
        OpenApiParameter("source", str, enum=InquirySource.values),
        OpenApiParameter("date_from", OpenApiTypes.DATE),
        OpenApiParameter("date_to", OpenApiTypes.DATE),
        OpenApiParameter("client", OpenApiTypes.UUID),
    ],
)
class InquiryListView(generics.ListAPIView):
    permission_classes = [StaffWithPermission]
    required_permissions = ("leads.view_inquiry",)
    serializer_class = s.StaffInquiryListSerializer
    filter_backends: list = []

    def get_queryset(self):
        params = self.request.query_params
        assignee = params.get("assignee", "")
        source = params.get("source", "")
        if source and source not in InquirySource.values:
            raise ValidationError({"source": [_("Unknown source.")]})
        return selectors.inquiries_for_admin(
            search=params.get("search", "").strip(),
            status=_statuses(params, InquiryStatus.values),
            unassigned=assignee == "none",
            assignee_id=self.request.user.pk
            if assignee == "me"
            else (uuid_param(assignee, "assignee") if assignee not in ("", "none") else None),
            service_id=uuid_param(params.get("service"), "service"),
            source=source,
            date_from=date_param(params.get("date_from"), "date_from"),
            date_to=date_param(params.get("date_to"), "date_to"),
            client_id=uuid_param(params.get("client"), "client"),
        )


class _InquiryAction(APIView):
    permission_classes = [StaffWithPermission]
    required_permissions = ("leads.change_inquiry",)

    def _inquiry(self, pk) -> Inquiry:
        return get_object_or_404(Inquiry, pk=pk)

    def _answer(self, inquiry: Inquiry) -> Response:
        return Response(
            s.StaffInquirySerializer(selectors.inquiry_detail(inquiry.pk, for_client=False)).data
        )


class InquiryDetailView(_InquiryAction):
    required_permissions = ("leads.view_inquiry",)

    @extend_schema(tags=TAG_INQUIRIES, responses=s.StaffInquirySerializer)
    def get(self, request, pk):
        return self._answer(self._inquiry(pk))


class InquiryAssignView(_InquiryAction):
    @extend_schema(
        tags=TAG_INQUIRIES, request=s.AssignSerializer, responses=s.StaffInquirySerializer
    )
    def post(self, request, pk):
        data = s.AssignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        inquiry = services.assign_inquiry(
            inquiry=self._inquiry(pk), assignee=data.validated_data["assignee"], actor=request.user
        )
        return self._answer(inquiry)


class InquiryStatusView(_InquiryAction):
    @extend_schema(
        tags=TAG_INQUIRIES, request=s.InquiryStatusSerializer, responses=s.StaffInquirySerializer
    )
    def post(self, request, pk):
        data = s.InquiryStatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        inquiry = services.change_inquiry_status(
            inquiry=self._inquiry(pk),
            to_status=data.validated_data["status"],
            reason=data.validated_data.get("reason", ""),
            actor=request.user,
        )
        return self._answer(inquiry)


class InquiryStaffReplyView(_InquiryAction):
    @extend_schema(
        tags=TAG_INQUIRIES,
        request=s.MessageBodySerializer,
        responses={201: s.ResponseSerializer},
        description="A reply e-mailed to the client.",
    )
    def post(self, request, pk):
        data = s.MessageBodySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        response = services.reply_to_inquiry(
            inquiry=self._inquiry(pk), body=data.validated_data["body"], actor=request.user
        )
        return Response(s.ResponseSerializer(response).data, status=201)


class InquiryNoteView(_InquiryAction):
    @extend_schema(
        tags=TAG_INQUIRIES,
        request=s.MessageBodySerializer,
        responses={201: s.ResponseSerializer},
        description="An internal note; never shown or sent to the client.",
    )
    def post(self, request, pk):
        data = s.MessageBodySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        response = services.add_internal_note(
            inquiry=self._inquiry(pk), body=data.validated_data["body"], actor=request.user
        )
        return Response(s.ResponseSerializer(response).data, status=201)


# --- follow-ups ----------------------------------------------------------------------


@extend_schema(
    tags=TAG_INQUIRIES,
    parameters=[
        OpenApiParameter("owner", str, description="A staff id or `me` (default: everyone)"),
        OpenApiParameter("include_done", bool),
    ],
)
class FollowUpListView(generics.ListCreateAPIView):
    permission_classes = [StaffWithPermission]
    required_permissions = {"GET": ("leads.view_followup",), "POST": ("leads.add_followup",)}
    serializer_class = s.FollowUpSerializer
    filter_backends: list = []

    def get_queryset(self):
        params = self.request.query_params
        owner = params.get("owner", "")
        owner_id = self.request.user.pk if owner == "me" else uuid_param(owner, "owner")
        qs = selectors.follow_ups_for(
            include_done=bool(bool_param(params.get("include_done"), "include_done"))
        )
        return qs.filter(owner_id=owner_id) if owner_id else qs

    @extend_schema(request=s.FollowUpCreateSerializer, responses={201: s.FollowUpSerializer})
    def post(self, request, *args, **kwargs):
        data = s.FollowUpCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        follow_up = services.add_follow_up(
            owner=v.get("owner"),
            due_at=v["due_at"],
            note=v["note"],
            inquiry=v.get("inquiry"),
            client=v.get("client"),
            actor=request.user,
        )
        return Response(s.FollowUpSerializer(follow_up).data, status=201)


class FollowUpCompleteView(APIView):
    permission_classes = [StaffWithPermission]
    required_permissions = ("leads.change_followup",)

    @extend_schema(tags=TAG_INQUIRIES, request=None, responses=s.FollowUpSerializer)
    def post(self, request, pk):
        follow_up = services.complete_follow_up(
            follow_up=get_object_or_404(FollowUp, pk=pk), actor=request.user
        )
        return Response(s.FollowUpSerializer(follow_up).data)


# --- clients -------------------------------------------------------------------------


@extend_schema(
    tags=TAG_CLIENTS,
    parameters=[
        OpenApiParameter("search", str, description="Name, company, e-mail, phone or town"),
        OpenApiParameter("tag", str, description="Only clients with this tag (or all of a,b)"),
    ],
)
class ClientListView(generics.ListAPIView):
    permission_classes = [StaffWithPermission]
    required_permissions = ("leads.view_client",)
    serializer_class = s.ClientListSerializer
    filter_backends: list = []

    def get_queryset(self):
        params = self.request.query_params
        return selectors.clients_for_admin(
            search=params.get("search", "").strip(), tag=params.get("tag", "").strip()
        )


class ClientDetailView(APIView):
    permission_classes = [StaffWithPermission]
    required_permissions = {"GET": ("leads.view_client",), "PATCH": ("leads.change_client",)}

    def _answer(self, pk) -> Response:
        client = get_object_or_404(selectors.clients_for_admin().prefetch_related("sites"), pk=pk)
        return Response(s.ClientDetailSerializer(client).data)

    @extend_schema(tags=TAG_CLIENTS, responses=s.ClientDetailSerializer)
    def get(self, request, pk):
        return self._answer(pk)

    @extend_schema(
        tags=TAG_CLIENTS, request=s.ClientUpdateSerializer, responses=s.ClientDetailSerializer
    )
    def patch(self, request, pk):
        client = get_object_or_404(Client, pk=pk)
        data = s.ClientUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.update_client(client=client, actor=request.user, **data.validated_data)
        return self._answer(pk)


class ClientMergeView(APIView):
    permission_classes = [StaffWithPermission]
    required_permissions = ("leads.change_client", "leads.delete_client")

    @extend_schema(
        tags=TAG_CLIENTS,
        request=s.MergeSerializer,
        responses=s.ClientDetailSerializer,
        description="Fold the duplicate into this client (bookings, inquiries, quotations, "
        "sites, invoices and the account move here) and delete it.",
    )
    def post(self, request, pk):
        keep = get_object_or_404(Client, pk=pk)
        data = s.MergeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.merge_clients(
            keep=keep, duplicate=data.validated_data["duplicate"], actor=request.user
        )
        client = get_object_or_404(selectors.clients_for_admin().prefetch_related("sites"), pk=pk)
        return Response(s.ClientDetailSerializer(client).data)


class ClientSiteCreateView(APIView):
    permission_classes = [StaffWithPermission]
    required_permissions = ("leads.add_clientsite",)

    @extend_schema(
        tags=TAG_CLIENTS, request=s.ClientSiteSerializer, responses={201: s.ClientSiteSerializer}
    )
    def post(self, request, pk):
        client = get_object_or_404(Client, pk=pk)
        data = s.ClientSiteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        site = services.add_client_site(client=client, actor=request.user, **data.validated_data)
        return Response(s.ClientSiteSerializer(site).data, status=201)


# --- quotations ----------------------------------------------------------------------


@extend_schema(
    tags=TAG_QUOTATIONS,
    parameters=[
        OpenApiParameter("search", str, description="Number, title or client"),
        OpenApiParameter("status", str, many=True, enum=QuotationStatus.values),
        OpenApiParameter("client", OpenApiTypes.UUID),
        OpenApiParameter("owner", OpenApiTypes.UUID),
        OpenApiParameter("inquiry", OpenApiTypes.UUID),
    ],
)
class QuotationListView(generics.ListAPIView):
    permission_classes = [StaffWithPermission]
    required_permissions = ("leads.view_quotation",)
    serializer_class = s.StaffQuotationListSerializer
    filter_backends: list = []

    def get_queryset(self):
        params = self.request.query_params
        return selectors.quotations_for_admin(
            search=params.get("search", "").strip(),
            status=_statuses(params, QuotationStatus.values),
            client_id=uuid_param(params.get("client"), "client"),
            owner_id=uuid_param(params.get("owner"), "owner"),
            inquiry_id=uuid_param(params.get("inquiry"), "inquiry"),
        )


class _QuotationAction(APIView):
    permission_classes = [StaffWithPermission]
    required_permissions = ("leads.change_quotation",)

    def _quotation(self, pk) -> Quotation:
        return get_object_or_404(Quotation, pk=pk)

    def _answer(self, quotation: Quotation, status: int = 200) -> Response:
        return Response(
            s.StaffQuotationSerializer(selectors.quotation_detail(quotation.pk)).data,
            status=status,
        )


class QuotationDetailView(_QuotationAction):
    required_permissions = {
        "GET": ("leads.view_quotation",),
        "PATCH": ("leads.change_quotation",),
    }

    @extend_schema(tags=TAG_QUOTATIONS, responses=s.StaffQuotationSerializer)
    def get(self, request, pk):
        return self._answer(self._quotation(pk))

    @extend_schema(
        tags=TAG_QUOTATIONS,
        request=s.QuotationUpdateSerializer,
        responses=s.StaffQuotationSerializer,
        description="Drafts only; a sent quotation is changed by revising it.",
    )
    def patch(self, request, pk):
        data = s.QuotationUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        lines = v.pop("lines", None)
        quotation = services.update_draft_quotation(
            quotation=self._quotation(pk),
            actor=request.user,
            lines=[dict(line) for line in lines] if lines is not None else None,
            **v,
        )
        return self._answer(quotation)


class QuotationSendView(_QuotationAction):
    @extend_schema(tags=TAG_QUOTATIONS, request=None, responses=s.StaffQuotationSerializer)
    def post(self, request, pk):
        return self._answer(
            services.send_quotation(quotation=self._quotation(pk), actor=request.user)
        )


class QuotationResendView(_QuotationAction):
    @extend_schema(
        tags=TAG_QUOTATIONS,
        request=None,
        responses=s.StaffQuotationSerializer,
        description="E-mail a sent quotation again (the same PDF and link). 409 while the "
        "PDF is pending, once decided or past its date, or within two minutes of the last e-mail.",
    )
    def post(self, request, pk):
        return self._answer(
            services.resend_quotation(quotation=self._quotation(pk), actor=request.user)
        )


class QuotationReviseView(_QuotationAction):
    required_permissions = ("leads.add_quotation", "leads.change_quotation")

    @extend_schema(tags=TAG_QUOTATIONS, request=None, responses={201: s.StaffQuotationSerializer})
    def post(self, request, pk):
        new = services.revise_quotation(quotation=self._quotation(pk), actor=request.user)
        return self._answer(new, status=201)


class QuotationExpireView(_QuotationAction):
    @extend_schema(tags=TAG_QUOTATIONS, request=None, responses=s.StaffQuotationSerializer)
    def post(self, request, pk):
        return self._answer(
            services.mark_expired(quotation=self._quotation(pk), actor=request.user)
        )


class QuotationRetryPdfView(_QuotationAction):
    @extend_schema(tags=TAG_QUOTATIONS, request=None, responses=s.StaffQuotationSerializer)
    def post(self, request, pk):
        return self._answer(
            services.retry_quotation_pdf(quotation=self._quotation(pk), actor=request.user)
        )


class QuotationPreviewPdfView(_QuotationAction):
    required_permissions = ("leads.view_quotation",)

    @extend_schema(tags=TAG_QUOTATIONS, responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, pk):
        return quotation_pdf_response(self._quotation(pk), preview_allowed=True)
