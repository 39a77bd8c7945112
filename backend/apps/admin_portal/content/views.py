"""The content pages: catalog, portfolio, media library and CMS. Each view
parses, checks the permission (crud.ContentMixin → StaffPortalMixin), calls
one selector or domain service and renders."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from apps.admin_portal.content import forms
from apps.admin_portal.content.crud import (
    ContentDeleteView,
    ContentFormView,
    ContentListView,
    ContentMixin,
    perm,
)
from apps.catalog import selectors as catalog_selectors
from apps.catalog import services as catalog
from apps.catalog.models import Service, ServiceCategory
from apps.cms import selectors as cms_selectors
from apps.cms import services as cms
from apps.cms.models import FAQ, Banner, BlogPost, Page, Testimonial
from apps.core.ids import parse_uuid
from apps.media import selectors as media_selectors
from apps.media import services as media
from apps.media.models import MediaAsset
from apps.portfolio import selectors as portfolio_selectors
from apps.portfolio import services as portfolio
from apps.portfolio.models import Project, ProjectImage


def _first(queryset, pk):
    pk = parse_uuid(pk)
    return queryset.filter(pk=pk).first() if pk else None


def _yes_no(value: str, yes: str) -> bool | None:
    if not value:
        return None
    return value == yes


# --- Service categories ------------------------------------------------------------


class CategorySection:
    model = ServiceCategory
    nav_key = "categories"
    section_label = gettext_lazy("Service categories")
    list_url_name = "admin_portal:categories"
    edit_url_name = "admin_portal:category-edit"
    delete_url_name = "admin_portal:category-delete"


class CategoryListView(CategorySection, ContentListView):
    template_name = "admin_portal/content/categories/list.html"
    filter_form_class = forms.CategoryFilterForm
    create_url_name = "admin_portal:category-create"
    subtitle = gettext_lazy("Groups of services on the website, in the order shown.")
    sorts = {
        "name": ("name",),
        "order": ("order", "name"),
        "service_count": ("service_count", "name"),
    }
    default_sort = "order"

    def get_queryset(self, filters):
        return catalog_selectors.categories_for_admin(search=filters.get("q", ""))


class CategoryFormView(CategorySection, ContentFormView):
    form_class = forms.CategoryForm

    def get_object(self, pk):
        return _first(ServiceCategory.objects.all(), pk)

    def create(self, form):
        return catalog.create_category(actor=self.request.user, **form.service_data())

    def update(self, obj, form):
        return catalog.update_category(category=obj, actor=self.request.user, **form.service_data())


class CategoryDeleteView(CategorySection, ContentDeleteView):
    consequence = gettext_lazy(
        "The category disappears from the website. A category that still has services "
        "cannot be deleted."
    )

    def get_object(self, pk):
        return _first(catalog_selectors.categories_for_admin(), pk)

    def blockers(self, obj):
        if obj.service_count:
            return [_("Move or delete this category's services first.")]
        return []

    def delete(self, obj):
        catalog.delete_category(category=obj, actor=self.request.user)


# --- Services ----------------------------------------------------------------------


class ServiceSection:
    model = Service
    nav_key = "services"
    section_label = gettext_lazy("Services")
    list_url_name = "admin_portal:services"
    edit_url_name = "admin_portal:service-edit"
    delete_url_name = "admin_portal:service-delete"


class ServiceListView(ServiceSection, ContentListView):
    template_name = "admin_portal/content/services/list.html"
    filter_form_class = forms.ServiceFilterForm
    create_url_name = "admin_portal:service-create"
    subtitle = gettext_lazy("The service catalog on the website.")
    sorts = {
        "name": ("name",),
        "category": ("category__order", "category__name", "order", "name"),
        "price": ("base_price_min", "name"),
        "order": ("order", "name"),
    }
    default_sort = "category"

    def get_queryset(self, filters):
        category = filters.get("category")
        return catalog_selectors.services_for_admin(
            search=filters.get("q", ""),
            category_id=category.pk if category else None,
            is_active=_yes_no(filters.get("status", ""), "active"),
        )


class ServiceFormView(ServiceSection, ContentFormView):
    form_class = forms.ServiceForm
    template_name = "admin_portal/content/services/form.html"

    def get_object(self, pk):
        return _first(Service.objects.select_related("category", "hero_image"), pk)

    def spec_formset(self, data=None):
        initial = (
            None if data is not None else forms.spec_initial(getattr(self.object, "specs", None))
        )
        return forms.SpecFormSet(data, initial=initial, prefix="specs")

    def before_validation(self, form):
        if "add_spec_row" not in self.request.POST:
            return None
        # Without JavaScript, "Add a row" posts the form: show it again, as
        # typed, with one more empty row. Nothing is saved.
        data = self.request.POST.copy()
        total = data.get("specs-TOTAL_FORMS", "")
        total = int(total) if total.isdigit() else 0
        data["specs-TOTAL_FORMS"] = str(min(total + 1, forms.SpecFormSet.max_num))
        self.specs = forms.SpecFormSet(data, prefix="specs")
        fresh = self.make_form(data)
        return self.render(fresh)

    def extra_valid(self, form):
        self.specs = self.spec_formset(self.request.POST)
        return self.specs.is_valid()

    def create(self, form):
        return catalog.create_service(
            actor=self.request.user, specs=self.specs.specs(), **form.service_data()
        )

    def update(self, obj, form):
        return catalog.update_service(
            service=obj, actor=self.request.user, specs=self.specs.specs(), **form.service_data()
        )

    def extra_context(self, form):
        specs = getattr(self, "specs", None)
        if specs is None:
            specs = self.spec_formset(self.request.POST if self.request.method == "POST" else None)
        if not self.can_change:
            for row in specs.forms:
                for field in row.fields.values():
                    field.disabled = True
        return {"specs": specs}

    def render(self, form, status=200):
        if not hasattr(self, "specs"):
            self.specs = self.spec_formset(
                self.request.POST if self.request.method == "POST" else None
            )
        return super().render(form, status)


class ServiceDeleteView(ServiceSection, ContentDeleteView):
    consequence = gettext_lazy(
        "The service disappears from the website and its old addresses stop working. "
        "A service with bookings or quotes cannot be deleted: deactivate it instead."
    )

    def get_object(self, pk):
        return _first(Service.objects.select_related("category"), pk)

    def delete(self, obj):
        catalog.delete_service(service=obj, actor=self.request.user)


PROJECT_PICKER_SIZE = 48

# --- Portfolio ---------------------------------------------------------------------


class ProjectSection:
    model = Project
    nav_key = "portfolio"
    section_label = gettext_lazy("Projects")
    list_url_name = "admin_portal:portfolio"
    edit_url_name = "admin_portal:project-edit"
    delete_url_name = "admin_portal:project-delete"


class ProjectListView(ProjectSection, ContentListView):
    template_name = "admin_portal/content/projects/list.html"
    filter_form_class = forms.ProjectFilterForm
    create_url_name = "admin_portal:project-create"
    subtitle = gettext_lazy("Past work shown in the portfolio.")
    sorts = {
        "title": ("title",),
        "town": ("town", "title"),
        "completed": ("completed_on", "title"),
        "created": ("created_at",),
    }
    default_sort = "-completed"

    def get_queryset(self, filters):
        return portfolio_selectors.projects_for_admin(
            search=filters.get("q", ""),
            town=filters.get("town", "").strip(),
            is_published=_yes_no(filters.get("status", ""), "published"),
        )


class ProjectFormView(ProjectSection, ContentFormView):
    form_class = forms.ProjectForm
    template_name = "admin_portal/content/projects/form.html"

    def get_object(self, pk):
        return _first(Project.objects.all(), pk)

    def gallery_formset(self, data=None, initial=None):
        if data is None and initial is None and self.object is not None:
            images = self.object.images.select_related("asset").order_by("order", "created_at")
            initial = forms.gallery_initial(images)
        return forms.GalleryFormSet(data, initial=initial, prefix="images")

    def before_validation(self, form):
        move = self.request.POST.get("move", "")
        if not move:
            return None
        # Without JavaScript the ↑/↓ buttons post the form: show it again with
        # the image moved and everything typed kept. Saving stores the order.
        gallery = self.gallery_formset(self.request.POST)
        if not gallery.is_valid():
            self.gallery = gallery
            return self.render(form, status=400)
        index_text, _sep, direction = move.partition(":")
        rows = sorted(
            (f.cleaned_data for f in gallery.forms if f.cleaned_data),
            key=lambda row: row["position"],
        )
        index = int(index_text) if index_text.isdigit() else -1
        other = index - 1 if direction == "up" else index + 1
        if 0 <= index < len(rows) and 0 <= other < len(rows):
            rows[index], rows[other] = rows[other], rows[index]
        initial = [
            {
                "asset": row["asset"].pk,
                "caption": row.get("caption", ""),
                "position": n,
                "remove": row.get("remove", False),
            }
            for n, row in enumerate(rows)
        ]
        self.gallery = self.gallery_formset(initial=initial)
        self.moved = other if 0 <= other < len(rows) else None
        return self.render(form)

    def extra_valid(self, form):
        self.gallery = self.gallery_formset(self.request.POST)
        return self.gallery.is_valid()

    def _images(self, form):
        images = self.gallery.image_specs()
        present = {spec["asset"].pk for spec in images}
        for asset in form.cleaned_data.get("add_images") or []:
            if asset.pk not in present:
                images.append({"asset": asset, "caption": ""})
                present.add(asset.pk)
        return images

    def service_data(self, form):
        data = form.service_data()
        data["services"] = list(data["services"])
        return data

    def create(self, form):
        return portfolio.create_project(
            actor=self.request.user,
            images=self._images(form),
            uploads=form.cleaned_data.get("files") or [],
            **self.service_data(form),
        )

    def update(self, obj, form):
        return portfolio.update_project(
            project=obj,
            actor=self.request.user,
            images=self._images(form),
            uploads=form.cleaned_data.get("files") or [],
            **self.service_data(form),
        )

    def picker_assets(self, form):
        return list(media_selectors.assets_for_admin()[:PROJECT_PICKER_SIZE])

    def extra_context(self, form):
        gallery = getattr(self, "gallery", None) or self.gallery_formset(
            self.request.POST if self.request.method == "POST" else None
        )
        ids = []
        for row in gallery.forms:
            value = row["asset"].value()
            if value and parse_uuid(value):
                ids.append(str(value))
        assets = {str(k): v for k, v in MediaAsset.objects.in_bulk(ids).items()} if ids else {}
        rows = []
        for row in gallery.forms:
            asset = assets.get(str(row["asset"].value()))
            if not self.can_change:
                for field in row.fields.values():
                    field.disabled = True
            rows.append((row, asset))
        # Rows in the order the person arranged them.
        rows.sort(key=lambda pair: int(pair[0]["position"].value() or 0))
        in_gallery = set(assets)
        return {
            "gallery": gallery,
            "gallery_rows": rows,
            "moved": getattr(self, "moved", None),
            "in_gallery": in_gallery,
        }


class ProjectDeleteView(ProjectSection, ContentDeleteView):
    consequence = gettext_lazy(
        "The project disappears from the portfolio. Its images stay in the media library."
    )

    def get_object(self, pk):
        return _first(Project.objects.all(), pk)

    def delete(self, obj):
        portfolio.delete_project(project=obj, actor=self.request.user)


# --- Media library -----------------------------------------------------------------


class MediaSection:
    model = MediaAsset
    nav_key = "media"
    section_label = gettext_lazy("Media library")
    list_url_name = "admin_portal:media"
    edit_url_name = "admin_portal:media-edit"
    delete_url_name = "admin_portal:media-delete"


class MediaListView(MediaSection, ContentListView):
    template_name = "admin_portal/content/media/list.html"
    filter_form_class = forms.MediaFilterForm
    create_url_name = "admin_portal:media-upload"
    subtitle = gettext_lazy("Every image the website uses, with its alt text and tags.")
    per_page = 24
    sorts = {
        "newest": ("-created_at",),
        "oldest": ("created_at",),
        "title": ("title",),
        "size": ("-size",),
    }
    default_sort = "newest"

    def get_queryset(self, filters):
        return media_selectors.assets_for_admin(
            search=filters.get("q", ""), tag=filters.get("tag", "")
        )


def _wants_json(request) -> bool:
    return request.headers.get("X-Requested-With") == "XMLHttpRequest" or (
        "application/json" in request.headers.get("Accept", "")
    )


class MediaUploadView(MediaSection, ContentMixin, View):
    """Upload one or many images. Without JavaScript the form posts every
    file at once; the upload module sends them one by one (same URL, JSON
    answer) to show each file's progress."""

    template_name = "admin_portal/content/media/upload.html"

    def get_permission_required(self):
        return (perm(MediaAsset, "view"), perm(MediaAsset, "add"))

    def _form(self, data=None, files=None):
        return forms.MediaUploadForm(
            data, files, max_mb=settings.MEDIA_MAX_UPLOAD_BYTES // 1_048_576
        )

    def _render(self, form, status=200, uploaded=()):
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "uploaded": uploaded,
                "nav_active": self.nav_key,
                "crumbs": self.section_crumbs((_("Upload"), None)),
            },
            status=status,
        )

    def get(self, request):
        return self._render(self._form())

    def post(self, request):
        form = self._form(request.POST, request.FILES)
        uploaded, refused = [], []
        if form.is_valid():
            for upload in form.cleaned_data["files"]:
                try:
                    asset = media.upload_asset(
                        upload=upload,
                        actor=request.user,
                        alt=form.cleaned_data["alt"],
                        tags=form.cleaned_data["tags"],
                    )
                except ValidationError as exc:
                    name = getattr(upload, "name", "")
                    refused += [f"{name}: {message}" for message in exc.messages]
                else:
                    uploaded.append(asset)
            for message in refused:
                form.add_error("files", message)
        if _wants_json(request):
            # Always 200 with "ok": a refused file is an answer the module
            # shows next to the file, not a failed request (which browsers
            # also log as a console error).
            return JsonResponse(
                {
                    "ok": form.is_valid() and not refused,
                    "uploaded": [
                        {
                            "id": str(a.pk),
                            "title": a.title,
                            "url": reverse("admin_portal:media-edit", args=[a.pk]),
                        }
                        for a in uploaded
                    ],
                    "errors": {name: list(errs) for name, errs in form.errors.items()},
                    "library": reverse("admin_portal:media"),
                }
            )
        if uploaded:
            messages.success(
                request,
                _("%(count)d image(s) uploaded. Thumbnails follow in a moment.")
                % {"count": len(uploaded)},
            )
        if form.is_valid() and not refused:
            if len(uploaded) == 1:
                return HttpResponseRedirect(
                    reverse("admin_portal:media-edit", args=[uploaded[0].pk])
                )
            return HttpResponseRedirect(reverse("admin_portal:media"))
        return self._render(form, status=400, uploaded=uploaded)


