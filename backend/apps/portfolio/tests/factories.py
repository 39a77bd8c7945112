from __future__ import annotations

import datetime as dt

import factory

from apps.media.tests.factories import MediaAssetFactory
from apps.portfolio.models import Project, ProjectImage


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Office fit-out {n}")
    slug = factory.Sequence(lambda n: f"office-fit-out-{n}")
    summary = "Twelve split units for a new office floor."
    body = "<p>The story.</p>"
    client_name = "Acacia Towers Ltd"
    client_consent = False
    town = "Nairobi"
    completed_on = factory.Sequence(lambda n: dt.date(2025, 1, 1) + dt.timedelta(days=n))

    @factory.post_generation
    def services(self, create, extracted, **kwargs):
        if create and extracted:
            self.services.set(extracted)

    @factory.post_generation
    def with_images(self, create, extracted, **kwargs):
        if create and extracted:
            for order in range(extracted):
                ProjectImage.objects.create(
                    project=self, asset=MediaAssetFactory(), caption=f"View {order}", order=order
                )
