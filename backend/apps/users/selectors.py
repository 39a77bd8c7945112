"""Reads about people."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from apps.users.models import User


def users_for_admin(
    *,
    search: str = "",
    role: str = "",
    group: str = "",
    is_active: bool | None = None,
) -> QuerySet[User]:
    qs = User.objects.prefetch_related("groups")
    if search:
        qs = qs.filter(
            Q(email__icontains=search) | Q(full_name__icontains=search) | Q(phone__icontains=search)
        )
    if role:
        qs = qs.filter(role=role)
    if group:
        qs = qs.filter(groups__name=group)
    if is_active is not None:
        qs = qs.filter(is_active=is_active)
    return qs.order_by("email").distinct()


def user_counts() -> dict[str, int]:
    """Active people per role, for the dashboard (one query)."""
    from django.db.models import Count

    rows = User.objects.filter(is_active=True).values("role").annotate(n=Count("id"))
    counts = {row["role"]: row["n"] for row in rows}
    return {
        "admin": counts.get("admin", 0),
        "staff": counts.get("staff", 0),
        "client": counts.get("client", 0),
    }


def user_for_admin(*, user_id) -> User | None:
    return User.objects.prefetch_related("groups").filter(pk=user_id).first()