USAGE_LINKS = {
    "services.service": "admin_portal:service-edit",
    "cms.page": "admin_portal:page-edit",
    "cms.blogpost": "admin_portal:post-edit",
    "cms.banner": "admin_portal:banner-edit",
    "cms.testimonial": "admin_portal:testimonial-edit",
}


def usages_with_links(asset) -> list[dict]:
    """``asset_usages`` plus a link to the staff page of each record."""
    usages = media_selectors.asset_usages(asset=asset)
    image_rows = [u["id"] for u in usages if u["model"] == "portfolio.projectimage"]
    projects = (
        dict(ProjectImage.objects.filter(pk__in=image_rows).values_list("pk", "project_id"))
        if image_rows
        else {}
    )
    for usage in usages:
        if usage["model"] == "portfolio.projectimage":
            project_id = projects.get(uuid.UUID(usage["id"]))
            usage["kind"] = _("project gallery")
            usage["url"] = (
                reverse("admin_portal:project-edit", args=[project_id]) if project_id else ""
            )
        elif usage["model"] in USAGE_LINKS:
            usage["url"] = reverse(USAGE_LINKS[usage["model"]], args=[usage["id"]])
        else:
            usage["url"] = ""
    return usages


class MediaEditView(MediaSection, ContentFormView):
    form_class = forms.MediaEditForm
    template_name = "admin_portal/content/media/edit.html"

    def get_permission_required(self):
        if self.request.method == "POST":
            return (perm(MediaAsset, "view"), perm(MediaAsset, "change"))
        return (perm(MediaAsset, "view"),)

    def get_object(self, pk):
        return _first(MediaAsset.objects.select_related("uploaded_by"), pk)

    def label(self, obj):
        return obj.title or obj.alt or _("Image")

    def update(self, obj, form):
        return media.update_asset(asset=obj, actor=self.request.user, **form.service_data())

    def extra_context(self, form):
        return {"usages": usages_with_links(self.object)}


