from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from phonenumber_field.serializerfields import PhoneNumberField
from rest_framework import serializers

from apps.catalog.models import Service
from apps.core.exceptions import DomainError
from apps.leads.models import ArrivalWindow, Booking, BookingStatus
from apps.leads.services.clients import require_contact
from apps.leads.services.windows import window_from_label
from apps.users.models import User


@extend_schema_field(
    {"type": "string", "example": "10:00", "description": "Start time, label or id of a window"}
)
class WindowField(serializers.Field):
    """An arrival window, given as its start time ("08:00"), its label
    ("08:00-10:00") or its id."""

    default_error_messages = {"invalid": _("Choose one of the arrival windows, e.g. 08:00.")}

    def to_internal_value(self, data):
        window = window_from_label(str(data))
        if window is None:
            self.fail("invalid")
        return window

    def to_representation(self, value: ArrivalWindow):
        return str(value)


class BookingCreateSerializer(serializers.Serializer):
    service_slug = serializers.SlugField()
    name = serializers.CharField(max_length=150)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = PhoneNumberField(required=False, allow_blank=True)
    preferred_date = serializers.DateField()
    preferred_time_slot = WindowField()
    address = serializers.CharField(max_length=500)
    location_notes = serializers.CharField(max_length=300, required=False, allow_blank=True)
    notes = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    photos = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        help_text=_("Optional photos of the problem (JPEG, PNG or WebP; send as multipart)."),
    )

    def validate_service_slug(self, value: str) -> Service:
        service = Service.objects.select_related("category").filter(slug=value).first()
        if service is None or not service.is_active:
            raise serializers.ValidationError(_("There is no such service."))
        if not service.can_be_booked:
            raise serializers.ValidationError(
                _("This service needs a survey first: request a quote instead.")
            )
        return service

    def validate(self, attrs):
        # The domain's one "e-mail or phone" rule, checked with the rest of the input.
        try:
            require_contact(email=attrs.get("email"), phone=attrs.get("phone"))
        except DomainError as exc:
            raise serializers.ValidationError({exc.field: [exc.message]}) from None
        return attrs


class BookingCreatedSerializer(serializers.Serializer):
    booking_id = serializers.UUIDField()
    reference = serializers.CharField()
    status = serializers.ChoiceField(choices=BookingStatus.choices)
    token = serializers.CharField(help_text=_("Opens the booking without an account."))


class TechnicianSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ("id", "full_name")


class BookingPhotoSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    url = serializers.SerializerMethodField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()

    def get_url(self, photo) -> str:
        from django.urls import reverse

        return reverse("public_site:booking-photo", args=[photo.pk])


class BookingPhotosUploadSerializer(serializers.Serializer):
    photos = serializers.ListField(child=serializers.FileField(), min_length=1)


class BookingSerializer(serializers.ModelSerializer):
    """What the customer (owner or token holder) sees: never the internal notes."""

    service = serializers.CharField(source="service.name")
    service_slug = serializers.CharField(source="service.slug")
    window = serializers.CharField(source="window.__str__")
    technicians = serializers.SerializerMethodField()
    can_change = serializers.SerializerMethodField()

    class Meta:
        model = Booking
        fields = (
            "id",
            "reference",
            "status",
            "service",
            "service_slug",
            "preferred_date",
            "window",
            "scheduled_start",
            "scheduled_end",
            "site_address",
            "location_notes",
            "description",
            "contact_name",
            "contact_email",
            "contact_phone",
            "technicians",
            "cancellation_reason",
            "created_at",
            "confirmed_at",
            "started_at",
            "completed_at",
            "cancelled_at",
            "can_change",
        )
        read_only_fields = fields

    def get_technicians(self, booking: Booking) -> list[str]:
        # Customers see who is coming once the visit is confirmed.
        if booking.status == BookingStatus.PENDING:
            return []
        return [t.full_name or t.get_short_name() for t in booking.technicians.all()]

    def get_can_change(self, booking: Booking) -> bool:
        from apps.leads.models import BookingSettings
        from apps.leads.services.bookings import customer_can_change

        # One read of the rules for a whole page of bookings (the context is shared).
        context = self.context if isinstance(self.context, dict) else {}
        if "booking_rules" not in context:
            context["booking_rules"] = BookingSettings.get_solo()
        return customer_can_change(booking, rules=context["booking_rules"])


class StaffBookingSerializer(BookingSerializer):
    client_id = serializers.UUIDField(source="client.id")
    technicians = TechnicianSerializer(many=True, read_only=True)  # type: ignore[assignment]

    class Meta(BookingSerializer.Meta):
        fields = (
            *BookingSerializer.Meta.fields,
            "client_id",
            "admin_notes",
            "source",
            "no_show_at",
        )
        read_only_fields = fields


def _check_change(attrs: dict, *, staff_fields: tuple[str, ...] = ()) -> dict:
    moving = "preferred_date" in attrs or "preferred_time_slot" in attrs
    if moving and not ("preferred_date" in attrs and "preferred_time_slot" in attrs):
        raise serializers.ValidationError(
            {"preferred_time_slot": [_("Give both the new date and the window.")]}
        )
    if moving and attrs.get("status"):
        raise serializers.ValidationError(
            {"status": [_("Move the visit or change its status, not both at once.")]}
        )
    if not moving and not attrs.get("status") and not (set(staff_fields) & set(attrs)):
        raise serializers.ValidationError({"non_field_errors": [_("Nothing to change.")]})
    return attrs


class CustomerBookingChangeSerializer(serializers.Serializer):
    """A customer moves or cancels their visit."""

    preferred_date = serializers.DateField(required=False)
    preferred_time_slot = WindowField(required=False)
    status = serializers.ChoiceField(
        choices=[(BookingStatus.CANCELLED.value, BookingStatus.CANCELLED.label)], required=False
    )
    cancellation_reason = serializers.CharField(max_length=300, required=False, allow_blank=True)

    def validate(self, attrs):
        return _check_change(attrs)


class StaffBookingChangeSerializer(serializers.Serializer):
    preferred_date = serializers.DateField(required=False)
    preferred_time_slot = WindowField(required=False)
    status = serializers.ChoiceField(choices=BookingStatus.choices, required=False)
    cancellation_reason = serializers.CharField(max_length=300, required=False, allow_blank=True)
    technicians = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=User.objects.filter(is_active=True)
    )
    admin_notes = serializers.CharField(required=False, allow_blank=True, max_length=8000)

    def validate(self, attrs):
        return _check_change(attrs, staff_fields=("technicians", "admin_notes"))


class AvailabilitySlotSerializer(serializers.Serializer):
    window_id = serializers.UUIDField()
    label = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    remaining = serializers.IntegerField()


class AvailabilityDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    closed_reason = serializers.CharField()
    slots = AvailabilitySlotSerializer(many=True)


class BookingDetailSerializer(BookingSerializer):
    """One booking with its photos (lists leave them out: one query per page)."""

    photos = BookingPhotoSerializer(many=True, read_only=True)

    class Meta(BookingSerializer.Meta):
        fields = (*BookingSerializer.Meta.fields, "photos")
        read_only_fields = fields


class StaffBookingDetailSerializer(StaffBookingSerializer):
    photos = BookingPhotoSerializer(many=True, read_only=True)

    class Meta(StaffBookingSerializer.Meta):
        fields = (*StaffBookingSerializer.Meta.fields, "photos")
        read_only_fields = fields
