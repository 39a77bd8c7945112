from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import BaseModel
from apps.core.slugs import SlugHistory


def is_spec_rows(specs: object) -> bool:
    """True for the stored shape of ``Service.specs``: a list of
    ``{"label": str, "value": str}`` objects."""
    return isinstance(specs, list) and all(
        isinstance(row, dict)
        and set(row) == {"label", "value"}
        and isinstance(row["label"], str)
        and isinstance(row["value"], str)
        for row in specs
    )


class ServiceCategory(BaseModel):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    description = models.TextField(_("description"), blank=True)
    icon = models.CharField(
        _("icon"), max_length=40, blank=True, help_text=_("Name of an icon in the site's icon set.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    seo_title = models.CharField(_("SEO title"), max_length=70, blank=True)
    seo_description = models.CharField(_("SEO description"), max_length=160, blank=True)

    class Meta:
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


# "Can be booked online": the one rule, as a query (``bookable_services``)
# and for one service (``Service.can_be_booked``). Every door reads it: the
# booking form's choices, the API, the admin portal, the pages that show a
# "Book" button, and ``create_booking`` enforces it.
BOOKABLE = models.Q(is_active=True, is_bookable=True, category__is_active=True)


class Service(BaseModel):
    category = models.ForeignKey(
        ServiceCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="services",
    )
    name = models.CharField(_("name"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=180, unique=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(_("description"), blank=True)
    # A list of {"label": …, "value": …} rows, not a label → value object:
    # PostgreSQL's jsonb re-sorts an object's keys, an array keeps its order,
    # so the rows stay in the order the editor set.
    specs = models.JSONField(
        _("specifications"),
        default=list,
        blank=True,
        help_text=_("Shown as a specification table, in this order: rows of label and value."),
    )
    base_price_min = models.DecimalField(
        _("price from"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    base_price_max = models.DecimalField(
        _("price up to"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    visit_duration_minutes = models.PositiveIntegerField(
        _("visit duration (minutes)"), default=120, validators=[MinValueValidator(15)]
    )
    is_bookable = models.BooleanField(_("bookable online"), default=True)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    hero_image = models.ForeignKey(
        "media.MediaAsset",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_heroes",
    )
    seo_title = models.CharField(_("SEO title"), max_length=70, blank=True)
    seo_description = models.CharField(_("SEO description"), max_length=160, blank=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["category__order", "order", "name"]
        indexes = [models.Index(fields=["is_active", "category"], name="service_active_cat_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(base_price_min__isnull=True)
                | models.Q(base_price_max__isnull=True)
                | models.Q(base_price_min__lte=models.F("base_price_max")),
                name="service_price_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def can_be_booked(self) -> bool:
        """The service is active, bookable online and its category is active
        (the row form of ``BOOKABLE``)."""
        return bool(self.is_active and self.is_bookable and self.category.is_active)

    def clean(self) -> None:
        if (
            self.base_price_min is not None
            and self.base_price_max is not None
            and self.base_price_min > self.base_price_max
        ):
            raise ValidationError({"base_price_max": _("Must not be below the starting price.")})
        if not is_spec_rows(self.specs):
            raise ValidationError(
                {"specs": _("Specifications are a list of rows, each with a label and a value.")}
            )


class ServiceCategorySlugHistory(SlugHistory):
    owner = models.ForeignKey(ServiceCategory, on_delete=models.CASCADE, related_name="old_slugs")

    class Meta(SlugHistory.Meta):
        verbose_name = _("old category address")
        verbose_name_plural = _("old category addresses")


class ServiceSlugHistory(SlugHistory):
    owner = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="old_slugs")

    class Meta(SlugHistory.Meta):
        verbose_name = _("old service address")
        verbose_name_plural = _("old service addresses")