class MediaDeleteView(MediaSection, ContentDeleteView):
    consequence = gettext_lazy(
        "The image and its resized copies are removed from the library for good."
    )

    def get_object(self, pk):
        return _first(MediaAsset.objects.all(), pk)

    def blockers(self, obj):
        usages = media_selectors.asset_usages(asset=obj)
        if not usages:
            return []
        names = ", ".join(f"{u['kind']} “{u['label']}”" for u in usages[:5])
        return [
            _(
                "This image is in use and cannot be deleted: %(names)s. "
                "Choose another image there first."
            )
            % {"names": names}
        ]

    def delete(self, obj):
        media.delete_asset(asset=obj, actor=self.request.user)


# --- Pages -------------------------------------------------------------------------


class PageSection:
    model = Page
    nav_key = "pages"
    section_label = gettext_lazy("Pages")
    list_url_name = "admin_portal:pages"
    edit_url_name = "admin_portal:page-edit"
    delete_url_name = "admin_portal:page-delete"


class PageListView(PageSection, ContentListView):
    template_name = "admin_portal/content/pages/list.html"
    filter_form_class = forms.PageFilterForm
    create_url_name = "admin_portal:page-create"
    subtitle = gettext_lazy("About, policies and other pages shown at their own address.")
    sorts = {"title": ("title",), "updated": ("updated_at",)}
    default_sort = "title"

    def get_queryset(self, filters):
        return cms_selectors.pages_for_admin(
            search=filters.get("q", ""),
            is_published=_yes_no(filters.get("status", ""), "published"),
        )


