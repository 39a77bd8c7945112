"""The list / form / delete pages every content section is made of.

Each view names its model; the Django model permissions decide (view for
lists and reading a record, add for creating, change for saving, delete for
deleting), through the portal's one gate, StaffPortalMixin. A person who may
view but not change (Sales) sees the record with its fields disabled. Subclasses
call one selector to read and one domain service to write."""

from __future__ import annotations

import contextlib
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from apps.admin_portal.access import StaffPortalMixin
from apps.admin_portal.navigation import admin_crumbs
from apps.core.forms import apply_service_errors
from apps.media import selectors as media_selectors
from apps.media import services as media_services
from apps.media.models import MediaAsset

PER_PAGE = 25
PICKER_SIZE = 24


def perm(model: type[models.Model], verb: str) -> str:
    opts = model._meta
    return f"{opts.app_label}.{verb}_{opts.model_name}"


class ContentMixin(StaffPortalMixin):
    model: type[models.Model]
    nav_key = ""
    section_label: Any = ""
    list_url_name = ""
    edit_url_name = ""
    delete_url_name = ""

    def may(self, verb: str) -> bool:
        return self.request.user.has_perm(perm(self.model, verb))

    def section_crumbs(self, *items):
        return admin_crumbs((self.section_label, reverse(self.list_url_name)), *items)

    def edit_url(self, obj) -> str:
        return reverse(self.edit_url_name, args=[obj.pk])


class ContentListView(ContentMixin, TemplateView):
    """A filtered, sorted, paginated list. ``sorts`` maps a sort key to the
    ``order_by`` it stands for; ``-key`` is the same reversed."""

    filter_form_class: type[Any]
    sorts: dict[str, tuple[str, ...]] = {}
    default_sort = ""
    per_page = PER_PAGE
    create_url_name = ""
    title: Any = ""
    subtitle: Any = ""

    def get_permission_required(self):
        return (perm(self.model, "view"),)

    def get_filter_form(self):
        return self.filter_form_class(self.request.GET or None)

    def get_queryset(self, filters: dict[str, Any]) -> models.QuerySet:
        raise NotImplementedError

    def order(self, queryset, sort: str):
        key = sort.lstrip("-")
        fields = self.sorts.get(key)
        if not fields:
            return queryset
        if sort.startswith("-"):
            fields = tuple(f[1:] if f.startswith("-") else f"-{f}" for f in fields)
        return queryset.order_by(*fields, "pk")

    def get_context_data(self, **kwargs):
        form = self.get_filter_form()
        filters = form.cleaned_data if form.is_valid() else {}
        sort = filters.get("sort") or self.default_sort
        queryset = self.order(self.get_queryset(filters), sort)
        page = Paginator(queryset, self.per_page).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            nav_active=self.nav_key,
            crumbs=admin_crumbs((self.section_label, None)),
            title=self.title or self.section_label,
            subtitle=self.subtitle,
            form=form,
            page=page,
            sort=sort,
            filtered=form.is_filtered(),
            list_url=reverse(self.list_url_name),
            create_url=reverse(self.create_url_name)
            if self.create_url_name and self.may("add")
            else "",
            can_change=self.may("change"),
            can_delete=self.may("delete"),
            **kwargs,
        )


