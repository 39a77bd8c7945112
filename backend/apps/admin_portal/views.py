"""The admin portal's pages. Every view goes through StaffPortalMixin and
calls one selector or service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from apps.admin_portal import follow_ups, forms
from apps.admin_portal.access import StaffPortalMixin
from apps.admin_portal.navigation import PLACEHOLDERS, admin_crumbs
from apps.core import selectors as core_selectors
from apps.core import services as core_services
from apps.core.forms import apply_service_errors
from apps.leads import selectors as lead_selectors
from apps.users import selectors as user_selectors
from apps.users import services as user_services

USERS_PER_PAGE = 25
AUDIT_PER_PAGE = 50


class DashboardView(StaffPortalMixin, TemplateView):
    template_name = "admin_portal/dashboard.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        context = super().get_context_data(nav_active="dashboard", **kwargs)
        context["counts"] = user_selectors.user_counts()
        context["client_total"] = (
            lead_selectors.client_count() if user.has_perm("leads.view_client") else None
        )
        if user.has_perm("leads.view_booking"):
            context["bookings"] = lead_selectors.booking_dashboard(
                timezone.localdate(), viewer=user
            )
        context.update(follow_ups.dashboard_widgets(user))
        context["recent_activity"] = (
            list(core_selectors.audit_entries()[:6])
            if user.has_perm("core.view_auditlog")
            else None
        )
        return context


class PlaceholderView(StaffPortalMixin, TemplateView):
    """A section another issue builds; guarded by the sidebar entry's permission."""

    template_name = "admin_portal/placeholder.html"
    section = ""

    def get_permission_required(self):
        entry = PLACEHOLDERS[self.section]
        return (entry.permission,) if entry.permission else ()

    def get_context_data(self, **kwargs):
        entry = PLACEHOLDERS[self.section]
        return super().get_context_data(
            nav_active=entry.key, entry=entry, crumbs=admin_crumbs((entry.label, None)), **kwargs
        )


class SearchView(StaffPortalMixin, TemplateView):
    """Top-bar search: the whole page without JavaScript, the results list
    alone for htmx."""

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["admin_portal/_search_results.html"]
        return ["admin_portal/search.html"]

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()[:100]
        return super().get_context_data(
            query=query,
            groups=core_selectors.global_search(user=self.request.user, query=query),
            min_length=core_selectors.MIN_SEARCH_LENGTH,
            crumbs=admin_crumbs((_("Search"), None)),
            **kwargs,
        )


class StyleguideView(StaffPortalMixin, TemplateView):
    template_name = "admin_portal/styleguide.html"

    def get_context_data(self, **kwargs):
        from decimal import Decimal

        from django.utils import timezone

        from apps.accounts.forms import RegisterForm

        demo_form = forms.InviteStaffForm(
            data={"email": "not-an-email", "full_name": "Wanjiru", "role": "staff"}
        )
        demo_form.is_valid()
        users = user_selectors.users_for_admin()[:3]
        from apps.admin_portal.content.forms import ServiceForm
        from apps.media.selectors import assets_for_admin

        return super().get_context_data(
            picker_form=ServiceForm(),
            picker_library=list(assets_for_admin()[:6]),
            nav_active="styleguide",
            crumbs=admin_crumbs((_("Style guide"), None)),
            demo_form=demo_form,
            blank_form=RegisterForm(),
            audit_form=forms.AuditFilterForm(actions=["user.invited", "user.registered"]),
            settings_form=forms.CompanySettingsForm(),
            sample_amount=Decimal("45000"),
            sample_now=timezone.now(),
            sample_users=users,
            statuses=[
                "pending",
                "confirmed",
                "in_progress",
                "completed",
                "cancelled",
                "no_show",
                "draft",
                "sent",
                "accepted",
                "rejected",
                "expired",
                "issued",
                "partially_paid",
                "paid",
                "overdue",
                "void",
            ],
            **kwargs,
        )


# --- Users & roles ------------------------------------------------------------


