"""Forms of the content pages. They parse and type-check only: the rules
(sanitising, slugs, publishing, upload checks, images in use) live in the
domain services the views hand ``cleaned_data`` to."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.catalog.models import Service, ServiceCategory
from apps.catalog.services import CATEGORY_FIELDS
from apps.cms.models import FAQ, Banner, BlogPost, Page, PostStatus, Testimonial
from apps.cms.services import BANNER_FIELDS
from apps.core.forms import DateInput, StyledForm, StyledFormMixin
from apps.media.models import MediaAsset
from apps.portfolio.models import Project
from apps.portfolio.services import PROJECT_FIELDS

IMAGE_ACCEPT = "image/jpeg,image/png,image/webp"
SLUG_HELP = _(
    "The last part of the page's address. Leave empty to make one from the name; "
    "after a change the old address keeps working."
)
RICH_TEXT_HELP = _(
    "HTML: paragraphs, headings (h2 to h4), lists, links, tables, bold and italic. "
    "Anything else is removed when saved."
)
NAIROBI_HELP = _("Nairobi time (EAT).")


class DateTimeLocalInput(forms.DateTimeInput):
    """``<input type="datetime-local">``; the value is read in the site's
    time zone (Africa/Nairobi) and shown in it."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")

    def format_value(self, value):
        if hasattr(value, "tzinfo") and value.tzinfo is not None:
            value = timezone.localtime(value)
        return super().format_value(value)


class LocalDateTimeField(forms.DateTimeField):
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
    widget = DateTimeLocalInput


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one ``<input type=file multiple>``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": IMAGE_ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


def image_upload_field() -> forms.FileField:
    return forms.FileField(
        label=_("Or upload a new image"),
        required=False,
        widget=forms.FileInput(attrs={"accept": IMAGE_ACCEPT}),
        help_text=_("JPEG, PNG or WebP. It is added to the media library."),
    )


