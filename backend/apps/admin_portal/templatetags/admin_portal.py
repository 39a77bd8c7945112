from django import template

from apps.admin_portal.navigation import visible_navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def admin_navigation(context):
    request = context["request"]
    return visible_navigation(request.user, context.get("nav_active", ""))


@register.simple_tag
def public_preview_url(url_name: str, slug: str) -> str:
    """The public page of a record with ``?preview=1`` (staff see it even
    unpublished), or "" when the public site has no such page."""
    from django.urls import NoReverseMatch, reverse

    try:
        return f"{reverse(url_name, args=[slug])}?preview=1"
    except NoReverseMatch:
        return ""
