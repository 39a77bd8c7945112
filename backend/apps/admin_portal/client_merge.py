"""Merging a duplicate client into another, from the kept client's page: a
picker with likely duplicates, then a confirmation that shows both records
and exactly what moves (drawn by merge_preview, which shares the merge's
checks). Opening either page changes nothing."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from apps.admin_portal import client_forms as cf
from apps.admin_portal.access import StaffPortalMixin
from apps.admin_portal.clients import (
    FIELD_LABELS,
    MOVE_LABELS,
    client_crumbs,
    client_or_404,
    done,
)
from apps.core.exceptions import DomainError
from apps.leads import selectors as lead_selectors
from apps.leads import services as lead_services
from apps.leads.models import Client

# --- merging a duplicate -----------------------------------------------------------

MERGE_PERMISSIONS = ("leads.view_client", "leads.change_client", "leads.delete_client")
MERGE_CANDIDATES = 20


class ClientMergeView(StaffPortalMixin, View):
    """Pick the duplicate to fold into this client: likely duplicates first,
    then a search over every client."""

    permission_required = MERGE_PERMISSIONS
    template_name = "admin_portal/clients/merge.html"

    def get(self, request, client_id):
        keep = client_or_404(client_id)
        form = cf.MergeSearchForm(request.GET or None)
        query = form.cleaned_data.get("q", "").strip() if form.is_valid() else ""
        results = (
            list(
                lead_selectors.clients_for_admin(search=query).exclude(pk=keep.pk)[
                    :MERGE_CANDIDATES
                ]
            )
            if query
            else []
        )
        likely = lead_selectors.possible_duplicates(
            email=keep.email, phone=keep.phone, name=keep.name, exclude_id=keep.pk
        )
        suggestions = list(
            lead_selectors.clients_for_admin()
            .filter(pk__in=likely.values("pk"))
            .order_by("created_at")[:MERGE_CANDIDATES]
        )
        context = {
            "keep": keep,
            "form": form,
            "search_query": query,
            "results": results,
            "suggestions": suggestions,
            "nav_active": "clients",
            "crumbs": client_crumbs(keep, (_("Merge a duplicate"), None)),
        }
        return render(request, self.template_name, context)


def _consent_label(client: Client) -> str:
    return _("Yes") if client.marketing_opt_in else _("No")


class ClientMergeConfirmView(StaffPortalMixin, View):
    """GET: both records side by side and exactly what would move (never
    changes anything); POST: merge_clients, then back to the kept client."""

    permission_required = MERGE_PERMISSIONS
    template_name = "admin_portal/clients/merge_confirm.html"

    def _render(self, request, keep, duplicate, *, error: str = "", status=200):
        preview = None
        if not error:
            try:
                preview = lead_services.merge_preview(keep=keep, duplicate=duplicate)
            except DomainError as exc:
                error = exc.message
                status = 400 if request.method == "POST" else status
        filled = dict(preview.filled) if preview else {}
        rows = []
        for field in ("name", "company", "email", "phone", "address", "town"):
            kept = getattr(keep, field)
            rows.append(
                {
                    "field": field,
                    "label": FIELD_LABELS[field],
                    "keep": kept,
                    "duplicate": getattr(duplicate, field),
                    "result": filled.get(field, kept),
                    "filled": field in filled,
                }
            )
        context = {
            "keep": keep,
            "duplicate": duplicate,
            "preview": preview,
            "moves": [(MOVE_LABELS[k], n) for k, n in preview.moves.items()] if preview else [],
            "moves_total": sum(preview.moves.values()) if preview else 0,
            "rows": rows,
            "keep_consent": _consent_label(keep),
            "duplicate_consent": _consent_label(duplicate),
            "error": error,
            "nav_active": "clients",
            "crumbs": client_crumbs(keep, (_("Merge a duplicate"), None)),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request, client_id, duplicate_id):
        return self._render(request, client_or_404(client_id), client_or_404(duplicate_id))

    def post(self, request, client_id, duplicate_id):
        keep = client_or_404(client_id)
        duplicate = client_or_404(duplicate_id)
        label = str(duplicate)
        try:
            lead_services.merge_clients(keep=keep, duplicate=duplicate, actor=request.user)
        except DomainError as exc:
            return self._render(request, keep, duplicate, error=exc.message, status=400)
        return done(
            request,
            keep,
            _("%(duplicate)s was merged into %(client)s; the duplicate record is deleted.")
            % {"duplicate": label, "client": keep},
        )