class PageFormView(PageSection, ContentFormView):
    form_class = forms.PageForm
    template_name = "admin_portal/content/pages/form.html"

    def get_object(self, pk):
        return _first(Page.objects.select_related("og_image"), pk)

    def create(self, form):
        return cms.create_page(actor=self.request.user, **form.service_data())

    def update(self, obj, form):
        return cms.update_page(page=obj, actor=self.request.user, **form.service_data())


class PageDeleteView(PageSection, ContentDeleteView):
    consequence = gettext_lazy("The page and its address disappear from the website.")

    def get_object(self, pk):
        return _first(Page.objects.all(), pk)

    def delete(self, obj):
        cms.delete_page(page=obj, actor=self.request.user)


# --- Blog posts --------------------------------------------------------------------


class PostSection:
    model = BlogPost
    nav_key = "posts"
    section_label = gettext_lazy("Blog posts")
    list_url_name = "admin_portal:posts"
    edit_url_name = "admin_portal:post-edit"
    delete_url_name = "admin_portal:post-delete"


class PostListView(PostSection, ContentListView):
    template_name = "admin_portal/content/posts/list.html"
    filter_form_class = forms.PostFilterForm
    create_url_name = "admin_portal:post-create"
    subtitle = gettext_lazy("Drafts, scheduled and published articles.")
    sorts = {
        "title": ("title",),
        "published": ("published_at", "created_at"),
        "created": ("created_at",),
    }
    default_sort = "-created"

    def get_queryset(self, filters):
        return cms_selectors.posts_for_admin(
            search=filters.get("q", ""),
            status=filters.get("status", ""),
            tag=filters.get("tag", ""),
        ).defer("body")


