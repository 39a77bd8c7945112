"""Stable slugs: a record keeps its slug when renamed, and a changed slug
leaves its old value behind so old links redirect to the new one.

Each sluggable model has a history model (a subclass of ``SlugHistory`` with a
foreign key named ``owner``). Services call :func:`change_slug` and
:func:`claim_slug`; public views call :func:`resolve_slug`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _


class SlugHistory(models.Model):
    """A slug a record used to have. Subclasses add ``owner = ForeignKey(...)``."""

    id = models.BigAutoField(primary_key=True)
    slug = models.SlugField(_("old slug"), max_length=180, unique=True)
    created_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.slug


def unique_slug(model: type[models.Model], text: str, *, max_length: int = 60) -> str:
    """A slug made from ``text`` that no current record of ``model`` uses."""
    base = slugify(text)[:max_length].strip("-") or "item"
    candidate, n = base, 2
    while model._default_manager.filter(slug=candidate).exists():
        suffix = f"-{n}"
        candidate = f"{base[: max_length - len(suffix)]}{suffix}"
        n += 1
    return candidate


def claim_slug(history_model: type[SlugHistory], slug: str) -> None:
    """A record now uses ``slug`` for real: it no longer redirects anywhere."""
    history_model._default_manager.filter(slug=slug).delete()


def change_slug(
    *, instance: Any, history_model: type[SlugHistory], new_slug: str
) -> tuple[str, str] | None:
    """Set ``instance.slug`` to ``new_slug`` (unsaved), remembering the old one.

    Returns ``(old, new)`` when it changed, for the audit entry."""
    old_slug = instance.slug
    if not new_slug or new_slug == old_slug:
        return None
    model = type(instance)
    if model._default_manager.filter(slug=new_slug).exclude(pk=instance.pk).exists():
        raise ValidationError({"slug": _("Another record already uses this address.")})
    claim_slug(history_model, new_slug)
    if old_slug:
        defaults: dict[str, Any] = {"owner": instance}
        history_model._default_manager.update_or_create(slug=old_slug, defaults=defaults)
    instance.slug = new_slug
    return old_slug, new_slug


def resolve_slug(
    queryset: models.QuerySet, history_model: type[SlugHistory], slug: str
) -> tuple[Any | None, bool]:
    """``(record, moved)``: the record whose slug is ``slug``, or the record that
    used to have it (``moved`` True, redirect to its current slug), or None."""
    record = queryset.filter(slug=slug).first()
    if record is not None:
        return record, False
    owner_field = "owner_id"  # every history model has an ``owner`` foreign key
    owner_ids = history_model._default_manager.filter(slug=slug).values(owner_field)[:1]
    record = queryset.filter(pk__in=owner_ids).first()
    return record, record is not None
