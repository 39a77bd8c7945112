from __future__ import annotations

from decimal import Decimal

import factory

from apps.catalog.models import Service, ServiceCategory


class ServiceCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceCategory

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    description = "Air conditioning work of every kind."
    order = factory.Sequence(lambda n: n)


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    category = factory.SubFactory(ServiceCategoryFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    slug = factory.Sequence(lambda n: f"service-{n}")
    summary = "Installed and commissioned in one day."
    body = "<p>What we do.</p>"
    specs = factory.LazyFunction(
        lambda: [
            {"label": "Capacity", "value": "12,000 BTU"},
            {"label": "Warranty", "value": "12 months"},
        ]
    )
    base_price_min = Decimal("55000")
    base_price_max = Decimal("95000")
