"""/api/v1/leads/: bookings made by customers, with or without an account."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.api.access import Reached, reach
from apps.api.throttles import WRITE_THROTTLES
from apps.api.v1.leads import serializers as s
from apps.leads import selectors, services
from apps.leads.models import Booking, BookingSource, BookingStatus
from apps.leads.tokens import booking_access_token

TAG = ["leads: bookings"]

IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="Send the same key when retrying: the booking is made once.",
)
TOKEN_PARAM = OpenApiParameter(
    "token", str, description="The tracking token from the confirmation (no account needed)."
)


def _idempotency_key(request) -> str | None:
    key = (request.headers.get("Idempotency-Key") or "").strip()
    return key[:80] or None


class BookingCreateView(APIView):
    """Book a visit in a free arrival window."""

    permission_classes = [AllowAny]
    throttle_classes = WRITE_THROTTLES

    @extend_schema(
        tags=TAG,
        parameters=[IDEMPOTENCY_HEADER],
        request=s.BookingCreateSerializer,
        responses={
            201: s.BookingCreatedSerializer,
            400: OpenApiResponse(description="A field is missing or not valid"),
            409: OpenApiResponse(
                description="The window was just taken; `alternatives` lists the next free ones"
            ),
        },
        examples=[
            OpenApiExample(
                "Split AC installation",
                request_only=True,
                value={
                    "service_slug": "split-ac-installation",
                    "name": "Peter Kamau",
                    "email": "peter@example.co.ke",
                    "phone": "+254712345678",
                    "preferred_date": "2026-12-03",
                    "preferred_time_slot": "10:00",
                    "address": "Kilimani, Argwings Kodhek Rd, Nairobi",
                    "notes": "Bedroom unit, 2nd floor",
                },
            )
        ],
    )
    def post(self, request):
        data = s.BookingCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        user = request.user if request.user.is_authenticated else None
        booking = services.create_booking(
            service=v["service_slug"],
            name=v["name"],
            email=v.get("email", ""),
            phone=v.get("phone") or "",
            address=v["address"],
            preferred_date=v["preferred_date"],
            window=v["preferred_time_slot"],
            description=v.get("notes", ""),
            location_notes=v.get("location_notes", ""),
            source=BookingSource.API,
            user=user if user is not None and user.is_client else None,
            actor=user,
            idempotency_key=_idempotency_key(request),
            photos=v.get("photos", []),
        )
        body = {
            "booking_id": booking.pk,
            "reference": booking.reference,
            "status": booking.status,
            "token": booking_access_token(booking),
        }
        return Response(s.BookingCreatedSerializer(body).data, status=status.HTTP_201_CREATED)


def _own_booking(user, pk) -> Booking | None:
    return selectors.bookings_for_client(user).filter(pk=pk).first()


def load_booking(request, pk, *, perm: str) -> Reached[Booking]:
    """The booking and who is asking: "staff", "owner" or "token" (``?token=``
    only). Staff reach the bookings they may see (a technician: their own
    visits); for another one they may still come in by its token."""
    return reach(
        request,
        pk,
        perm=perm,
        staff=lambda user, pk: selectors.bookings_for_admin(viewer=user).filter(pk=pk).first(),
        by_token=selectors.booking_for_token,
        owner=_own_booking,
        staff_see_some=True,
        token_in_body=False,
    )


def _check_dispatch_rights(user, changes: dict) -> None:
    """The domain's rule on what staff may change (a technician: not confirm,
    move, reassign or cancel), as the API's 403."""
    refusal = selectors.staff_change_refusal(
        user,
        to_status=changes.get("status"),
        moves="preferred_date" in changes,
        assigns="technicians" in changes,
    )
    if refusal:
        raise PermissionDenied(refusal)


class BookingDetailView(APIView):
    """One booking, for its owner (signed in), staff, or whoever holds its token."""

    permission_classes = [AllowAny]
    throttle_classes = WRITE_THROTTLES

    @extend_schema(tags=TAG, parameters=[TOKEN_PARAM], responses={200: s.BookingDetailSerializer})
    def get(self, request, pk):
        booking, who, _token_used = load_booking(request, pk, perm="leads.view_booking")
        serializer = s.StaffBookingDetailSerializer if who == "staff" else s.BookingDetailSerializer
        return Response(serializer(booking).data)

    @extend_schema(
        tags=TAG,
        parameters=[TOKEN_PARAM],
        request=s.StaffBookingChangeSerializer,
        responses={
            200: s.BookingDetailSerializer,
            409: OpenApiResponse(description="Window taken"),
        },
        description=(
            "Owners and token holders may move the visit to another free window or cancel it "
            "(with a reason) until the cut-off before the visit. Staff may also change the "
            "status, the technicians and the internal notes. A technician reaches only the "
            "visits assigned to them (another visit is 404) and may start, complete or mark "
            "them no-show and keep notes; confirming, moving, choosing technicians and "
            "cancelling are the office's (403)."
        ),
    )
    def patch(self, request, pk):
        booking, who, _token_used = load_booking(request, pk, perm="leads.change_booking")
        staff = who == "staff"
        serializer_class = (
            s.StaffBookingChangeSerializer if staff else s.CustomerBookingChangeSerializer
        )
        data = serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        if staff:
            _check_dispatch_rights(request.user, v)
        actor = request.user if request.user.is_authenticated else None
        with transaction.atomic():
            if "technicians" in v:
                booking = services.assign_technicians(
                    booking=booking, technicians=v["technicians"], actor=actor
                )
            if "admin_notes" in v:
                booking = services.update_booking_notes(
                    booking=booking, admin_notes=v["admin_notes"], actor=actor
                )
            if "preferred_date" in v:
                booking = services.reschedule_booking(
                    booking=booking,
                    preferred_date=v["preferred_date"],
                    window=v["preferred_time_slot"],
                    actor=actor,
                    by_customer=not staff,
                )
            if v.get("status"):
                if v["status"] == BookingStatus.CANCELLED:
                    reason = v.get("cancellation_reason", "").strip()
                    if not staff and not reason:
                        reason = _("Cancelled by the customer.")
                    booking = services.cancel_booking(
                        booking=booking, reason=reason, actor=actor, by_customer=not staff
                    )
                else:
                    booking = services.change_booking_status(
                        booking=booking, to_status=v["status"], actor=actor
                    )
        booking = selectors.reload_booking(booking)
        serializer = s.StaffBookingDetailSerializer if staff else s.BookingDetailSerializer
        return Response(serializer(booking).data)


class BookingPhotosView(APIView):
    """Add photos of the problem to a booking (owner, token holder or staff)."""

    permission_classes = [AllowAny]
    throttle_classes = WRITE_THROTTLES
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        tags=TAG,
        parameters=[TOKEN_PARAM],
        request={"multipart/form-data": s.BookingPhotosUploadSerializer},
        responses={201: s.BookingDetailSerializer},
    )
    def post(self, request, pk):
        booking, who, _token_used = load_booking(request, pk, perm="leads.change_booking")
        data = s.BookingPhotosUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        actor = request.user if request.user.is_authenticated else None
        services.add_booking_photos(
            booking=booking, uploads=data.validated_data["photos"], actor=actor
        )
        booking = selectors.reload_booking(booking)
        serializer = s.StaffBookingDetailSerializer if who == "staff" else s.BookingDetailSerializer
        return Response(serializer(booking).data, status=status.HTTP_201_CREATED)
