"""The admin portal's sidebar, grouped by work. An entry shows only to a
person holding its permission; a section another issue has not built yet
leads to a placeholder page guarded by the same permission."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: object
    icon: str
    url_name: str
    permission: str | None = None
    placeholder: bool = False


@dataclass(frozen=True)
class NavGroup:
    label: object
    entries: tuple[NavEntry, ...]


NAVIGATION: tuple[NavGroup, ...] = (
    NavGroup("", (NavEntry("dashboard", _("Dashboard"), "home", "admin_portal:dashboard"),)),
    NavGroup(
        _("Work"),
        (
            NavEntry(
                "bookings", _("Bookings"), "calendar", "admin_portal:bookings", "leads.view_booking"
            ),
            NavEntry(
                "schedule", _("Schedule"), "clock", "admin_portal:schedule", "leads.view_booking"
            ),
            NavEntry(
                "availability",
                _("Availability"),
                "cog",
                "admin_portal:availability",
                "leads.change_arrivalwindow",
            ),
        ),
    ),
    NavGroup(
        _("Sales"),
        (
            NavEntry(
                "inquiries",
                _("Inquiries"),
                "inbox",
                "admin_portal:inquiries",
                "leads.view_inquiry",
            ),
            NavEntry(
                "follow-ups",
                _("Follow-ups"),
                "calendar-check",
                "admin_portal:follow-ups",
                "leads.view_followup",
            ),
            NavEntry(
                "quotations",
                _("Quotations"),
                "document",
                "admin_portal:quotations",
                "leads.view_quotation",
            ),
            NavEntry(
                "invoices",
                _("Invoices"),
                "receipt",
                "admin_portal:invoices",
                "billing.view_invoice",
                placeholder=True,
            ),
            NavEntry(
                "clients",
                _("Clients"),
                "users",
                "admin_portal:clients",
                "leads.view_client",
            ),
        ),
    ),
    NavGroup(
        _("Website"),
        (
            NavEntry(
                "services",
                _("Services"),
                "wrench",
                "admin_portal:services",
                "services.view_service",
            ),
            NavEntry(
                "categories",
                _("Service categories"),
                "list",
                "admin_portal:categories",
                "services.view_servicecategory",
            ),
            NavEntry(
                "portfolio",
                _("Projects"),
                "building",
                "admin_portal:portfolio",
                "portfolio.view_project",
            ),
            NavEntry(
                "media", _("Media library"), "image", "admin_portal:media", "media.view_mediaasset"
            ),
        ),
    ),
    NavGroup(
        _("Content"),
        (
            NavEntry("pages", _("Pages"), "document", "admin_portal:pages", "cms.view_page"),
            NavEntry("posts", _("Blog posts"), "pencil", "admin_portal:posts", "cms.view_blogpost"),
            NavEntry("banners", _("Banners"), "image", "admin_portal:banners", "cms.view_banner"),
            NavEntry(
                "testimonials",
                _("Testimonials"),
                "chat",
                "admin_portal:testimonials",
                "cms.view_testimonial",
            ),
            NavEntry("faq", _("FAQ"), "info", "admin_portal:faq", "cms.view_faq"),
        ),
    ),
    NavGroup(
        _("Messages"),
        (
            NavEntry(
                "notifications",
                _("Notifications"),
                "bell",
                "notifications_admin:notification-list",
                "notifications.view_notification",
            ),
            NavEntry(
                "email-templates",
                _("E-mail templates"),
                "mail",
                "notifications_admin:template-list",
                "notifications.view_emailtemplate",
            ),
            NavEntry(
                "campaigns",
                _("Campaigns"),
                "megaphone",
                "notifications_admin:campaign-list",
                "notifications.view_campaign",
            ),
        ),
    ),
    NavGroup(
        _("Insight"),
        (
            NavEntry(
                "reports",
                _("Reports"),
                "chart",
                "admin_portal:reports",
                "analytics.view_report",
                placeholder=True,
            ),
        ),
    ),
    NavGroup(
        _("Administration"),
        (
            NavEntry("users", _("Users & roles"), "users", "admin_portal:users", "users.view_user"),
            NavEntry(
                "audit", _("Audit log"), "list", "admin_portal:audit-log", "core.view_auditlog"
            ),
            NavEntry(
                "settings",
                _("Settings"),
                "cog",
                "admin_portal:settings",
                "core.change_companysettings",
            ),
            NavEntry("styleguide", _("Style guide"), "swatch", "admin_portal:styleguide"),
        ),
    ),
)


def admin_crumbs(*items) -> list[tuple[object, str | None]]:
    """The breadcrumb trail of an admin page: "Admin", then ``items``
    (label, url) with the current page's url None."""
    return [(_("Admin"), reverse("admin_portal:dashboard")), *items]


PLACEHOLDERS = {
    entry.key: entry for group in NAVIGATION for entry in group.entries if entry.placeholder
}


def visible_navigation(user, active_key: str = "") -> list[dict]:
    groups = []
    for group in NAVIGATION:
        entries = []
        for entry in group.entries:
            if entry.permission and not user.has_perm(entry.permission):
                continue
            try:
                url = reverse(entry.url_name)
            except NoReverseMatch:
                continue
            entries.append(
                {
                    "key": entry.key,
                    "label": entry.label,
                    "icon": entry.icon,
                    "url": url,
                    "active": entry.key == active_key,
                }
            )
        if entries:
            groups.append({"label": group.label, "entries": entries})
    return groups
