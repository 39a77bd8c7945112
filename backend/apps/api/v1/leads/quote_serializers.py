"""Inquiries and quotations: what clients send and see, and what staff see."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from phonenumber_field.serializerfields import PhoneNumberField
from rest_framework import serializers

from apps.catalog.models import Service
from apps.core.exceptions import DomainError
from apps.leads.models import (
    Booking,
    Client,
    ClientSite,
    FollowUp,
    Inquiry,
    InquiryAttachment,
    InquiryResponse,
    InquirySource,
    InquiryStatus,
    Quotation,
    QuotationLine,
    RejectionReason,
)
from apps.leads.services.clients import require_contact
from apps.users.models import User

# --- inquiries ------------------------------------------------------------------


class InquiryCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = PhoneNumberField(required=False, allow_blank=True)
    subject = serializers.CharField(max_length=200, required=False, allow_blank=True)
    message = serializers.CharField(max_length=10_000)
    service_slug = serializers.SlugField(required=False, allow_blank=True)
    site_address = serializers.CharField(max_length=500, required=False, allow_blank=True)
    attachments = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True),
        required=False,
        help_text=_("Photos (JPEG, PNG, WebP) or PDFs, checked by content; several allowed."),
    )

    def validate_service_slug(self, value: str) -> Service | None:
        if not value:
            return None
        service = Service.objects.filter(slug=value, is_active=True).first()
        if service is None:
            raise serializers.ValidationError(_("There is no such service."))
        return service

    def validate(self, attrs):
        # The domain's one "e-mail or phone" rule, checked with the rest of the input.
        try:
            require_contact(email=attrs.get("email"), phone=attrs.get("phone"))
        except DomainError as exc:
            raise serializers.ValidationError({exc.field: [exc.message]}) from None
        return attrs


class InquiryCreatedSerializer(serializers.Serializer):
    inquiry_id = serializers.UUIDField()
    reference = serializers.CharField()
    token = serializers.CharField(help_text=_("Opens the inquiry without an account."))


class ClientReplySerializer(serializers.Serializer):
    body = serializers.CharField(max_length=10_000)
    attachments = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True), required=False
    )


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = InquiryAttachment
        fields = ("id", "original_name", "content_type", "kind", "size", "created_at", "url")
        read_only_fields = fields

    def get_url(self, attachment: InquiryAttachment) -> str:
        from django.urls import reverse

        url = reverse("v1:leads:inquiry-attachment", args=[attachment.inquiry_id, attachment.pk])
        token = self.context.get("token") if isinstance(self.context, dict) else None
        return f"{url}?token={token}" if token else url


class ResponseSerializer(serializers.ModelSerializer):
    class Meta:
        model = InquiryResponse
        fields = ("id", "kind", "author_name", "body", "created_at")
        read_only_fields = fields


class InquirySerializer(serializers.ModelSerializer):
    """What the client (owner or token holder) sees: never internal notes."""

    service = serializers.CharField(source="service.name", allow_null=True, default=None)
    responses = ResponseSerializer(many=True, read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Inquiry
        fields = (
            "id",
            "reference",
            "status",
            "subject",
            "message",
            "service",
            "site_address",
            "contact_name",
            "contact_email",
            "contact_phone",
            "created_at",
            "responses",
            "attachments",
        )
        read_only_fields = fields


class StaffRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ("id", "full_name", "email")
        read_only_fields = fields


class FollowUpSerializer(serializers.ModelSerializer):
    owner = StaffRefSerializer(read_only=True)
    inquiry_reference = serializers.CharField(
        source="inquiry.reference", allow_null=True, default=None
    )
    client_name = serializers.CharField(source="client.name", allow_null=True, default=None)

    class Meta:
        model = FollowUp
        fields = (
            "id",
            "note",
            "due_at",
            "done_at",
            "reminded_at",
            "owner",
            "inquiry",
            "inquiry_reference",
            "client",
            "client_name",
            "created_at",
        )
        read_only_fields = fields


class StaffInquiryListSerializer(serializers.ModelSerializer):
    service = serializers.CharField(source="service.name", allow_null=True, default=None)
    client_name = serializers.CharField(source="client.name")
    assignee = StaffRefSerializer(read_only=True, allow_null=True)
    attachment_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = Inquiry
        fields = (
            "id",
            "reference",
            "status",
            "source",
            "subject",
            "service",
            "client",
            "client_name",
            "contact_name",
            "contact_email",
            "contact_phone",
            "assignee",
            "attachment_count",
            "last_activity_at",
            "created_at",
        )
        read_only_fields = fields


class StaffInquirySerializer(StaffInquiryListSerializer):
    responses = ResponseSerializer(many=True, read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    follow_ups = FollowUpSerializer(many=True, read_only=True)
    allowed_statuses = serializers.SerializerMethodField()

    class Meta(StaffInquiryListSerializer.Meta):
        fields = (
            *StaffInquiryListSerializer.Meta.fields,
            "message",
            "site_address",
            "lost_reason",
            "assigned_at",
            "in_progress_at",
            "quoted_at",
            "won_at",
            "lost_at",
            "responses",
            "attachments",
            "follow_ups",
            "allowed_statuses",
        )
        read_only_fields = fields

    def get_allowed_statuses(self, inquiry: Inquiry) -> list[str]:
        from apps.leads.services.inquiries import allowed_transitions

        return allowed_transitions(inquiry)


class AssignSerializer(serializers.Serializer):
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), allow_null=True
    )


class InquiryStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=InquiryStatus.choices)
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True)


class MessageBodySerializer(serializers.Serializer):
    body = serializers.CharField(max_length=10_000)


class FollowUpCreateSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=300)
    due_at = serializers.DateTimeField()
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False
    )
    inquiry = serializers.PrimaryKeyRelatedField(queryset=Inquiry.objects.all(), required=False)
    client = serializers.PrimaryKeyRelatedField(queryset=Client.objects.all(), required=False)

    def validate(self, attrs):
        if not attrs.get("inquiry") and not attrs.get("client"):
            raise serializers.ValidationError(
                {"inquiry": [_("A follow-up is about an inquiry or a client.")]}
            )
        return attrs


# --- clients ---------------------------------------------------------------------


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class TagsField(serializers.Field):
    def to_representation(self, value: str) -> list[str]:
        return [t for t in (value or "").split(",") if t]

    def to_internal_value(self, data):
        if isinstance(data, str):
            return data
        if isinstance(data, list) and all(isinstance(x, str) for x in data):
            return data
        raise serializers.ValidationError(_("Give tags as a list or a comma-separated text."))


class ClientSiteSerializer(serializers.ModelSerializer):
    class Meta:
        model = ClientSite
        fields = ("id", "label", "address", "town", "location_notes", "created_at")
        read_only_fields = ("id", "created_at")


class ClientListSerializer(serializers.ModelSerializer):
    tags = TagsField(read_only=True)
    has_account = serializers.SerializerMethodField()
    booking_count = serializers.IntegerField(read_only=True, default=0)
    inquiry_count = serializers.IntegerField(read_only=True, default=0)
    quotation_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = Client
        fields = (
            "id",
            "name",
            "company",
            "email",
            "phone",
            "town",
            "tags",
            "has_account",
            "marketing_opt_in",
            "booking_count",
            "inquiry_count",
            "quotation_count",
            "created_at",
        )
        read_only_fields = fields

    def get_has_account(self, client: Client) -> bool:
        return client.user_id is not None


class ClientDetailSerializer(ClientListSerializer):
    sites = ClientSiteSerializer(many=True, read_only=True)

    class Meta(ClientListSerializer.Meta):
        fields = (*ClientListSerializer.Meta.fields, "address", "notes", "sites", "updated_at")
        read_only_fields = fields


class ClientUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150, required=False)
    company = serializers.CharField(max_length=150, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = PhoneNumberField(required=False, allow_blank=True)
    address = serializers.CharField(required=False, allow_blank=True)
    town = serializers.CharField(max_length=80, required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    tags = TagsField(required=False)


class MergeSerializer(serializers.Serializer):
    duplicate = serializers.PrimaryKeyRelatedField(
        queryset=Client.objects.all(), help_text=_("The record folded into this one and deleted.")
    )


# --- quotations ------------------------------------------------------------------


def _tax_rate_help() -> str:
    return "One of: " + ", ".join(str(r) for r in settings.QUOTATION_TAX_RATES)


class QuotationLineInputSerializer(serializers.Serializer):
    """A line as staff type it. Amounts and totals are computed by the server;
    any sent are ignored."""

    description = serializers.CharField(max_length=500, required=False, allow_blank=True)
    service = serializers.PrimaryKeyRelatedField(
        queryset=Service.objects.all(), required=False, allow_null=True
    )
    quantity = serializers.DecimalField(max_digits=12, decimal_places=2, default="1")
    unit = serializers.CharField(max_length=20, required=False, allow_blank=True)
    unit_price = serializers.DecimalField(max_digits=14, decimal_places=2)
    discount_percent = serializers.DecimalField(
        max_digits=5, decimal_places=2, required=False, default="0"
    )
    tax_rate = serializers.DecimalField(
        max_digits=5, decimal_places=2, required=False, help_text=_tax_rate_help()
    )
    is_optional = serializers.BooleanField(required=False, default=False)


class QuotationCreateSerializer(serializers.Serializer):
    client = serializers.PrimaryKeyRelatedField(queryset=Client.objects.all())
    inquiry = serializers.PrimaryKeyRelatedField(
        queryset=Inquiry.objects.all(), required=False, allow_null=True
    )
    booking = serializers.PrimaryKeyRelatedField(
        queryset=Booking.objects.all(), required=False, allow_null=True
    )
    site = serializers.PrimaryKeyRelatedField(
        queryset=ClientSite.objects.all(), required=False, allow_null=True
    )
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    valid_until = serializers.DateField(required=False, allow_null=True)
    terms = serializers.CharField(required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    internal_notes = serializers.CharField(required=False, allow_blank=True)
    lines = QuotationLineInputSerializer(many=True)


class QuotationUpdateSerializer(serializers.Serializer):
    site = serializers.PrimaryKeyRelatedField(
        queryset=ClientSite.objects.all(), required=False, allow_null=True
    )
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    valid_until = serializers.DateField(required=False)
    terms = serializers.CharField(required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    internal_notes = serializers.CharField(required=False, allow_blank=True)
    lines = QuotationLineInputSerializer(many=True, required=False)


class QuotationLineSerializer(serializers.ModelSerializer):
    service_slug = serializers.CharField(source="service.slug", allow_null=True, default=None)

    class Meta:
        model = QuotationLine
        fields = (
            "id",
            "position",
            "description",
            "service",
            "service_slug",
            "quantity",
            "unit",
            "unit_price",
            "discount_percent",
            "tax_rate",
            "is_optional",
            "is_selected",
            "gross_amount",
            "discount_amount",
            "net_amount",
            "tax_amount",
            "line_total",
        )
        read_only_fields = fields


class QuotationSerializer(serializers.ModelSerializer):
    """What the client sees."""

    lines = QuotationLineSerializer(many=True, read_only=True)
    client_name = serializers.CharField(source="client.name")
    replaced_by_version = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = Quotation
        fields = (
            "id",
            "number",
            "version",
            "display_number",
            "status",
            "title",
            "client_name",
            "currency",
            "valid_until",
            "terms",
            "notes",
            "lines",
            "subtotal",
            "discount_total",
            "tax_total",
            "total",
            "sent_at",
            "accepted_at",
            "rejected_at",
            "expired_at",
            "superseded_at",
            "replaced_by_version",
            "signer_name",
            "rejection_reason",
            "changes_requested_at",
            "pdf_url",
        )
        read_only_fields = fields

    def get_replaced_by_version(self, quotation: Quotation) -> int | None:
        newer = getattr(quotation, "superseded_by", None)
        return newer.version if newer is not None else None

    def get_pdf_url(self, quotation: Quotation) -> str:
        from django.urls import reverse

        url = reverse("v1:leads:quotation-pdf", args=[quotation.pk])
        token = self.context.get("token") if isinstance(self.context, dict) else None
        return f"{url}?token={token}" if token else url


class StaffQuotationListSerializer(serializers.ModelSerializer):
    client_name = serializers.CharField(source="client.name")
    owner = StaffRefSerializer(read_only=True, allow_null=True)
    inquiry_reference = serializers.CharField(
        source="inquiry.reference", allow_null=True, default=None
    )

    class Meta:
        model = Quotation
        fields = (
            "id",
            "number",
            "version",
            "display_number",
            "status",
            "title",
            "client",
            "client_name",
            "inquiry",
            "inquiry_reference",
            "owner",
            "currency",
            "total",
            "valid_until",
            "pdf_status",
            "sent_at",
            "created_at",
        )
        read_only_fields = fields


class StaffQuotationSerializer(QuotationSerializer):
    owner = StaffRefSerializer(read_only=True, allow_null=True)
    public_url = serializers.SerializerMethodField()

    class Meta(QuotationSerializer.Meta):
        fields = (
            *QuotationSerializer.Meta.fields,
            "client",
            "inquiry",
            "booking",
            "site",
            "owner",
            "internal_notes",
            "rejection_note",
            "change_request",
            "signer_ip",
            "signer_user_agent",
            "pdf_status",
            "pdf_error",
            "pdf_sha256",
            "supersedes",
            "public_url",
            "created_at",
        )
        read_only_fields = fields

    def get_public_url(self, quotation: Quotation) -> str:
        from apps.leads.links import quotation_public_url

        return quotation_public_url(quotation) if quotation.status != "draft" else ""


class AcceptSerializer(serializers.Serializer):
    signer_name = serializers.CharField(
        max_length=150, help_text=_("Your full name, typed as your signature.")
    )
    optional_line_ids = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list
    )
    consent = serializers.BooleanField(
        help_text=_("I accept this quotation and its terms (must be true).")
    )
    token = serializers.CharField(required=False, allow_blank=True)

    def validate_consent(self, value: bool) -> bool:
        if not value:
            raise serializers.ValidationError(_("Tick the box to accept the terms."))
        return value


class RejectSerializer(serializers.Serializer):
    reason_code = serializers.ChoiceField(choices=RejectionReason.choices)
    reason_text = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    token = serializers.CharField(required=False, allow_blank=True)


class ChangesSerializer(serializers.Serializer):
    message = serializers.CharField(max_length=5000)
    token = serializers.CharField(required=False, allow_blank=True)


INQUIRY_SOURCES = InquirySource.choices
