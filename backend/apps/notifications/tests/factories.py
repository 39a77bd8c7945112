from __future__ import annotations

import factory

from apps.leads.models import Client


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"client{n}@example.co.ke")
    phone = factory.Sequence(lambda n: f"+2547220{n:05d}")
    marketing_opt_in = True
