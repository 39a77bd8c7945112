"""Who may call what. Every view names its permission; the default denies."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission


class DenyAll(BasePermission):
    """The default: a view that forgot to say who may use it serves no one."""

    def has_permission(self, request: Any, view: Any) -> bool:
        return False


class IsStaffMember(BasePermission):
    """Administrators and staff (the admin portal's audience)."""

    message = "Only Global Cool-Light staff may do this."

    def has_permission(self, request: Any, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_active and user.is_staff_member)


class StaffWithPermission(IsStaffMember):
    """Staff who also hold every Django permission the view lists in
    ``required_permissions`` (a dict of HTTP method to permission names, or a
    tuple that applies to all methods)."""

    def has_permission(self, request: Any, view: Any) -> bool:
        if not super().has_permission(request, view):
            return False
        required = getattr(view, "required_permissions", ())
        if isinstance(required, dict):
            required = required.get(request.method, required.get("*", ()))
        return request.user.has_perms(required)