class MediaPick(forms.ModelChoiceField):
    """A media-library image chosen in the picker (radio buttons drawn by
    ``<c-media-picker>``); the widget itself is never rendered."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(
            queryset=MediaAsset.objects.all(),
            widget=forms.HiddenInput,
            error_messages={"invalid_choice": _("That image is no longer in the library.")},
            **kwargs,
        )


class ShapedForm(StyledFormMixin, forms.ModelForm):
    """A form shaped like its model (labels, help texts, lengths, choices)
    that never writes to the instance: ``instance`` only fills the initial
    values, and the view passes ``cleaned_data`` to the domain service, which
    validates the model and records the audit entry."""

    # (form field holding the library choice, form field holding an upload)
    image_fields: tuple[tuple[str, str], ...] = ()
    fieldsets: tuple[tuple[object, tuple[str, ...]], ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for _pick, upload in self.image_fields:
            self.fields[upload].widget.attrs["data-preview"] = f"{self[upload].auto_id}_preview"

    def _post_clean(self):
        # No construct_instance, no model validation here: the service does both.
        pass

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}

    def grouped(self):
        """``[(title, [bound fields])]`` for templates drawing cards."""
        return [(title, [self[name] for name in names]) for title, names in self.fieldsets]


# --- Filters --------------------------------------------------------------------


class ListFilterForm(StyledForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    placeholder = _("Search")
    sorts: tuple[str, ...] = ()
    filter_names: tuple[str, ...] = ("q",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget = forms.SearchInput(
            attrs={"placeholder": self.placeholder, "class": "input"}
        )

    def clean_sort(self):
        value = self.cleaned_data.get("sort") or ""
        return value if value in self.sorts else ""

    def is_filtered(self) -> bool:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return any(data.get(name) for name in self.filter_names)


STATUS_ACTIVE = [("", _("Any status")), ("active", _("Active")), ("inactive", _("Inactive"))]
STATUS_PUBLISHED = [
    ("", _("Any status")),
    ("published", _("Published")),
    ("unpublished", _("Not published")),
]


class CategoryFilterForm(ListFilterForm):
    placeholder = _("Name or slug")
    sorts = ("name", "-name", "order", "-order", "service_count", "-service_count")


class ServiceFilterForm(ListFilterForm):
    category = forms.ModelChoiceField(
        label=_("Category"),
        required=False,
        queryset=ServiceCategory.objects.order_by("order", "name"),
        empty_label=_("Any category"),
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_ACTIVE)
    placeholder = _("Name, slug or summary")
    sorts = ("name", "-name", "category", "-category", "price", "-price", "order", "-order")
    filter_names = ("q", "category", "status")


class ProjectFilterForm(ListFilterForm):
    town = forms.CharField(label=_("Town"), required=False, max_length=80)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_PUBLISHED)
    placeholder = _("Title, client or location")
    sorts = ("title", "-title", "town", "-town", "completed", "-completed", "created", "-created")
    filter_names = ("q", "town", "status")


class MediaFilterForm(ListFilterForm):
    tag = forms.CharField(label=_("Tag"), required=False, max_length=40)
    placeholder = _("Alt text, title or tag")
    sorts = ("newest", "oldest", "title", "size")
    filter_names = ("q", "tag")


class PageFilterForm(ListFilterForm):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_PUBLISHED)
    placeholder = _("Title or slug")
    sorts = ("title", "-title", "updated", "-updated")
    filter_names = ("q", "status")


class PostFilterForm(ListFilterForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *PostStatus.choices]
    )
    tag = forms.CharField(label=_("Tag"), required=False, max_length=40)
    placeholder = _("Title or excerpt")
    sorts = ("title", "-title", "published", "-published", "created", "-created")
    filter_names = ("q", "status", "tag")


BANNER_WINDOWS = [
    ("", _("Any")),
    ("showing", _("Showing now")),
    ("upcoming", _("Starts later")),
    ("ended", _("Ended")),
    ("off", _("Switched off")),
]


class BannerFilterForm(ListFilterForm):
    window = forms.ChoiceField(label=_("Shown"), required=False, choices=BANNER_WINDOWS)
    placeholder = _("Headline or text")
    sorts = ("order", "-order", "headline", "-headline", "from", "-from")
    filter_names = ("q", "window")


class TestimonialFilterForm(ListFilterForm):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), ("approved", _("Approved")), ("waiting", _("Waiting"))],
    )
    placeholder = _("Client, company or words")
    sorts = ("client", "-client", "rating", "-rating", "created", "-created")
    filter_names = ("q", "status")


class FAQFilterForm(ListFilterForm):
    category = forms.ChoiceField(label=_("Category"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_PUBLISHED)
    placeholder = _("Question or category")
    sorts = ("question", "-question", "category", "-category", "order", "-order")
    filter_names = ("q", "category", "status")

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [
            ("", _("Any category")),
            *[(c, c) for c in categories],
        ]


# --- Catalog --------------------------------------------------------------------


class CategoryForm(ShapedForm):
    class Meta:
        model = ServiceCategory
        fields = CATEGORY_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    fieldsets = (
        (_("Category"), ("name", "slug", "description", "icon", "order", "is_active")),
        (_("Search engines"), ("seo_title", "seo_description")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = SLUG_HELP


class ServiceForm(ShapedForm):
    hero_image = MediaPick(label=_("Hero image"))
    hero_upload = image_upload_field()

    class Meta:
        model = Service
        fields = (
            "category",
            "name",
            "slug",
            "summary",
            "body",
            "base_price_min",
            "base_price_max",
            "visit_duration_minutes",
            "is_bookable",
            "is_active",
            "order",
            "hero_image",
            "seo_title",
            "seo_description",
        )
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 10}),
        }
        help_texts = {"body": RICH_TEXT_HELP}

    image_fields = (("hero_image", "hero_upload"),)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = SLUG_HELP
        self.fields["category"].queryset = ServiceCategory.objects.order_by("order", "name")
        self.fields["base_price_min"].help_text = _("In KES. Shown as “from KES …”.")

    def clean(self):
        data = super().clean()
        low, high = data.get("base_price_min"), data.get("base_price_max")
        if low is not None and high is not None and high < low:
            self.add_error("base_price_max", _("Must not be below the starting price."))
        return data


class SpecRowForm(StyledForm):
    label = forms.CharField(label=_("Label"), required=False, max_length=80)
    value = forms.CharField(label=_("Value"), required=False, max_length=300)

    def clean(self):
        data = super().clean()
        if data.get("value") and not data.get("label"):
            self.add_error("label", _("Give this value a label."))
        return data


class BaseSpecFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            label = " ".join((form.cleaned_data.get("label") or "").split()).lower()
            if label and label in seen:
                form.add_error("label", _("This label is used twice."))
            seen.add(label)

    def specs(self) -> list[dict[str, str]]:
        """The filled rows, in the order they stand on the form."""
        return [
            {"label": f.cleaned_data["label"], "value": f.cleaned_data.get("value", "")}
            for f in self.forms
            if f.cleaned_data.get("label")
        ]


SpecFormSet = forms.formset_factory(SpecRowForm, formset=BaseSpecFormSet, extra=0, max_num=40)
SPEC_BLANK_ROWS = 2


def spec_initial(specs: list[dict] | None) -> list[dict]:
    rows = [{"label": row["label"], "value": row["value"]} for row in specs or []]
    return rows + [{} for _ in range(SPEC_BLANK_ROWS)]


# --- Portfolio ------------------------------------------------------------------


class ProjectForm(ShapedForm):
    add_images = forms.ModelMultipleChoiceField(
        label=_("Add images from the library"),
        queryset=MediaAsset.objects.all(),
        required=False,
        widget=forms.MultipleHiddenInput,
    )
    files = MultipleFileField(
        label=_("Upload images"),
        required=False,
        help_text=_(
            "JPEG, PNG or WebP; choose several at once. They go to the media library "
            "and to the end of the gallery."
        ),
    )

    class Meta:
        model = Project
        fields = PROJECT_FIELDS
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 8}),
            "completed_on": DateInput(),
            "services": forms.CheckboxSelectMultiple,
        }
        help_texts = {"body": RICH_TEXT_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = SLUG_HELP
        self.fields["services"].queryset = Service.objects.select_related("category").order_by(
            "category__order", "order", "name"
        )


class GalleryRowForm(StyledForm):
    """One image of a project's gallery: its place, caption, or removal."""

    asset = forms.ModelChoiceField(queryset=MediaAsset.objects.all(), widget=forms.HiddenInput)
    caption = forms.CharField(label=_("Caption"), required=False, max_length=200)
    position = forms.IntegerField(
        widget=forms.HiddenInput(attrs={"data-position": ""}), min_value=0
    )
    remove = forms.BooleanField(label=_("Remove from the gallery"), required=False)


