"""The staff and client groups and what each may do.

This map is the one source of truth for the groups' permissions: a data
migration creates the groups and, after every ``migrate``, the groups'
permissions are set to exactly what is listed here. Each domain app adds its
own lines when it adds models.
"""

from __future__ import annotations

from typing import Any

ADMINISTRATOR = "Administrator"
SALES = "Sales"
TECHNICIAN = "Technician"
CONTENT_EDITOR = "Content editor"
CLIENT = "Client"

STAFF_GROUPS = (ADMINISTRATOR, SALES, TECHNICIAN, CONTENT_EDITOR)
ALL_GROUPS = (*STAFF_GROUPS, CLIENT)

# Administrators get every permission of these apps.
ADMINISTRATOR_APPS = (
    "core",
    "users",
    "auth",
    "services",
    "leads",
    "billing",
    "media",
    "portfolio",
    "cms",
    "notifications",
)


def _crud(app_label: str, *models: str) -> tuple[str, ...]:
    return tuple(
        f"{app_label}.{action}_{model}"
        for model in models
        for action in ("add", "change", "delete", "view")
    )


# Public content: the catalog, the portfolio, the media library and the CMS.
CONTENT_PERMISSIONS = (
    *_crud("services", "servicecategory", "service"),
    *_crud("portfolio", "project", "projectimage"),
    *_crud("media", "mediaasset"),
    *_crud("cms", "page", "blogpost", "banner", "testimonial", "faq"),
)

# Inquiries, the CRM and quotations: Sales run them end to end.
SALES_LEAD_PERMISSIONS = (
    *_crud("leads", "client", "clientsite", "inquiry", "inquiryresponse", "followup"),
    *_crud("leads", "quotation", "quotationline", "inquiryroutingrule"),
    "leads.view_inquiryattachment",
    "leads.add_inquiryattachment",
)

# Seeing every booking (not only one's own visits), exporting them, cancelling
# them, and confirming, moving and assigning technicians to them.
BOOKING_DISPATCH_PERMISSIONS = (
    "leads.view_all_bookings",
    "leads.export_booking",
    "leads.cancel_booking",
    "leads.assign_booking",
)

GROUP_PERMISSIONS: dict[str, tuple[str, ...]] = {
    SALES: (
        "users.view_user",
        *SALES_LEAD_PERMISSIONS,
        "billing.view_invoice",
        "leads.view_booking",
        "leads.add_booking",
        "leads.change_booking",
        # Sales dispatch: every booking, the CSV export, cancelling, and
        # confirming, moving and (re)assigning visits.
        *BOOKING_DISPATCH_PERMISSIONS,
        "leads.view_arrivalwindow",
        "leads.view_blackoutdate",
        "services.view_service",
        "services.view_servicecategory",
        # Messages to clients: see the log, send a templated message, resend.
        "notifications.view_notification",
        "notifications.send_notification",
        "notifications.resend_notification",
        "notifications.view_emailtemplate",
        "notifications.view_campaign",
        # Sales show past work and testimonials to prospects.
        "portfolio.view_project",
        "media.view_mediaasset",
        "cms.view_testimonial",
        # Messages sent with the website's contact form are sales leads.
        "cms.view_contactmessage",
    ),
    # Technicians see the visits assigned to them, with the client, site and
    # request details (and photos) a visit needs, all on the booking itself;
    # they start and complete them and keep notes. No client list, no
    # inquiries inbox, no CSV export, no cancelling or reassigning: none of
    # BOOKING_DISPATCH_PERMISSIONS.
    TECHNICIAN: (
        "leads.view_booking",
        "leads.change_booking",
        "services.view_service",
        "services.view_servicecategory",
        "portfolio.view_project",
    ),
    CONTENT_EDITOR: (
        *CONTENT_PERMISSIONS,
        # E-mail wording and bulk mail.
        "notifications.view_emailtemplate",
        "notifications.change_emailtemplate",
        "notifications.view_campaign",
        "notifications.add_campaign",
        "notifications.change_campaign",
        "notifications.send_campaign",
    ),
    CLIENT: (),
}


def permissions_for(group_name: str, permission_model: Any) -> list[Any]:
    if group_name == ADMINISTRATOR:
        return list(permission_model.objects.filter(content_type__app_label__in=ADMINISTRATOR_APPS))
    wanted = GROUP_PERMISSIONS.get(group_name, ())
    found = []
    for dotted in wanted:
        app_label, codename = dotted.split(".", 1)
        found.extend(
            permission_model.objects.filter(content_type__app_label=app_label, codename=codename)
        )
    return found


def sync_role_permissions(group_model: Any, permission_model: Any) -> None:
    for name in ALL_GROUPS:
        group, _ = group_model.objects.get_or_create(name=name)
        group.permissions.set(permissions_for(name, permission_model))


def sync_role_permissions_after_migrate(sender: Any, apps: Any = None, **kwargs: Any) -> None:
    from django.apps import apps as global_apps

    # Run once, after the last app's permissions have been created.
    # (post_migrate is only sent for apps that have a models module.)
    with_models = [c for c in global_apps.get_app_configs() if c.models_module is not None]
    if sender.label != with_models[-1].label:
        return
    from django.contrib.auth.models import Group, Permission

    sync_role_permissions(Group, Permission)
