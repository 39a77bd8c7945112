"""Service specifications are rows kept in the order the editor gave them."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import connection

from apps.catalog import services
from apps.catalog.models import Service
from apps.catalog.tests.factories import ServiceCategoryFactory, ServiceFactory

pytestmark = pytest.mark.django_db

# Deliberately neither alphabetical nor by length: jsonb sorts an object's
# keys by length, then bytes ("EER" < "Noise" < "Warranty" < "Capacity range").
ROWS = [
    {"label": "Warranty", "value": "24 months"},
    {"label": "Capacity range", "value": "9,000-24,000 BTU"},
    {"label": "Noise", "value": "19 dB"},
    {"label": "EER", "value": "3.6"},
]

migration = importlib.import_module("apps.catalog.migrations.0003_specs_as_ordered_rows")


@pytest.mark.postgres
def test_spec_rows_keep_their_order_through_a_save_and_reload_on_postgresql(editor_user):
    service = services.create_service(
        actor=editor_user, category=ServiceCategoryFactory(), name="Split AC", specs=ROWS
    )
    assert Service.objects.get(pk=service.pk).specs == ROWS
    reordered = [ROWS[2], ROWS[0], ROWS[3], ROWS[1]]
    services.update_service(service=service, actor=editor_user, specs=reordered)
    assert Service.objects.get(pk=service.pk).specs == reordered
    # Why rows: the same table stored as an object comes back re-sorted.
    Service.objects.filter(pk=service.pk).update(specs={r["label"]: r["value"] for r in ROWS})
    assert list(Service.objects.get(pk=service.pk).specs) == [
        "EER",
        "Noise",
        "Warranty",
        "Capacity range",
    ]


def test_an_object_from_an_older_api_client_becomes_rows_in_its_key_order(editor_user):
    service = services.create_service(
        actor=editor_user,
        category=ServiceCategoryFactory(),
        name="Split AC",
        specs={"Warranty": "24 months", " Capacity ": 12000},
    )
    assert service.specs == [
        {"label": "Warranty", "value": "24 months"},
        {"label": "Capacity", "value": "12000"},
    ]


@pytest.mark.parametrize(
    "specs",
    [
        "Capacity: 12,000 BTU",
        ["Capacity", "12,000 BTU"],
        [{"value": "12,000 BTU"}],
    ],
)
def test_specifications_of_another_shape_are_refused(editor_user, specs):
    service = ServiceFactory()
    with pytest.raises(ValidationError) as raised:
        services.update_service(service=service, actor=editor_user, specs=specs)
    assert "specs" in raised.value.message_dict


def test_a_label_used_twice_is_refused(editor_user):
    service = ServiceFactory()
    rows = [{"label": "Capacity", "value": "9,000"}, {"label": " capacity", "value": "12,000"}]
    with pytest.raises(ValidationError) as raised:
        services.update_service(service=service, actor=editor_user, specs=rows)
    assert "used twice" in raised.value.message_dict["specs"][0]


def test_the_model_accepts_only_rows():
    service = ServiceFactory.build(category=ServiceCategoryFactory(), specs={"Capacity": "9,000"})
    with pytest.raises(ValidationError) as raised:
        service.full_clean()
    assert "specs" in raised.value.message_dict
    service.specs = ROWS
    service.full_clean()


def test_the_migration_turns_stored_objects_into_rows_in_their_key_order():
    legacy = ServiceFactory()
    Service.objects.filter(pk=legacy.pk).update(
        specs={"Warranty": "24 months", "Capacity": "12,000 BTU", "Units": 2}
    )
    # The order the object has now: as written on SQLite; jsonb's own on
    # PostgreSQL, where the written order is already gone.
    stored = Service.objects.get(pk=legacy.pk).specs
    empty = ServiceFactory()
    Service.objects.filter(pk=empty.pk).update(specs={})
    current = ServiceFactory(specs=ROWS)

    migration.forwards(django_apps, None)

    legacy.refresh_from_db()
    empty.refresh_from_db()
    current.refresh_from_db()
    assert legacy.specs == [{"label": k, "value": str(v)} for k, v in stored.items()]
    if connection.vendor == "sqlite":
        assert [row["label"] for row in legacy.specs] == ["Warranty", "Capacity", "Units"]
    assert empty.specs == []
    assert current.specs == ROWS

    migration.backwards(django_apps, None)
    legacy.refresh_from_db()
    assert legacy.specs == {"Warranty": "24 months", "Capacity": "12,000 BTU", "Units": "2"}