class PostFormView(PostSection, ContentFormView):
    form_class = forms.PostForm
    template_name = "admin_portal/content/posts/form.html"

    def get_object(self, pk):
        return _first(BlogPost.objects.select_related("author", "cover"), pk)

    def create(self, form):
        return cms.create_post(
            actor=self.request.user, author=self.request.user, **form.service_data()
        )

    def update(self, obj, form):
        return cms.update_post(post=obj, actor=self.request.user, **form.service_data())


class PostDeleteView(PostSection, ContentDeleteView):
    consequence = gettext_lazy("The post and its address disappear from the website.")

    def get_object(self, pk):
        return _first(BlogPost.objects.all(), pk)

    def delete(self, obj):
        cms.delete_post(post=obj, actor=self.request.user)


class PreviewMixin(ContentMixin):
    """A draft as it will look on the public site, for staff only (the page
    is never cached and carries noindex)."""

    template_name = ""

    def get_permission_required(self):
        return (perm(self.model, "view"),)

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


class PostPreviewView(PostSection, PreviewMixin, View):
    template_name = "admin_portal/content/posts/preview.html"

    def get(self, request, pk):
        target = _first(BlogPost.objects.only("slug"), pk)
        if target is None:
            raise Http404
        post, _moved = cms_selectors.post_for_public(slug=target.slug, preview=True)
        public, _moved = cms_selectors.post_for_public(slug=target.slug)
        return render(
            request,
            self.template_name,
            {"post": post, "public": public is not None, "edit_url": self.edit_url(post)},
        )


