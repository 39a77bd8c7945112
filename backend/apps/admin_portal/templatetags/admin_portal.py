from django import template

from apps.admin_portal.navigation import visible_navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def admin_navigation(context):
    request = context["request"]
    return visible_navigation(request.user, context.get("nav_active", ""))
