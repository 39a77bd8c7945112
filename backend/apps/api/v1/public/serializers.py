from phonenumber_field.serializerfields import PhoneNumberField
from rest_framework import serializers

from apps.core.models import CompanySettings


class PublicCompanySerializer(serializers.ModelSerializer):
    phone_primary = PhoneNumberField(read_only=True)
    phone_secondary = PhoneNumberField(read_only=True)
    whatsapp_number = PhoneNumberField(read_only=True)
    business_hours = serializers.JSONField(read_only=True)

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
        )
        read_only_fields = fields