class BaseGalleryFormSet(forms.BaseFormSet):
    def ordered_rows(self) -> list[dict]:
        """Rows in their ``position`` order (set by the drag-and-drop module
        or by the up/down buttons), removed ones left out."""
        rows = [f.cleaned_data for f in self.forms if f.cleaned_data]
        rows.sort(key=lambda row: row["position"])
        return [row for row in rows if not row.get("remove")]

    def image_specs(self) -> list[dict]:
        return [{"asset": r["asset"], "caption": r.get("caption", "")} for r in self.ordered_rows()]


GalleryFormSet = forms.formset_factory(
    GalleryRowForm, formset=BaseGalleryFormSet, extra=0, max_num=200
)


def gallery_initial(images) -> list[dict]:
    return [
        {"asset": image.asset_id, "caption": image.caption, "position": index}
        for index, image in enumerate(images)
    ]


# --- Media ----------------------------------------------------------------------


class MediaUploadForm(StyledForm):
    files = MultipleFileField(
        label=_("Images"),
        help_text=_("JPEG, PNG or WebP; choose one or many. At most %(mb)s MB each."),
    )
    alt = forms.CharField(
        label=_("Alt text"),
        required=False,
        max_length=250,
        help_text=_("Describes the picture for people who cannot see it; used for every file."),
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=400,
        help_text=_("Separated by commas, e.g. office, split unit, Nairobi."),
    )

    def __init__(self, *args, max_mb: int = 10, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = self.fields["files"].help_text % {"mb": max_mb}
        self.fields["files"].widget.attrs["data-upload-input"] = ""


class MediaEditForm(ShapedForm):
    class Meta:
        model = MediaAsset
        fields = ("title", "alt", "tags")
        widgets = {"alt": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"tags": _("Separated by commas.")}

    def __init__(self, *args, **kwargs):
        instance = kwargs.get("instance")
        super().__init__(*args, **kwargs)
        if instance is not None and not self.is_bound:
            self.initial["tags"] = ", ".join(instance.tag_list)


# --- CMS ------------------------------------------------------------------------


class PageForm(ShapedForm):
    og_image = MediaPick(label=_("Image for social media"))
    og_upload = image_upload_field()

    class Meta:
        model = Page
        fields = (
            "title",
            "slug",
            "body",
            "is_published",
            "og_image",
            "seo_title",
            "seo_description",
        )
        widgets = {"body": forms.Textarea(attrs={"rows": 16})}
        help_texts = {"body": RICH_TEXT_HELP}

    image_fields = (("og_image", "og_upload"),)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = SLUG_HELP


PUBLISH_DRAFT, PUBLISH_NOW, PUBLISH_SCHEDULE = "draft", "now", "schedule"
PUBLISH_CHOICES = [
    (PUBLISH_DRAFT, _("Draft — not on the website")),
    (PUBLISH_NOW, _("Published — on the website now")),
    (PUBLISH_SCHEDULE, _("Scheduled — appears by itself at the time below")),
]


class PostForm(ShapedForm):
    cover = MediaPick(label=_("Cover image"))
    cover_upload = image_upload_field()
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=300,
        help_text=_("Separated by commas, e.g. tips, maintenance."),
    )
    publish = forms.ChoiceField(
        label=_("Publishing"),
        choices=PUBLISH_CHOICES,
        initial=PUBLISH_DRAFT,
        widget=forms.RadioSelect,
    )
    published_at = LocalDateTimeField(
        label=_("Publish at"),
        required=False,
        help_text=_("Nairobi time (EAT). Needed for a scheduled post."),
    )

    class Meta:
        model = BlogPost
        fields = (
            "title",
            "slug",
            "excerpt",
            "body",
            "tags",
            "cover",
            "seo_title",
            "seo_description",
        )
        widgets = {
            "excerpt": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 16}),
        }
        help_texts = {"body": RICH_TEXT_HELP}

    image_fields = (("cover", "cover_upload"),)

    def __init__(self, *args, **kwargs):
        instance = kwargs.get("instance")
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = SLUG_HELP
        self.instance_status = instance.status if instance else None
        self.instance_published_at = instance.published_at if instance else None
        if instance is not None and not self.is_bound:
            self.initial["tags"] = ", ".join(instance.tag_list)
            self.initial["publish"] = {
                PostStatus.DRAFT: PUBLISH_DRAFT,
                PostStatus.SCHEDULED: PUBLISH_SCHEDULE,
                PostStatus.PUBLISHED: PUBLISH_NOW,
            }[instance.status]
            self.initial["published_at"] = instance.published_at

    def clean(self):
        data = super().clean()
        when = data.get("published_at")
        if data.get("publish") == PUBLISH_SCHEDULE:
            if when is None:
                self.add_error("published_at", _("Say when the post should appear."))
            elif when <= timezone.now():
                self.add_error(
                    "published_at",
                    _("Choose a time in the future, or pick “Published” to publish now."),
                )
        return data

    def service_data(self) -> dict:
        data = super().service_data()
        choice = self.cleaned_data["publish"]
        if choice == PUBLISH_DRAFT:
            data["status"], data["published_at"] = PostStatus.DRAFT, None
        elif choice == PUBLISH_SCHEDULE:
            data["status"], data["published_at"] = (
                PostStatus.PUBLISHED,
                self.cleaned_data["published_at"],
            )
        else:
            # Publish now; a post already public keeps its original date.
            keep = (
                self.instance_status == PostStatus.PUBLISHED
                and self.instance_published_at is not None
                and self.instance_published_at <= timezone.now()
            )
            data["status"] = PostStatus.PUBLISHED
            data["published_at"] = self.instance_published_at if keep else None
        return data


