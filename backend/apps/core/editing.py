"""The shared mechanics of a content write service: apply the allowed
changes, sanitise rich text, keep slug history, validate, save, and return
the audit diff. The calling service owns the transaction, the audit entry
and the cache invalidation, so each keeps its own name and rules."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

from apps.core.rich_text import sanitize_html
from apps.core.services import diff_fields, snapshot
from apps.core.slugs import SlugHistory, change_slug


def apply_changes(
    *,
    instance: models.Model,
    changes: dict[str, Any],
    editable: Iterable[str],
    rich_text: Iterable[str] = (),
    history_model: type[SlugHistory] | None = None,
) -> dict[str, list[Any]]:
    editable = set(editable)
    unknown = set(changes) - editable
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    many = {
        name: value
        for name, value in changes.items()
        if instance._meta.get_field(name).many_to_many
    }
    plain = {name: value for name, value in changes.items() if name not in many}
    before = snapshot(instance, plain)
    before_many = {
        name: sorted(str(pk) for pk in getattr(instance, name).values_list("pk", flat=True))
        for name in many
        if instance.pk
    }
    rich = set(rich_text)
    for name, value in plain.items():
        if name == "slug" and history_model is not None:
            change_slug(instance=instance, history_model=history_model, new_slug=value)
            continue
        if name in rich:
            value = sanitize_html(value)
        elif isinstance(value, str) and name not in rich:
            value = value.strip()
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    for name, value in many.items():
        getattr(instance, name).set(value)
    diff = diff_fields(before, snapshot(instance, plain))
    for name, value in many.items():
        after = sorted(str(getattr(v, "pk", v)) for v in value)
        if before_many.get(name) != after:
            diff[name] = [before_many.get(name, []), after]
    return diff
