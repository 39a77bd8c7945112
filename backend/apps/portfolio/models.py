from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import BaseModel
from apps.core.slugs import SlugHistory


class Project(BaseModel):
    """A finished job shown in the portfolio."""

    title = models.CharField(_("title"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=180, unique=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(_("story"), blank=True, help_text=_("Sanitised HTML."))
    client_name = models.CharField(_("client name"), max_length=150, blank=True)
    client_consent = models.BooleanField(
        _("client agreed to be named"),
        default=False,
        help_text=_("The client's name is shown on the site only when this is ticked."),
    )
    town = models.CharField(_("town"), max_length=80, db_index=True)
    location = models.CharField(
        _("location"), max_length=120, blank=True, help_text=_("Area or estate, e.g. Westlands.")
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    services = models.ManyToManyField(
        "services.Service", verbose_name=_("services"), related_name="projects", blank=True
    )
    is_featured = models.BooleanField(_("featured"), default=False)
    is_published = models.BooleanField(_("published"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    seo_title = models.CharField(_("SEO title"), max_length=70, blank=True)
    seo_description = models.CharField(_("SEO description"), max_length=160, blank=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-completed_on", "order", "title"]
        indexes = [
            models.Index(
                fields=["is_published", "-completed_on"], name="project_published_date_idx"
            ),
            models.Index(fields=["is_published", "is_featured"], name="project_featured_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def public_client_name(self) -> str:
        """The client's name, only when they agreed to be named."""
        return self.client_name if self.client_consent else ""


class ProjectImage(BaseModel):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="images"
    )
    asset = models.ForeignKey(
        "media.MediaAsset",
        verbose_name=_("image"),
        on_delete=models.PROTECT,
        related_name="project_images",
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    media_usage_select_related = ("project",)

    class Meta:
        verbose_name = _("project image")
        verbose_name_plural = _("project images")
        ordering = ["order", "created_at"]

    def __str__(self) -> str:
        return f"{self.project.title} — {self.caption or _('image')}"


class ProjectSlugHistory(SlugHistory):
    owner = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="old_slugs")

    class Meta(SlugHistory.Meta):
        verbose_name = _("old project address")
        verbose_name_plural = _("old project addresses")
