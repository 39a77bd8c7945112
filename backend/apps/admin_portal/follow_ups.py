"""The admin portal's follow-ups: the list (mine or everyone's, to do or
done, overdue / later today / after today), completing one, and the
dashboard's "Follow-ups due" and "New inquiries" figures."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from apps.admin_portal import inquiry_forms as inf
from apps.admin_portal.access import StaffPortalMixin
from apps.admin_portal.navigation import admin_crumbs
from apps.leads import selectors as lead_selectors
from apps.leads import services as lead_services
from apps.leads.models import FollowUp
from apps.leads.selectors.inquiries import end_of_day

FOLLOW_UPS_PER_PAGE = 30
DASHBOARD_FOLLOW_UPS = 8


class FollowUpListView(StaffPortalMixin, TemplateView):
    permission_required = "leads.view_followup"
    template_name = "admin_portal/follow_ups/list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        form = inf.FollowUpFilterForm(self.request.GET or None, user=user)
        chosen = form.values()
        now = timezone.now()
        tonight = end_of_day(now)
        owner = None
        if chosen["owner"] == inf.OWNER_MINE:
            owner = user
        elif chosen["owner"] != inf.OWNER_ALL:
            owner = chosen["owner"]
        window = {
            inf.DUE_OVERDUE: {"due_before": now},
            inf.DUE_TODAY: {"due_after": now, "due_before": tonight},
            inf.DUE_UPCOMING: {"due_after": tonight},
        }.get(chosen["due"], {})
        follow_ups = lead_selectors.follow_ups_for(
            owner=owner,
            include_done=chosen["state"] == inf.STATE_ALL,
            only_done=chosen["state"] == inf.STATE_DONE,
            **window,
        )
        if chosen["state"] == inf.STATE_DONE:
            follow_ups = follow_ups.order_by("-done_at", "due_at")
        page = Paginator(follow_ups, FOLLOW_UPS_PER_PAGE).get_page(self.request.GET.get("page"))
        counts = lead_selectors.follow_up_counts(owner=owner, now=now)
        return super().get_context_data(
            nav_active="follow-ups",
            crumbs=admin_crumbs((_("Follow-ups"), None)),
            form=form,
            chosen=chosen,
            page=page,
            counts=counts,
            buckets=[
                (inf.DUE_OVERDUE, _("Overdue"), counts["overdue"]),
                (inf.DUE_TODAY, _("Later today"), counts["today"]),
                (inf.DUE_UPCOMING, _("After today"), counts["upcoming"]),
            ],
            now=now,
            can_complete=user.has_perm("leads.change_followup"),
            here=self.request.get_full_path(),
            **kwargs,
        )


class FollowUpCompleteView(StaffPortalMixin, View):
    """Mark a follow-up done (POST), then back to where the button was: the
    list with its filters, an inquiry, or the dashboard."""

    permission_required = ("leads.view_followup", "leads.change_followup")

    def get(self, request, follow_up_id):
        return redirect("admin_portal:follow-ups")

    def post(self, request, follow_up_id):
        follow_up = get_object_or_404(FollowUp, pk=follow_up_id)
        follow_up = lead_services.complete_follow_up(follow_up=follow_up, actor=request.user)
        messages.success(request, _("Done: %(note)s") % {"note": follow_up.note})
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = reverse("admin_portal:follow-ups")
        return redirect(back)


def dashboard_widgets(user) -> dict:
    """What the dashboard shows about inquiries and follow-ups, to those
    who handle them: three queries at most, whatever the numbers."""
    context: dict = {}
    if user.has_perm("leads.view_followup"):
        now = timezone.now()
        due = list(lead_selectors.due_follow_ups(owner=user, now=now)[: DASHBOARD_FOLLOW_UPS + 1])
        context["follow_ups_due"] = {
            "items": due[:DASHBOARD_FOLLOW_UPS],
            "more": len(due) > DASHBOARD_FOLLOW_UPS,
            "now": now,
        }
    if user.has_perm("leads.view_inquiry") and user.has_perm("leads.change_inquiry"):
        context["new_inquiries"] = {
            "counts": lead_selectors.inquiry_inbox_counts(user=user),
            "latest": lead_selectors.new_inquiries_for(user=user, limit=5),
        }
    return context
