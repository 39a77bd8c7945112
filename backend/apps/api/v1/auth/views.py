"""/api/v1/auth/: register, log in and out, tokens, profile, passwords."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.views import TokenRefreshView

from apps.api.throttles import AuthEndpointThrottle
from apps.api.v1.auth import serializers as s
from apps.users import services
from apps.users.authentication import check_credentials
from apps.users.lockout import lockout_message

TAG = ["auth"]


def _token_pair(user) -> dict[str, str]:
    refresh = RefreshToken.for_user(user)
    return {"access": str(refresh.access_token), "refresh": str(refresh)}


class TokenEndpoint(APIView):
    """An endpoint that takes credentials in its body, not a bearer token.

    It still answers a failed sign-in with 401 (and the Bearer challenge), not
    the 403 DRF gives when a view has no authenticators."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    def get_authenticate_header(self, request):
        return 'Bearer realm="api"'


class RegisterView(APIView):
    """Create a client account. Staff accounts are invited from the admin portal."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [AuthEndpointThrottle]

    @extend_schema(
        tags=TAG, request=s.RegisterSerializer, responses={201: s.LoginResponseSerializer}
    )
    def post(self, request):
        data = s.RegisterSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.register_client(**data.validated_data)
        body = {"user": s.UserProfileSerializer(user).data, **_token_pair(user)}
        return Response(body, status=status.HTTP_201_CREATED)


class LoginView(TokenEndpoint):
    throttle_classes = [AuthEndpointThrottle]

    @extend_schema(
        tags=TAG,
        request=s.LoginSerializer,
        responses={
            200: s.LoginResponseSerializer,
            401: OpenApiResponse(description="Wrong e-mail or password"),
            429: OpenApiResponse(description="Locked out after too many failures"),
        },
    )
    def post(self, request):
        data = s.LoginSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = check_credentials(request._request, **data.validated_data)
        if result.locked_out:
            return Response(
                {"detail": lockout_message(), "code": "locked_out", "errors": {}},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        if not result.ok:
            raise AuthenticationFailed(_("The e-mail or password is not correct."))
        from django.contrib.auth.models import update_last_login

        update_last_login(None, result.user)
        body = {"user": s.UserProfileSerializer(result.user).data, **_token_pair(result.user)}
        return Response(body)


@extend_schema(tags=TAG)
class RefreshView(TokenEndpoint, TokenRefreshView):
    """Trade a refresh token for a new pair; the old refresh token is blacklisted."""

    throttle_classes = [AuthEndpointThrottle]


class LogoutView(TokenEndpoint):
    """Blacklist the refresh token so it cannot be used again."""

    @extend_schema(tags=TAG, request=s.RefreshTokenSerializer, responses={204: None})
    def post(self, request):
        data = s.RefreshTokenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            RefreshToken(data.validated_data["refresh"]).blacklist()
        except TokenError:
            raise AuthenticationFailed(
                _("This token is invalid or already signed out."), code="token_not_valid"
            ) from None
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProfileView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=TAG, responses=s.UserProfileSerializer)
    def get(self, request):
        return Response(s.UserProfileSerializer(request.user).data)

    @extend_schema(tags=TAG, request=s.ProfileUpdateSerializer, responses=s.UserProfileSerializer)
    def patch(self, request):
        data = s.ProfileUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        user = services.update_profile(user=request.user, **data.validated_data)
        return Response(s.UserProfileSerializer(user).data)


class PasswordChangeView(APIView):
    """Change your password. Every refresh token you hold stops working; a new
    pair is returned."""

    permission_classes = [IsAuthenticated]
    throttle_classes = [AuthEndpointThrottle]

    @extend_schema(tags=TAG, request=s.PasswordChangeSerializer, responses=s.TokenPairSerializer)
    def post(self, request):
        data = s.PasswordChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            user = services.change_password(user=request.user, **data.validated_data)
        except ValidationError as exc:
            # The validators speak of "password"; the API field is new_password.
            if "password" in getattr(exc, "error_dict", {}):
                exc.error_dict["new_password"] = exc.error_dict.pop("password")
            raise
        return Response(_token_pair(user))


class PasswordResetRequestView(APIView):
    """E-mail a reset link. Answers the same whether or not the address has an account."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [AuthEndpointThrottle]

    @extend_schema(
        tags=TAG, request=s.PasswordResetRequestSerializer, responses={202: s.DetailSerializer}
    )
    def post(self, request):
        data = s.PasswordResetRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.request_password_reset(email=data.validated_data["email"])
        return Response(
            {"detail": _("If an account uses this address, a reset link is on its way.")},
            status=status.HTTP_202_ACCEPTED,
        )


class PasswordResetConfirmView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [AuthEndpointThrottle]

    @extend_schema(
        tags=TAG, request=s.PasswordResetConfirmSerializer, responses={200: s.DetailSerializer}
    )
    def post(self, request):
        data = s.PasswordResetConfirmSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.confirm_password_reset(
                uidb64=data.validated_data["uid"],
                token=data.validated_data["token"],
                new_password=data.validated_data["new_password"],
            )
        except ValidationError as exc:
            if "password" in getattr(exc, "error_dict", {}):
                exc.error_dict["new_password"] = exc.error_dict.pop("password")
            raise
        return Response({"detail": _("Your password has been changed. You can sign in now.")})
