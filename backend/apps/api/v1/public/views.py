"""/api/v1/public/: read-only, anonymous."""

from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.api.v1.public.serializers import PublicCompanySerializer
from apps.core.selectors import company_settings


class CompanyView(APIView):
    """The company's contact details and opening hours."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(tags=["public"], responses=PublicCompanySerializer)
    def get(self, request):
        return Response(PublicCompanySerializer(company_settings()).data)
