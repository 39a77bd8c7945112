"""One inquiry in the admin portal: the request, the thread with its reply
and internal-note forms, status, assignment, follow-ups, linked quotations
and the activity from the audit log; and the POSTs that change it. Each
action calls one apps.leads service; bad input comes back on the page with
the error next to the field and what was typed."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from apps.admin_portal import inquiry_forms as inf
from apps.admin_portal.access import StaffPortalMixin
from apps.admin_portal.forms import person_label
from apps.admin_portal.inquiries import inbox_crumb
from apps.admin_portal.navigation import admin_crumbs
from apps.core.exceptions import DomainError
from apps.leads import selectors as lead_selectors
from apps.leads import services as lead_services
from apps.leads.lead_messages import inquiry_reply_recipient
from apps.leads.models import Inquiry, InquirySource, InquiryStatus
from apps.leads.services.inquiries import allowed_transitions

# The status buttons on an inquiry, in the order a salesperson meets them.
STATUS_ACTIONS = {
    InquiryStatus.IN_PROGRESS: (gettext_lazy("Mark in progress"), "secondary"),
    InquiryStatus.QUOTED: (gettext_lazy("Mark quoted"), "secondary"),
    InquiryStatus.WON: (gettext_lazy("Mark won"), "primary"),
}

# --- one inquiry ---------------------------------------------------------------------

EVENT_TITLES = {
    "inquiry.created": gettext_lazy("Inquiry received"),
    "inquiry.assigned": gettext_lazy("Assigned"),
    "inquiry.status_changed": gettext_lazy("Status changed"),
    "inquiry.replied": gettext_lazy("Reply sent to the client"),
    "inquiry.note_added": gettext_lazy("Internal note added"),
    "inquiry.client_replied": gettext_lazy("The client replied"),
    "follow_up.added": gettext_lazy("Follow-up set"),
    "follow_up.completed": gettext_lazy("Follow-up done"),
    "quotation.created": gettext_lazy("Quotation drafted"),
    "quotation.updated": gettext_lazy("Quotation edited"),
    "quotation.sent": gettext_lazy("Quotation sent"),
    "quotation.revised": gettext_lazy("Quotation revised"),
    "quotation.superseded": gettext_lazy("Quotation replaced by a new version"),
    "quotation.accepted": gettext_lazy("Quotation accepted"),
    "quotation.rejected": gettext_lazy("Quotation rejected"),
    "quotation.changes_requested": gettext_lazy("The client asked for changes"),
    "quotation.expired": gettext_lazy("Quotation expired"),
    "quotation.pdf_failed": gettext_lazy("Quotation PDF failed"),
    "quotation.pdf_retried": gettext_lazy("Quotation PDF retried"),
}
STATUS_LABELS = dict(InquiryStatus.choices)
SOURCE_LABELS = dict(InquirySource.choices)


def _event_detail(entry) -> str:
    changes = entry.changes or {}
    action = entry.action
    if action == "inquiry.created":
        source = SOURCE_LABELS.get(changes.get("source"), "")
        parts = [_("Source: %(source)s") % {"source": source}] if source else []
        if changes.get("assignee"):
            parts.append(_("to %(person)s") % {"person": changes["assignee"]})
        return " · ".join(parts)
    if action == "inquiry.assigned":
        before, after = (changes.get("assignee") or [None, None])[:2]
        return f"{before or _('nobody')} → {after or _('nobody (shared inbox)')}"
    if action == "inquiry.status_changed":
        before, after = (changes.get("status") or ["", ""])[:2]
        text = f"{STATUS_LABELS.get(before, before)} → {STATUS_LABELS.get(after, after)}"
        reason = changes.get("reason") or changes.get("why")
        return f"{text} · {reason}" if reason else text
    if action.startswith("follow_up.") or action.startswith("quotation."):
        return entry.target_label
    return ""


def inquiry_timeline(entries) -> list[dict]:
    return [
        {
            "when": entry.created_at,
            "title": EVENT_TITLES.get(entry.action, entry.action),
            "detail": _event_detail(entry),
            "actor": entry.actor_label,
        }
        for entry in entries
    ]


def _inquiry_or_404(key: str) -> Inquiry:
    inquiry = lead_selectors.inquiry_for_admin(key)
    if inquiry is None:
        raise Http404
    return inquiry


def _detail_url(inquiry: Inquiry, anchor: str = "") -> str:
    url = reverse("admin_portal:inquiry-detail", args=[inquiry.reference])
    return f"{url}#{anchor}" if anchor else url


class InquiryDetailView(StaffPortalMixin, View):
    permission_required = "leads.view_inquiry"
    template_name = "admin_portal/inquiries/detail.html"

    def render_detail(self, request, inquiry: Inquiry, *, status: int = 200, **overrides):
        user = request.user
        perms = {
            "can_change": user.has_perm("leads.change_inquiry"),
            "can_respond": user.has_perm("leads.add_inquiryresponse"),
            "can_follow_up": user.has_perm("leads.add_followup"),
            "can_complete": user.has_perm("leads.change_followup"),
            "can_see_files": user.has_perm("leads.view_inquiryattachment"),
            "can_quote": user.has_perm("leads.add_quotation"),
        }
        files = list(inquiry.attachments.all())
        by_response: dict = {}
        for item in files:
            by_response.setdefault(item.response_id, []).append(item)
        thread = []
        for response in inquiry.responses.all():
            thread.append({"response": response, "files": by_response.get(response.pk, [])})
        follow_ups = list(inquiry.follow_ups.all())
        quotations = None
        if user.has_perm("leads.view_quotation"):
            quotations = [
                {"quotation": q, "url": reverse("admin_portal:quotation-detail", args=[q.pk])}
                for q in lead_selectors.quotations_for_admin(inquiry_id=inquiry.pk)
            ]
        activity = lead_selectors.inquiry_activity(
            inquiry_id=inquiry.pk,
            follow_up_ids=[f.pk for f in follow_ups],
            quotation_ids=[row["quotation"].pk for row in quotations or []],
        )
        transitions = allowed_transitions(inquiry)
        forms = {
            "reply_form": inf.ReplyForm(prefix="reply"),
            "note_form": inf.NoteForm(prefix="note"),
            "lost_form": inf.LostForm(prefix="lost", initial={"status": InquiryStatus.LOST}),
            "assign_form": inf.AssignForm(
                prefix="assign", current=inquiry.assignee, initial={"assignee": inquiry.assignee}
            ),
            "follow_up_form": inf.FollowUpForm(
                prefix="follow",
                user=user,
                initial={
                    "owner": inquiry.assignee if inquiry.assignee_id else user,
                    "due_date": inf.default_due().date(),
                    "due_time": inf.default_due().time(),
                },
            ),
        }
        forms.update(overrides)
        context = {
            "inquiry": inquiry,
            "first_files": by_response.get(None, []),
            "thread": thread,
            "follow_ups": follow_ups,
            "open_follow_ups": [f for f in follow_ups if f.done_at is None],
            "done_follow_ups": [f for f in follow_ups if f.done_at is not None],
            "quotations": quotations,
            "quote_url": f"{reverse('admin_portal:quotation-new')}?inquiry={inquiry.pk}",
            "client_url": reverse("admin_portal:client-detail", args=[inquiry.client_id]),
            "transitions": transitions,
            "status_actions": [
                (to, *STATUS_ACTIONS[to]) for to in transitions if to in STATUS_ACTIONS
            ],
            "can_lose": InquiryStatus.LOST in transitions,
            "can_take": inquiry.assignee_id != user.pk,
            "timeline": inquiry_timeline(activity),
            "now": timezone.now(),
            "reply_to": inquiry_reply_recipient(inquiry),
            "nav_active": "inquiries",
            "crumbs": admin_crumbs(inbox_crumb(), (inquiry.reference, None)),
            **perms,
            **forms,
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request, key):
        inquiry = _inquiry_or_404(key)
        if key != inquiry.reference:
            # One address per inquiry: an id or a lower-case reference leads to it.
            return redirect("admin_portal:inquiry-detail", inquiry.reference)
        return self.render_detail(request, inquiry)


class InquiryActionView(InquiryDetailView):
    """A POST that changes an inquiry, then back to its page (or, on bad
    input, the page again with the form's errors and what was typed)."""

    permission_required: tuple[str, ...] = ("leads.view_inquiry", "leads.change_inquiry")

    def get(self, request, key):
        return redirect("admin_portal:inquiry-detail", _inquiry_or_404(key).reference)

    def done(self, inquiry: Inquiry, message: str, anchor: str = ""):
        messages.success(self.request, message)
        return redirect(_detail_url(inquiry, anchor))


class InquiryReplyView(InquiryActionView):
    permission_required = ("leads.view_inquiry", "leads.add_inquiryresponse")

    def post(self, request, key):
        inquiry = _inquiry_or_404(key)
        form = inf.ReplyForm(request.POST, prefix="reply")
        if form.is_valid():
            try:
                lead_services.reply_to_inquiry(
                    inquiry=inquiry, body=form.cleaned_data["body"], actor=request.user
                )
            except DomainError as exc:
                inf.add_domain_error(form, exc)
            else:
                recipient = inquiry_reply_recipient(inquiry)
                if recipient:
                    text = _("Reply sent to %(email)s.") % {"email": recipient}
                else:
                    text = _(
                        "Reply saved. The client has no e-mail address or phone, so call them."
                    )
                return self.done(inquiry, text, "thread")
        return self.render_detail(request, inquiry, status=400, reply_form=form)


class InquiryNoteView(InquiryActionView):
    permission_required = ("leads.view_inquiry", "leads.add_inquiryresponse")

    def post(self, request, key):
        inquiry = _inquiry_or_404(key)
        form = inf.NoteForm(request.POST, prefix="note")
        if form.is_valid():
            try:
                lead_services.add_internal_note(
                    inquiry=inquiry, body=form.cleaned_data["body"], actor=request.user
                )
            except DomainError as exc:
                inf.add_domain_error(form, exc)
            else:
                return self.done(inquiry, _("Internal note added."), "thread")
        return self.render_detail(request, inquiry, status=400, note_form=form)


class InquiryStatusView(InquiryActionView):
    """Move the inquiry along. "Lost" asks for a reason: in a dialog with
    JavaScript, on its own page (GET) without."""

    template_lost = "admin_portal/inquiries/lost.html"

    def _render_lost(self, request, inquiry, form, status=200):
        return render(
            request,
            self.template_lost,
            {
                "inquiry": inquiry,
                "form": form,
                "allowed": InquiryStatus.LOST in allowed_transitions(inquiry),
                "nav_active": "inquiries",
                "crumbs": admin_crumbs(
                    inbox_crumb(),
                    (inquiry.reference, _detail_url(inquiry)),
                    (_("Mark lost"), None),
                ),
            },
            status=status,
        )

    def get(self, request, key):
        inquiry = _inquiry_or_404(key)
        return self._render_lost(
            request,
            inquiry,
            inf.LostForm(prefix="lost", initial={"status": InquiryStatus.LOST}),
        )

    def post(self, request, key):
        inquiry = _inquiry_or_404(key)
        prefix = "lost" if "lost-status" in request.POST else "status"
        form_class = inf.LostForm if prefix == "lost" else inf.StatusForm
        form = form_class(request.POST, prefix=prefix)
        if form.is_valid():
            to_status = form.cleaned_data["status"]
            try:
                inquiry = lead_services.change_inquiry_status(
                    inquiry=inquiry,
                    to_status=to_status,
                    reason=form.cleaned_data.get("reason") or "",
                    actor=request.user,
                )
            except DomainError as exc:
                inf.add_domain_error(form, exc, {"reason": "reason", "status": None})
            else:
                return self.done(
                    inquiry,
                    _("%(ref)s is now %(status)s.")
                    % {"ref": inquiry.reference, "status": inquiry.get_status_display().lower()},
                )
        if prefix == "lost":
            return self._render_lost(request, inquiry, form, status=400)
        for error in form.errors.values():
            messages.error(request, " ".join(error))
        return redirect(_detail_url(inquiry))


class InquiryAssignView(InquiryActionView):
    """Give the inquiry to someone, back to the shared inbox, or "Take it"."""

    def post(self, request, key):
        inquiry = _inquiry_or_404(key)
        form = inf.AssignForm(request.POST, prefix="assign", current=inquiry.assignee)
        if "take" in request.POST:
            person, valid = request.user, True
        else:
            valid = form.is_valid()
            person = form.cleaned_data.get("assignee") if valid else None
        if valid:
            try:
                inquiry = lead_services.assign_inquiry(
                    inquiry=inquiry, assignee=person, actor=request.user
                )
            except DomainError as exc:
                if "take" in request.POST:
                    messages.error(request, exc.message)
                    return redirect(_detail_url(inquiry))
                inf.add_domain_error(form, exc)
            else:
                if person is None:
                    text = _("%(ref)s is back in the shared inbox.") % {"ref": inquiry.reference}
                elif person == request.user:
                    text = _("%(ref)s is yours now.") % {"ref": inquiry.reference}
                else:
                    text = _("%(ref)s is assigned to %(person)s.") % {
                        "ref": inquiry.reference,
                        "person": person_label(person),
                    }
                return self.done(inquiry, text)
        return self.render_detail(request, inquiry, status=400, assign_form=form)


class InquiryFollowUpView(InquiryActionView):
    permission_required = ("leads.view_inquiry", "leads.add_followup")

    def post(self, request, key):
        inquiry = _inquiry_or_404(key)
        form = inf.FollowUpForm(request.POST, prefix="follow", user=request.user)
        if form.is_valid():
            v = form.cleaned_data
            try:
                lead_services.add_follow_up(
                    owner=v["owner"],
                    due_at=v["due_at"],
                    note=v["note"],
                    inquiry=inquiry,
                    actor=request.user,
                )
            except DomainError as exc:
                inf.add_domain_error(form, exc, {"due_at": "due_date"})
            else:
                return self.done(inquiry, _("Follow-up added."), "follow-ups")
        return self.render_detail(request, inquiry, status=400, follow_up_form=form)