class UserListView(StaffPortalMixin, TemplateView):
    permission_required = "users.view_user"
    template_name = "admin_portal/users/list.html"

    def get_context_data(self, **kwargs):
        form = forms.UserFilterForm(self.request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        status = filters.get("status")
        users = user_selectors.users_for_admin(
            search=filters.get("q", ""),
            role=filters.get("role", ""),
            group=filters.get("group", ""),
            is_active={"active": True, "inactive": False}.get(status or ""),
        )
        sort = filters.get("sort") or "email"
        users = users.order_by(sort, "email")
        page = Paginator(users, USERS_PER_PAGE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            nav_active="users",
            crumbs=admin_crumbs((_("Users & roles"), None)),
            form=form,
            page=page,
            sort=sort,
            filtered=any(filters.get(k) for k in ("q", "role", "group", "status")),
            **kwargs,
        )


class InviteStaffView(StaffPortalMixin, View):
    permission_required = ("users.view_user", "users.add_user")
    template_name = "admin_portal/users/invite.html"

    def _render(self, request, form, status=200):
        context = {
            "form": form,
            "nav_active": "users",
            "crumbs": admin_crumbs(
                (_("Users & roles"), reverse("admin_portal:users")), (_("Invite staff"), None)
            ),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        return self._render(request, forms.InviteStaffForm())

    def post(self, request):
        form = forms.InviteStaffForm(request.POST)
        if form.is_valid():
            try:
                user = user_services.invite_staff(
                    actor=request.user,
                    email=form.cleaned_data["email"],
                    full_name=form.cleaned_data["full_name"],
                    role=form.cleaned_data["role"],
                    group_names=form.cleaned_data["groups"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(
                    request, _("Invitation sent to %(email)s.") % {"email": user.email}
                )
                return redirect("admin_portal:user-detail", user.pk)
        return self._render(request, form, status=400)


class UserDetailMixin(StaffPortalMixin):
    def get_subject(self, user_id):
        subject = user_selectors.user_for_admin(user_id=user_id)
        if subject is None:
            raise Http404
        return subject


class UserDetailView(UserDetailMixin, View):
    permission_required = "users.view_user"
    template_name = "admin_portal/users/detail.html"

    def _render(self, request, subject, form, status=200):
        can_change = request.user.has_perm("users.change_user")
        history = (
            list(
                core_selectors.audit_entries(target_type="users.user", target_id=str(subject.pk))[
                    :10
                ]
            )
            if request.user.has_perm("core.view_auditlog")
            else None
        )
        context = {
            "subject": subject,
            "form": form,
            "can_change": can_change,
            "is_self": subject.pk == request.user.pk,
            "history": history,
            "two_factor": user_services.has_two_factor(subject),
            "nav_active": "users",
            "crumbs": admin_crumbs(
                (_("Users & roles"), reverse("admin_portal:users")), (str(subject), None)
            ),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request, user_id):
        subject = self.get_subject(user_id)
        form = forms.UserAccessForm(
            initial={"role": subject.role, "groups": [g.name for g in subject.groups.all()]}
        )
        return self._render(request, subject, form)

    def post(self, request, user_id):
        if not request.user.has_perm("users.change_user"):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        subject = self.get_subject(user_id)
        form = forms.UserAccessForm(request.POST)
        if form.is_valid():
            try:
                user_services.change_user_access(
                    user=subject,
                    actor=request.user,
                    role=form.cleaned_data["role"],
                    group_names=form.cleaned_data["groups"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Access updated for %(name)s.") % {"name": subject})
                return redirect("admin_portal:user-detail", subject.pk)
        return self._render(request, subject, form, status=400)


class UserActiveView(UserDetailMixin, View):
    """Deactivate (GET: the confirmation page for people without JavaScript;
    POST: do it) or reactivate a person."""

    permission_required = ("users.view_user", "users.change_user")
    activate = False

    def get(self, request, user_id):
        subject = self.get_subject(user_id)
        return render(
            request,
            "admin_portal/users/confirm_active.html",
            {
                "subject": subject,
                "activate": self.activate,
                "nav_active": "users",
                "crumbs": admin_crumbs(
                    (_("Users & roles"), reverse("admin_portal:users")),
                    (str(subject), reverse("admin_portal:user-detail", args=[subject.pk])),
                    (_("Reactivate") if self.activate else _("Deactivate"), None),
                ),
            },
        )

    def post(self, request, user_id):
        subject = self.get_subject(user_id)
        try:
            user_services.change_user_access(
                user=subject, actor=request.user, is_active=self.activate
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if self.activate:
                messages.success(request, _("%(name)s can sign in again.") % {"name": subject})
            else:
                messages.success(request, _("%(name)s is deactivated.") % {"name": subject})
        return redirect("admin_portal:user-detail", subject.pk)


# --- Audit log ------------------------------------------------------------------


class AuditLogView(StaffPortalMixin, TemplateView):
    permission_required = "core.view_auditlog"
    template_name = "admin_portal/audit_log.html"

    def get_context_data(self, **kwargs):
        form = forms.AuditFilterForm(
            self.request.GET or None, actions=core_selectors.audit_actions()
        )
        filters = form.cleaned_data if form.is_valid() else {}
        entries = core_selectors.audit_entries(
            actor_query=filters.get("actor"),
            action=filters.get("action"),
            date_from=filters.get("date_from"),
            date_to=filters.get("date_to"),
        )
        page = Paginator(entries, AUDIT_PER_PAGE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            nav_active="audit",
            crumbs=admin_crumbs((_("Audit log"), None)),
            form=form,
            page=page,
            **kwargs,
        )


# --- Settings ------------------------------------------------------------------


class SettingsView(StaffPortalMixin, View):
    permission_required = ("core.view_companysettings", "core.change_companysettings")
    template_name = "admin_portal/settings.html"

    def _render(self, request, form, status=200):
        context = {
            "form": form,
            "company_settings": core_selectors.company_settings(),
            "nav_active": "settings",
            "crumbs": admin_crumbs((_("Settings"), None)),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        company = core_selectors.company_settings()
        return self._render(
            request,
            forms.CompanySettingsForm(initial=forms.CompanySettingsForm.initial_from(company)),
        )

    def post(self, request):
        form = forms.CompanySettingsForm(request.POST, request.FILES)
        if form.is_valid():
            changes = {name: form.cleaned_data[name] for name in forms.SETTINGS_FIELDS}
            for name in ("phone_primary", "phone_secondary", "whatsapp_number"):
                changes[name] = changes[name] or ""
            if form.cleaned_data.get("logo"):
                changes["logo"] = form.cleaned_data["logo"]
            try:
                core_services.update_company_settings(actor=request.user, **changes)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Settings saved."))
                return redirect("admin_portal:settings")
        return self._render(request, form, status=400)
