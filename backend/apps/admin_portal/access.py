"""Who may open an admin-portal page: the one gate every view goes through."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from apps.users.services import has_two_factor


class StaffPortalMixin:
    """Staff only (role admin or staff), plus the page's Django permissions.

    Anonymous visitors go to the sign-in page; clients and staff lacking the
    permission get the 403 page (which points clients to their portal). With
    REQUIRE_2FA_FOR_ADMINS, an administrator without a confirmed authenticator
    is sent to enrol first, and one whose session is not verified to the
    code step."""

    permission_required: str | tuple[str, ...] = ()

    def get_permission_required(self) -> tuple[str, ...]:
        perms = self.permission_required
        return (perms,) if isinstance(perms, str) else tuple(perms)

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user.is_active or not user.is_staff_member:
            raise PermissionDenied(_("This page is for Global Cool-Light staff."))
        if settings.REQUIRE_2FA_FOR_ADMINS and user.is_admin:
            if not has_two_factor(user):
                messages.warning(
                    request,
                    _("Administrators must turn on two-step sign-in before using the portal."),
                )
                return redirect("accounts:two-factor-setup")
            if not user.is_verified():
                return redirect_to_login(request.get_full_path(), "/accounts/login/verify/")
        if not user.has_perms(self.get_permission_required()):
            raise PermissionDenied(_("You do not have permission to open this page."))
        return super().dispatch(request, *args, **kwargs)