class PagePreviewView(PageSection, PreviewMixin, View):
    template_name = "admin_portal/content/pages/preview.html"

    def get(self, request, pk):
        target = _first(Page.objects.only("slug"), pk)
        if target is None:
            raise Http404
        page, _moved = cms_selectors.page_for_public(slug=target.slug, preview=True)
        return render(request, self.template_name, {"page": page, "edit_url": self.edit_url(page)})


# --- Banners -----------------------------------------------------------------------


class BannerSection:
    model = Banner
    nav_key = "banners"
    section_label = gettext_lazy("Banners")
    list_url_name = "admin_portal:banners"
    edit_url_name = "admin_portal:banner-edit"
    delete_url_name = "admin_portal:banner-delete"


class BannerListView(BannerSection, ContentListView):
    template_name = "admin_portal/content/banners/list.html"
    filter_form_class = forms.BannerFilterForm
    create_url_name = "admin_portal:banner-create"
    subtitle = gettext_lazy("Hero slides on the home page, each inside its time window.")
    sorts = {"order": ("order", "-created_at"), "headline": ("headline",), "from": ("active_from",)}
    default_sort = "order"

    def get_queryset(self, filters):
        return cms_selectors.banners_for_admin(
            search=filters.get("q", ""), window=filters.get("window", "")
        )

    def get_context_data(self, **kwargs):
        from django.utils import timezone

        return super().get_context_data(now=timezone.now(), **kwargs)


class BannerFormView(BannerSection, ContentFormView):
    form_class = forms.BannerForm
    template_name = "admin_portal/content/banners/form.html"

    def get_object(self, pk):
        return _first(Banner.objects.select_related("image"), pk)

    def create(self, form):
        return cms.create_banner(actor=self.request.user, **form.service_data())

    def update(self, obj, form):
        return cms.update_banner(banner=obj, actor=self.request.user, **form.service_data())


class BannerDeleteView(BannerSection, ContentDeleteView):
    consequence = gettext_lazy("The slide disappears from the home page.")

    def get_object(self, pk):
        return _first(Banner.objects.all(), pk)

    def delete(self, obj):
        cms.delete_banner(banner=obj, actor=self.request.user)


# --- Testimonials ------------------------------------------------------------------


class TestimonialSection:
    model = Testimonial
    nav_key = "testimonials"
    section_label = gettext_lazy("Testimonials")
    list_url_name = "admin_portal:testimonials"
    edit_url_name = "admin_portal:testimonial-edit"
    delete_url_name = "admin_portal:testimonial-delete"


