from __future__ import annotations

from phonenumber_field.serializerfields import PhoneNumberField
from rest_framework import serializers

from apps.core.business_hours import validate_business_hours
from apps.core.models import AuditLog, CompanySettings
from apps.users.models import Role, User
from apps.users.roles import ALL_GROUPS


class AdminUserSerializer(serializers.ModelSerializer):
    groups = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)

    class Meta:
        model = User
        fields = (
            "id",
            "email",
            "full_name",
            "phone",
            "role",
            "groups",
            "is_active",
            "email_verified_at",
            "last_login",
            "date_joined",
        )
        read_only_fields = fields


class AdminUserAccessSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices, required=False)
    groups = serializers.ListField(
        child=serializers.ChoiceField(choices=[(g, g) for g in ALL_GROUPS]), required=False
    )
    is_active = serializers.BooleanField(required=False)


class AuditLogSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditLog
        fields = (
            "id",
            "created_at",
            "actor",
            "actor_label",
            "action",
            "target_type",
            "target_id",
            "target_label",
            "changes",
            "ip",
            "user_agent",
            "request_id",
        )
        read_only_fields = fields


class CompanySettingsSerializer(serializers.ModelSerializer):
    phone_primary = PhoneNumberField(required=False, allow_blank=True)
    phone_secondary = PhoneNumberField(required=False, allow_blank=True)
    whatsapp_number = PhoneNumberField(required=False, allow_blank=True)
    business_hours = serializers.JSONField(required=False, validators=[validate_business_hours])

    class Meta:
        model = CompanySettings
        fields = (
            "name",
            "tagline",
            "address",
            "phone_primary",
            "phone_secondary",
            "email",
            "whatsapp_number",
            "business_hours",
            "currency",
            "vat_rate",
            "kra_pin",
            "quote_validity_days",
            "invoice_due_days",
            "quote_terms",
            "invoice_terms",
            "logo",
            "updated_at",
        )
        read_only_fields = ("logo", "updated_at")