class ContentFormView(ContentMixin, View):
    """Create (no ``pk`` in the URL) or edit a record.

    GET needs view (edit) or add (create); POST needs change or add. Errors
    re-render the form with what was typed and the message next to the
    field; a service's ValidationError lands on the field it names."""

    form_class: type[Any]
    template_name = "admin_portal/content/form.html"
    noun: Any = ""
    object: Any = None

    # --- permissions -----------------------------------------------------------

    @property
    def creating(self) -> bool:
        return "pk" not in self.kwargs

    def get_permission_required(self):
        if self.creating:
            return (perm(self.model, "view"), perm(self.model, "add"))
        if self.request.method == "POST":
            return (perm(self.model, "view"), perm(self.model, "change"))
        return (perm(self.model, "view"),)

    # --- hooks for subclasses -----------------------------------------------------

    def get_object(self, pk):
        raise NotImplementedError

    def form_kwargs(self) -> dict[str, Any]:
        return {}

    def create(self, form) -> Any:
        raise NotImplementedError

    def update(self, obj, form) -> Any:
        raise NotImplementedError

    def extra_context(self, form) -> dict[str, Any]:
        return {}

    def label(self, obj) -> str:
        return str(obj)

    def success_url(self, obj) -> str:
        return self.edit_url(obj)

    # --- flow --------------------------------------------------------------------

    def make_form(self, data=None, files=None):
        return self.form_class(data, files, instance=self.object, **self.form_kwargs())

    def dispatch_object(self):
        if not self.creating:
            self.object = self.get_object(self.kwargs["pk"])
            if self.object is None:
                raise Http404

    def get(self, request, *args, **kwargs):
        self.dispatch_object()
        return self.render(self.make_form())

    def post(self, request, *args, **kwargs):
        self.dispatch_object()
        form = self.make_form(request.POST, request.FILES)
        handled = self.before_validation(form)
        if handled is not None:
            return handled
        if form.is_valid() and self.extra_valid(form) and self.store_uploads(form):
            try:
                obj = self.create(form) if self.creating else self.update(self.object, form)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                if self.creating:
                    messages.success(request, _("%(what)s created.") % {"what": self.label(obj)})
                else:
                    messages.success(request, _("%(what)s saved.") % {"what": self.label(obj)})
                return HttpResponseRedirect(self.success_url(obj))
        return self.render(form, status=400)

    def before_validation(self, form):
        """A chance to answer a POST that is not a save (e.g. "add a row")."""
        return None

    def extra_valid(self, form) -> bool:
        return True

    def store_uploads(self, form) -> bool:
        """Upload the files given beside a library picker through the media
        service; the new image becomes the picker's choice. When the save
        then fails, the form shows with that image chosen, so the file need
        not be sent again."""
        for pick, upload_name in getattr(form, "image_fields", ()):
            upload = form.cleaned_data.get(upload_name)
            if not upload:
                continue
            try:
                asset = media_services.upload_asset(
                    upload=upload, actor=self.request.user, alt=self.upload_alt(form)
                )
            except ValidationError as exc:
                apply_service_errors(form, exc, rename={"file": upload_name})
                return False
            form.cleaned_data[pick] = asset
            form.data = form.data.copy()
            form.data[form.add_prefix(pick)] = str(asset.pk)
        return True

    def upload_alt(self, form) -> str:
        for name in ("name", "title", "headline", "client_name"):
            if form.cleaned_data.get(name):
                return str(form.cleaned_data[name])
        return ""

    def picker_assets(self, form) -> list[MediaAsset]:
        """The library images offered by the pickers: the newest ones, plus
        each picker's current choice when it is older."""
        pickers = [pick for pick, _upload in getattr(form, "image_fields", ())]
        if not pickers:
            return []
        recent = list(media_selectors.assets_for_admin()[:PICKER_SIZE])
        ids = {str(a.pk) for a in recent}
        chosen = [str(form[p].value()) for p in pickers if form[p].value()]
        missing = [pk for pk in chosen if pk not in ids]
        if missing:
            with contextlib.suppress(ValidationError):
                recent = [*MediaAsset.objects.filter(pk__in=missing), *recent]
        return recent

    def render(self, form, status=200):
        obj = self.object
        can_change = self.may("add") if self.creating else self.may("change")
        self.can_change = can_change
        if not can_change:
            for field in form.fields.values():
                field.disabled = True
        noun = self.noun or self.model._meta.verbose_name
        title = _("New %(noun)s") % {"noun": noun} if self.creating else self.label(obj)
        context = {
            "form": form,
            "object": obj,
            "creating": self.creating,
            "can_change": can_change,
            "can_delete": bool(obj) and self.may("delete"),
            "delete_url": reverse(self.delete_url_name, args=[obj.pk]) if obj else "",
            "list_url": reverse(self.list_url_name),
            "title": title,
            "noun": noun,
            "nav_active": self.nav_key,
            "crumbs": self.section_crumbs((title, None)),
            "library": self.picker_assets(form),
            **self.extra_context(form),
        }
        return render(self.request, self.template_name, context, status=status)


class ContentDeleteView(ContentMixin, View):
    """GET: the confirmation page (for people without JavaScript; the
    dialog on the edit page posts here too). POST: delete through the
    service; a refusal (in use) shows its reason on the confirmation page."""

    template_name = "admin_portal/content/confirm_delete.html"
    consequence: Any = gettext_lazy("This cannot be undone.")

    def get_permission_required(self):
        return (perm(self.model, "view"), perm(self.model, "delete"))

    def get_object(self, pk):
        raise NotImplementedError

    def delete(self, obj) -> None:  # type: ignore[override]
        raise NotImplementedError

    def blockers(self, obj) -> list[str]:
        """Reasons known before trying (shown instead of the button)."""
        return []

    def _object(self, pk):
        obj = self.get_object(pk)
        if obj is None:
            raise Http404
        return obj

    def render(self, obj, errors=(), status=200):
        label = str(obj)
        return render(
            self.request,
            self.template_name,
            {
                "object": obj,
                "label": label,
                "noun": self.model._meta.verbose_name,
                "consequence": self.consequence,
                "errors": list(dict.fromkeys([*errors, *self.blockers(obj)])),
                "cancel_url": self.edit_url(obj),
                "nav_active": self.nav_key,
                "crumbs": self.section_crumbs(
                    (label, self.edit_url(obj)), (gettext_lazy("Delete"), None)
                ),
            },
            status=status,
        )

    def get(self, request, pk):
        return self.render(self._object(pk))

    def post(self, request, pk):
        obj = self._object(pk)
        label = str(obj)
        try:
            self.delete(obj)
        except ValidationError as exc:
            return self.render(obj, errors=exc.messages, status=409)
        messages.success(request, _("%(what)s deleted.") % {"what": label})
        return HttpResponseRedirect(reverse(self.list_url_name))
