"""Writes of the service catalog: audit entries, stable slugs, redirects."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apps.catalog import selectors, services
from apps.catalog.models import ServiceSlugHistory
from apps.catalog.tests.factories import ServiceCategoryFactory, ServiceFactory
from apps.core.models import AuditLog

pytestmark = pytest.mark.django_db


def test_create_service_slugifies_sanitises_and_audits(editor_user):
    category = ServiceCategoryFactory()
    service = services.create_service(
        actor=editor_user,
        category=category,
        name="Inverter AC installation",
        body='<p onclick="x">Saves power</p><script>bad()</script>',
        specs=[{"label": "  Capacity ", "value": " 12,000   BTU "}, {"label": " ", "value": "x"}],
        base_price_min=Decimal("70000"),
        base_price_max=Decimal("120000"),
    )
    assert service.slug == "inverter-ac-installation"
    assert service.body == "<p>Saves power</p>"
    assert service.specs == [{"label": "Capacity", "value": "12,000 BTU"}]
    entry = AuditLog.objects.get(action="service.created")
    assert entry.actor == editor_user and entry.target_id == str(service.pk)


def test_a_second_service_with_the_same_name_gets_a_free_slug(editor_user):
    category = ServiceCategoryFactory()
    first = services.create_service(actor=editor_user, category=category, name="Gas refill")
    second = services.create_service(actor=editor_user, category=category, name="Gas refill")
    assert (first.slug, second.slug) == ("gas-refill", "gas-refill-2")


def test_renaming_keeps_the_slug_stable(editor_user):
    service = ServiceFactory(slug="ac-repair", name="AC repair")
    services.update_service(service=service, actor=editor_user, name="AC diagnosis and repair")
    service.refresh_from_db()
    assert service.slug == "ac-repair"
    entry = AuditLog.objects.get(action="service.updated")
    assert entry.changes == {"name": ["AC repair", "AC diagnosis and repair"]}


def test_a_changed_slug_keeps_the_old_one_redirecting(editor_user):
    service = ServiceFactory(slug="gas-top-up")
    services.update_service(service=service, actor=editor_user, slug="gas-refill")
    services.update_service(service=service, actor=editor_user, slug="refrigerant-refill")
    for old in ("gas-top-up", "gas-refill"):
        found, moved = selectors.service_for_public(slug=old)
        assert (found, moved) == (service, True)
    assert selectors.service_for_public(slug="refrigerant-refill") == (service, False)
    # Back to an old slug: it is live again, not a redirect.
    services.update_service(service=service, actor=editor_user, slug="gas-refill")
    assert selectors.service_for_public(slug="gas-refill") == (service, False)
    assert set(ServiceSlugHistory.objects.values_list("slug", flat=True)) == {
        "gas-top-up",
        "refrigerant-refill",
    }


def test_a_new_service_may_take_an_old_slug_over(editor_user):
    moved = ServiceFactory(slug="old-name")
    services.update_service(service=moved, actor=editor_user, slug="new-name")
    fresh = services.create_service(
        actor=editor_user, category=moved.category, name="Other", slug="old-name"
    )
    assert selectors.service_for_public(slug="old-name") == (fresh, False)


def test_a_slug_in_use_is_refused(editor_user):
    ServiceFactory(slug="taken")
    other = ServiceFactory()
    with pytest.raises(ValidationError) as exc:
        services.update_service(service=other, actor=editor_user, slug="taken")
    assert "slug" in exc.value.message_dict


def test_price_range_must_be_ordered(editor_user):
    service = ServiceFactory()
    with pytest.raises(ValidationError) as exc:
        services.update_service(
            service=service, actor=editor_user, base_price_min=Decimal("10"), base_price_max=1
        )
    assert "base_price_max" in exc.value.message_dict


def test_a_category_with_services_cannot_be_deleted(editor_user):
    service = ServiceFactory()
    with pytest.raises(ValidationError):
        services.delete_category(category=service.category, actor=editor_user)
    services.delete_service(service=service, actor=editor_user)
    services.delete_category(category=service.category, actor=editor_user)
    assert AuditLog.objects.filter(action="service_category.deleted").count() == 1


def test_unknown_fields_are_refused(editor_user):
    with pytest.raises(ValueError):
        services.update_service(service=ServiceFactory(), actor=editor_user, id="x")