class BannerForm(ShapedForm):
    image = MediaPick(label=_("Image"))
    image_upload = image_upload_field()
    active_from = LocalDateTimeField(
        label=_("Shown from"), required=False, help_text=_("Nairobi time. Empty: straight away.")
    )
    active_to = LocalDateTimeField(
        label=_("Shown until"), required=False, help_text=_("Nairobi time. Empty: no end.")
    )

    class Meta:
        model = Banner
        fields = BANNER_FIELDS
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"cta_url": _("A site path such as /book/ or an https:// link.")}

    image_fields = (("image", "image_upload"),)

    def clean(self):
        data = super().clean()
        start, end = data.get("active_from"), data.get("active_to")
        if start and end and end <= start:
            self.add_error("active_to", _("Must be after the start."))
        return data


class TestimonialForm(ShapedForm):
    photo = MediaPick(label=_("Photo"))
    photo_upload = image_upload_field()
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        coerce=int,
        choices=[(n, "★" * n) for n in range(5, 0, -1)],
        initial=5,
    )

    class Meta:
        model = Testimonial
        fields = ("client_name", "role_company", "quote", "rating", "photo", "order")
        widgets = {"quote": forms.Textarea(attrs={"rows": 4})}

    is_approved = forms.BooleanField(
        label=_("Approved: show it on the website"),
        required=False,
        help_text=_("Only with the client's agreement."),
    )

    image_fields = (("photo", "photo_upload"),)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # An existing testimonial is approved or withdrawn with its own buttons.
            del self.fields["is_approved"]


class FAQForm(ShapedForm):
    class Meta:
        model = FAQ
        fields = ("question", "answer", "category", "order", "is_published")
        widgets = {"answer": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "answer": RICH_TEXT_HELP,
            "category": _("Questions are grouped by category on the FAQ page."),
            "order": _("Lower numbers come first within the category."),
        }

    fieldsets = ((_("Question"), ("question", "answer", "category", "order", "is_published")),)

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].widget.attrs["list"] = "faq-categories"
        self.categories = categories
