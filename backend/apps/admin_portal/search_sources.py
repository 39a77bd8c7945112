"""The global search's sources known today: people, clients and bookings.
Other issues register theirs (quotations, invoices) the same way."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core import search


def _find_users(query: str, limit: int, user) -> list[search.SearchHit]:
    from apps.users.selectors import users_for_admin

    return [
        search.SearchHit(
            title=str(user),
            subtitle=f"{user.email} · {user.get_role_display()}",
            url=reverse("admin_portal:user-detail", args=[user.pk]),
        )
        for user in users_for_admin(search=query)[:limit]
    ]


def _find_clients(query: str, limit: int, user) -> list[search.SearchHit]:
    from apps.leads.selectors import search_clients

    return [
        search.SearchHit(
            title=str(client),
            subtitle=" · ".join(x for x in (client.email, str(client.phone or "")) if x),
            url=reverse("admin_portal:client-detail", args=[client.pk]),
        )
        for client in search_clients(query=query)[:limit]
    ]


def _find_bookings(query: str, limit: int, user) -> list[search.SearchHit]:
    from apps.core.templatetags.coollight import date_ke
    from apps.leads.selectors import bookings_for_admin

    return [
        search.SearchHit(
            title=f"{booking.reference} · {booking.contact_name}",
            subtitle=" · ".join(
                (
                    f"{date_ke(booking.preferred_date)} {booking.window}",
                    booking.service.name,
                    str(booking.get_status_display()),
                )
            ),
            url=reverse("admin_portal:booking-detail", args=[booking.reference]),
        )
        for booking in bookings_for_admin(viewer=user, search=query)[:limit]
    ]


def _find_quotations(query: str, limit: int, user) -> list[search.SearchHit]:
    from apps.core.templatetags.coollight import format_money
    from apps.leads.selectors import quotations_for_admin

    return [
        search.SearchHit(
            title=f"{q.display_number} · {q.client.name}",
            subtitle=" · ".join(
                x for x in (q.title, format_money(q.total, q.currency), q.get_status_display()) if x
            ),
            url=reverse("admin_portal:quotation-detail", args=[q.pk]),
        )
        for q in quotations_for_admin(search=query, current_only=True)[:limit]
    ]


def register_all() -> None:
    search.register(
        search.Source(
            key="users", label=_("People"), permission="users.view_user", find=_find_users
        )
    )
    search.register(
        search.Source(
            key="clients", label=_("Clients"), permission="leads.view_client", find=_find_clients
        )
    )
    search.register(
        search.Source(
            key="bookings",
            label=_("Bookings"),
            permission="leads.view_booking",
            find=_find_bookings,
        )
    )
    search.register(
        search.Source(
            key="quotations",
            label=_("Quotations"),
            permission="leads.view_quotation",
            find=_find_quotations,
        )
    )