class TestimonialListView(TestimonialSection, ContentListView):
    template_name = "admin_portal/content/testimonials/list.html"
    filter_form_class = forms.TestimonialFilterForm
    create_url_name = "admin_portal:testimonial-create"
    subtitle = gettext_lazy("Clients' words; shown on the website once approved.")
    sorts = {
        "client": ("client_name",),
        "rating": ("rating", "-created_at"),
        "created": ("created_at",),
    }
    default_sort = ""

    def get_queryset(self, filters):
        return cms_selectors.testimonials_for_admin(
            search=filters.get("q", ""),
            is_approved=_yes_no(filters.get("status", ""), "approved"),
        )


class TestimonialFormView(TestimonialSection, ContentFormView):
    form_class = forms.TestimonialForm
    template_name = "admin_portal/content/testimonials/form.html"

    def get_object(self, pk):
        return _first(Testimonial.objects.select_related("photo"), pk)

    def create(self, form):
        return cms.create_testimonial(
            actor=self.request.user,
            is_approved=form.cleaned_data.get("is_approved", False),
            **form.service_data(),
        )

    def update(self, obj, form):
        return cms.update_testimonial(
            testimonial=obj, actor=self.request.user, **form.service_data()
        )

    def label(self, obj):
        return obj.client_name


class TestimonialDeleteView(TestimonialSection, ContentDeleteView):
    consequence = gettext_lazy("The testimonial disappears from the website.")

    def get_object(self, pk):
        return _first(Testimonial.objects.all(), pk)

    def delete(self, obj):
        cms.delete_testimonial(testimonial=obj, actor=self.request.user)


class TestimonialApprovalView(TestimonialSection, ContentMixin, View):
    """POST only: approve (show on the website) or withdraw."""

    approve = True

    def get_permission_required(self):
        return (perm(Testimonial, "view"), perm(Testimonial, "change"))

    def post(self, request, pk):
        testimonial = _first(Testimonial.objects.all(), pk)
        if testimonial is None:
            raise Http404
        cms.set_testimonial_approval(
            testimonial=testimonial, actor=request.user, approved=self.approve
        )
        if self.approve:
            messages.success(
                request,
                _("%(name)s's testimonial is on the website.") % {"name": testimonial.client_name},
            )
        else:
            messages.success(
                request, _("%(name)s's testimonial is hidden.") % {"name": testimonial.client_name}
            )
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = reverse("admin_portal:testimonials")
        return HttpResponseRedirect(back)


# --- FAQ ---------------------------------------------------------------------------


class FAQSection:
    model = FAQ
    nav_key = "faq"
    section_label = gettext_lazy("FAQ")
    list_url_name = "admin_portal:faq"
    edit_url_name = "admin_portal:faq-edit"
    delete_url_name = "admin_portal:faq-delete"


class FAQListView(FAQSection, ContentListView):
    template_name = "admin_portal/content/faq/list.html"
    filter_form_class = forms.FAQFilterForm
    create_url_name = "admin_portal:faq-create"
    subtitle = gettext_lazy("Questions and answers, grouped by category.")
    sorts = {
        "question": ("question",),
        "category": ("category", "order", "question"),
        "order": ("order", "question"),
    }
    default_sort = "category"

    def get_filter_form(self):
        return self.filter_form_class(
            self.request.GET or None, categories=cms_selectors.faq_categories()
        )

    def get_queryset(self, filters):
        return cms_selectors.faq_for_admin(
            search=filters.get("q", ""),
            category=filters.get("category", ""),
            is_published=_yes_no(filters.get("status", ""), "published"),
        )


class FAQFormView(FAQSection, ContentFormView):
    form_class = forms.FAQForm
    template_name = "admin_portal/content/faq/form.html"
    noun = gettext_lazy("question")

    def get_object(self, pk):
        return _first(FAQ.objects.all(), pk)

    def form_kwargs(self):
        return {"categories": cms_selectors.faq_categories()}

    def create(self, form):
        return cms.create_faq(actor=self.request.user, **form.service_data())

    def update(self, obj, form):
        return cms.update_faq(faq=obj, actor=self.request.user, **form.service_data())


class FAQDeleteView(FAQSection, ContentDeleteView):
    consequence = gettext_lazy("The question disappears from the FAQ page.")

    def get_object(self, pk):
        return _first(FAQ.objects.all(), pk)

    def delete(self, obj):
        cms.delete_faq(faq=obj, actor=self.request.user)
