from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from apps.core.models import BaseModel
from apps.core.slugs import SlugHistory


class Page(BaseModel):
    """A page managed in the CMS, shown at its slug (about, privacy, terms …)."""

    title = models.CharField(_("title"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=180, unique=True)
    body = models.TextField(_("body"), blank=True, help_text=_("Sanitised HTML."))
    seo_title = models.CharField(_("SEO title"), max_length=70, blank=True)
    seo_description = models.CharField(_("SEO description"), max_length=160, blank=True)
    og_image = models.ForeignKey(
        "media.MediaAsset",
        verbose_name=_("Open Graph image"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="page_og_images",
    )
    is_published = models.BooleanField(_("published"), default=False)

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class PostStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")


class BlogPost(BaseModel):
    """A blog article. Visible to the public once published and its
    ``published_at`` has come (a scheduled post appears by itself)."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="blog_posts",
    )
    cover = models.ForeignKey(
        "media.MediaAsset",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="post_covers",
    )
    excerpt = models.CharField(_("excerpt"), max_length=300, blank=True)
    body = models.TextField(_("body"), blank=True, help_text=_("Sanitised HTML."))
    tags = models.CharField(_("tags"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PostStatus.choices, default=PostStatus.DRAFT
    )
    published_at = models.DateTimeField(_("publish at"), null=True, blank=True, db_index=True)
    seo_title = models.CharField(_("SEO title"), max_length=70, blank=True)
    seo_description = models.CharField(_("SEO description"), max_length=160, blank=True)

    class Meta:
        verbose_name = _("blog post")
        verbose_name_plural = _("blog posts")
        ordering = ["-published_at", "-created_at"]
        indexes = [models.Index(fields=["status", "-published_at"], name="post_status_date_idx")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.status != PostStatus.DRAFT and self.published_at is None:
            raise ValidationError({"published_at": _("Say when the post is published.")})

    @property
    def tag_list(self) -> list[str]:
        return [tag for tag in self.tags.split(",") if tag]


class Banner(BaseModel):
    """A hero slide on the home page, shown inside its active window."""

    headline = models.CharField(_("headline"), max_length=120)
    text = models.CharField(_("text"), max_length=300, blank=True)
    cta_label = models.CharField(_("button label"), max_length=40, blank=True)
    cta_url = models.CharField(_("button link"), max_length=300, blank=True)
    image = models.ForeignKey(
        "media.MediaAsset",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="banner_images",
    )
    active_from = models.DateTimeField(_("shown from"), null=True, blank=True)
    active_to = models.DateTimeField(_("shown until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("banner")
        verbose_name_plural = _("banners")
        ordering = ["order", "-created_at"]

    def __str__(self) -> str:
        return self.headline

    def clean(self) -> None:
        if self.active_from and self.active_to and self.active_to <= self.active_from:
            raise ValidationError({"active_to": _("Must be after the start.")})
        if self.cta_label and not self.cta_url:
            raise ValidationError({"cta_url": _("A button needs a link.")})
        if self.cta_url and not (
            self.cta_url.startswith(("/", "https://", "http://", "tel:", "mailto:"))
        ):
            raise ValidationError({"cta_url": _("Use a site path (/…) or an https:// link.")})


class Testimonial(BaseModel):
    """A client's words about the company, shown once staff approve them."""

    client_name = models.CharField(_("client name"), max_length=120)
    role_company = models.CharField(_("role / company"), max_length=160, blank=True)
    quote = models.TextField(_("quote"), max_length=1200)
    rating = models.PositiveSmallIntegerField(
        _("rating"), default=5, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    photo = models.ForeignKey(
        "media.MediaAsset",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="testimonial_photos",
    )
    is_approved = models.BooleanField(_("approved"), default=False)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("testimonial")
        verbose_name_plural = _("testimonials")
        ordering = ["order", "-created_at"]

    def __str__(self) -> str:
        return f"{self.client_name}: {self.quote[:40]}"


class FAQ(BaseModel):
    question = models.CharField(_("question"), max_length=250)
    answer = models.TextField(_("answer"), help_text=_("Sanitised HTML."))
    category = models.CharField(_("category"), max_length=80, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ")
        ordering = ["category", "order", "question"]

    def __str__(self) -> str:
        return self.question


class PageSlugHistory(SlugHistory):
    owner = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="old_slugs")

    class Meta(SlugHistory.Meta):
        verbose_name = _("old page address")
        verbose_name_plural = _("old page addresses")


class BlogPostSlugHistory(SlugHistory):
    owner = models.ForeignKey(BlogPost, on_delete=models.CASCADE, related_name="old_slugs")

    class Meta(SlugHistory.Meta):
        verbose_name = _("old post address")
        verbose_name_plural = _("old post addresses")


class ContactMessage(BaseModel):
    """A message sent with the website's contact form before inquiries
    existed. Kept readable (Django admin, read-only); the contact form now
    creates a ``leads.Inquiry`` instead, so no new rows are written."""

    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail"))
    phone = PhoneNumberField(_("phone"), blank=True)
    subject = models.CharField(_("subject"), max_length=160, blank=True)
    message = models.TextField(_("message"), max_length=4000)
    ip_address = models.GenericIPAddressField(_("sent from"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name}: {self.subject or self.message[:40]}"
