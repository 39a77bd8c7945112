"""/api/v1/leads/inquiries/ and /api/v1/leads/quotations/.

Who may see a record: staff holding the permission, the client who owns it
(signed in), or whoever holds its token (``?token=`` or ``token`` in the
body). Anyone else gets 404, so ids cannot be probed (``apps.api.access``)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotAuthenticated, NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.api.access import Reached, reach, request_token, staff_may
from apps.api.parsers import JSONParser
from apps.api.throttles import WRITE_THROTTLES
from apps.api.v1.leads import quote_serializers as s
from apps.core.request_meta import client_ip, user_agent
from apps.leads import selectors, services
from apps.leads.file_responses import attachment_response, quotation_pdf_response
from apps.leads.models import Inquiry, InquirySource, Quotation
from apps.leads.tokens import inquiry_access_token

TAG_INQUIRIES = ["leads: inquiries"]
TAG_QUOTATIONS = ["leads: quotations"]
TOKEN_PARAM = OpenApiParameter(
    "token", str, description="The link token from the e-mail (no account needed)."
)


def _own_inquiry(user, pk) -> Inquiry | None:
    if not selectors.inquiries_for_client(user).filter(pk=pk).exists():
        return None
    return selectors.inquiry_detail(pk, for_client=True)


def load_inquiry(request, pk, *, perm: str | None = "leads.view_inquiry") -> Reached[Inquiry]:
    """The inquiry, who is asking ("staff", "owner", "token") and the token used.
    ``perm=None``: a client-only action, no staff path. Clients read it
    without the internal notes."""
    return reach(
        request,
        pk,
        perm=perm,
        staff=lambda _user, pk: selectors.inquiry_detail(pk, for_client=False),
        by_token=selectors.inquiry_for_token,
        token_record=lambda found: selectors.inquiry_detail(found.pk, for_client=True),
        owner=_own_inquiry,
    )


def _own_quotation(user, pk) -> Quotation | None:
    if not selectors.quotations_for_client(user).filter(pk=pk).exists():
        return None
    return selectors.quotation_detail(pk)


def load_quotation(request, pk, *, perm: str | None = "leads.view_quotation") -> Reached[Quotation]:
    return reach(
        request,
        pk,
        perm=perm,
        staff=lambda _user, pk: selectors.quotation_detail(pk),
        by_token=selectors.quotation_for_token,
        owner=_own_quotation,
    )


# --- inquiries --------------------------------------------------------------------


class InquiryCreateView(APIView):
    """Ask a question or request a quote, with photos or PDFs attached."""

    permission_classes = [AllowAny]
    throttle_classes = WRITE_THROTTLES
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        tags=TAG_INQUIRIES,
        request={"multipart/form-data": s.InquiryCreateSerializer},
        responses={
            201: s.InquiryCreatedSerializer,
            400: OpenApiResponse(description="A field or an attachment is not valid"),
        },
    )
    def post(self, request):
        data = s.InquiryCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        user = request.user if request.user.is_authenticated else None
        inquiry = services.create_inquiry(
            name=v["name"],
            email=v.get("email", ""),
            phone=v.get("phone") or "",
            subject=v.get("subject", ""),
            message=v["message"],
            service=v.get("service_slug"),
            site_address=v.get("site_address", ""),
            source=InquirySource.API,
            attachments=v.get("attachments") or [],
            user=user if user is not None and user.is_client else None,
            actor=user if user is not None and user.is_staff_member else None,
        )
        body = {
            "inquiry_id": inquiry.pk,
            "reference": inquiry.reference,
            "token": inquiry_access_token(inquiry),
        }
        return Response(s.InquiryCreatedSerializer(body).data, status=status.HTTP_201_CREATED)


class InquiryDetailView(APIView):
    """One inquiry with its thread, for its owner, staff, or its token holder."""

    permission_classes = [AllowAny]

    @extend_schema(tags=TAG_INQUIRIES, parameters=[TOKEN_PARAM], responses=s.InquirySerializer)
    def get(self, request, pk):
        inquiry, who, token = load_inquiry(request, pk)
        if who == "staff":
            return Response(s.StaffInquirySerializer(inquiry).data)
        return Response(s.InquirySerializer(inquiry, context={"token": token}).data)


class InquiryReplyView(APIView):
    """The client writes back (owner with JWT, or with the token)."""

    permission_classes = [AllowAny]
    throttle_classes = WRITE_THROTTLES
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        tags=TAG_INQUIRIES,
        parameters=[TOKEN_PARAM],
        request={
            "multipart/form-data": s.ClientReplySerializer,
            "application/json": s.ClientReplySerializer,
        },
        responses={201: s.ResponseSerializer},
    )
    def post(self, request, pk):
        inquiry, who, _token_used = load_inquiry(request, pk, perm=None)
        data = s.ClientReplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        response = services.client_reply(
            inquiry=inquiry,
            body=data.validated_data["body"],
            user=request.user if who == "owner" else None,
            attachments=data.validated_data.get("attachments") or [],
        )
        return Response(s.ResponseSerializer(response).data, status=status.HTTP_201_CREATED)


class InquiryAttachmentView(APIView):
    """An attached photo or PDF (owner, staff allowed to view inquiries, token holder)."""

    permission_classes = [AllowAny]

    @extend_schema(
        tags=TAG_INQUIRIES,
        parameters=[TOKEN_PARAM],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    def get(self, request, pk, attachment_id):
        inquiry, _who, _token_used = load_inquiry(request, pk, perm="leads.view_inquiryattachment")
        attachment = next((a for a in inquiry.attachments.all() if a.pk == attachment_id), None)
        if attachment is None:
            raise NotFound()
        return attachment_response(attachment)


# --- quotations -------------------------------------------------------------------


class QuotationListCreateView(APIView):
    """GET: a signed-in client's own quotations. POST: staff create a draft."""

    permission_classes = [AllowAny]

    def _require_staff(self, request, perm: str) -> None:
        if not request.user.is_authenticated:
            raise NotAuthenticated()
        if not staff_may(request.user, perm):
            from rest_framework.exceptions import PermissionDenied

            raise PermissionDenied()

    @extend_schema(tags=TAG_QUOTATIONS, responses=s.QuotationSerializer(many=True))
    def get(self, request):
        if not request.user.is_authenticated:
            raise NotAuthenticated()
        quotations = selectors.with_lines(selectors.quotations_for_client(request.user))
        return Response(s.QuotationSerializer(quotations, many=True).data)

    @extend_schema(
        tags=TAG_QUOTATIONS,
        request=s.QuotationCreateSerializer,
        responses={201: s.StaffQuotationSerializer},
        description="Staff only. Line amounts and totals are computed by the server.",
    )
    def post(self, request):
        self._require_staff(request, "leads.add_quotation")
        data = s.QuotationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        quotation = services.create_quotation(
            client=v.pop("client"),
            lines=[dict(line) for line in v.pop("lines")],
            actor=request.user,
            **{k: val for k, val in v.items() if val is not None or k == "valid_until"},
        )
        quotation = selectors.quotation_detail(quotation.pk)
        return Response(s.StaffQuotationSerializer(quotation).data, status=201)


class QuotationDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(tags=TAG_QUOTATIONS, parameters=[TOKEN_PARAM], responses=s.QuotationSerializer)
    def get(self, request, pk):
        quotation, who, token = load_quotation(request, pk)
        if who == "staff":
            return Response(s.StaffQuotationSerializer(quotation).data)
        return Response(s.QuotationSerializer(quotation, context={"token": token}).data)


class _DecisionView(APIView):
    """Accept, reject or ask for changes: the owner (JWT) or the token holder."""

    permission_classes = [AllowAny]
    throttle_classes = WRITE_THROTTLES

    def _quotation(self, request, pk):
        # Staff do not decide for the client through this path.
        quotation, _who, _token_used = load_quotation(request, pk, perm=None)
        return quotation

    def _meta(self, request) -> dict[str, Any]:
        actor = request.user if request.user.is_authenticated else None
        return {"ip": client_ip(request), "user_agent": user_agent(request), "actor": actor}

    def _answer(self, request, quotation) -> Response:
        quotation = selectors.quotation_detail(quotation.pk)
        token = request_token(request)
        return Response(s.QuotationSerializer(quotation, context={"token": token}).data)


class QuotationAcceptView(_DecisionView):
    @extend_schema(
        tags=TAG_QUOTATIONS,
        parameters=[TOKEN_PARAM],
        request=s.AcceptSerializer,
        responses={
            200: s.QuotationSerializer,
            409: OpenApiResponse(description="Already decided, replaced or expired"),
        },
    )
    def post(self, request, pk):
        quotation = self._quotation(request, pk)
        data = s.AcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        quotation = services.accept_quotation(
            quotation=quotation,
            signer_name=data.validated_data["signer_name"],
            chosen_optional_line_ids=data.validated_data.get("optional_line_ids") or [],
            **self._meta(request),
        )
        return self._answer(request, quotation)


class QuotationRejectView(_DecisionView):
    @extend_schema(
        tags=TAG_QUOTATIONS,
        parameters=[TOKEN_PARAM],
        request=s.RejectSerializer,
        responses={200: s.QuotationSerializer, 409: OpenApiResponse(description="Decided")},
    )
    def post(self, request, pk):
        quotation = self._quotation(request, pk)
        data = s.RejectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        quotation = services.reject_quotation(
            quotation=quotation,
            reason_code=data.validated_data["reason_code"],
            reason_text=data.validated_data.get("reason_text", ""),
            **self._meta(request),
        )
        return self._answer(request, quotation)


class QuotationChangesView(_DecisionView):
    @extend_schema(
        tags=TAG_QUOTATIONS,
        parameters=[TOKEN_PARAM],
        request=s.ChangesSerializer,
        responses={200: s.QuotationSerializer, 409: OpenApiResponse(description="Decided")},
    )
    def post(self, request, pk):
        quotation = self._quotation(request, pk)
        data = s.ChangesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        quotation = services.request_changes(
            quotation=quotation, message=data.validated_data["message"], **self._meta(request)
        )
        return self._answer(request, quotation)


class QuotationPdfView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=TAG_QUOTATIONS,
        parameters=[TOKEN_PARAM],
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            503: OpenApiResponse(description="The PDF is still being rendered"),
        },
    )
    def get(self, request, pk):
        quotation, who, _token_used = load_quotation(request, pk)
        return quotation_pdf_response(quotation, preview_allowed=who == "staff")
