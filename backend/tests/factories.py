"""factory_boy factories shared by every app's tests."""

from __future__ import annotations

import factory
from django.contrib.auth.models import Group

from apps.users import roles
from apps.users.models import Role, User

DEFAULT_PASSWORD = "Kilimanjaro-Sunrise-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.co.ke")
    full_name = factory.Faker("name")
    role = Role.CLIENT
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if not create:
            return
        names = extracted
        if names is None:
            names = {Role.CLIENT: [roles.CLIENT], Role.ADMIN: [roles.ADMINISTRATOR]}.get(
                self.role, []
            )
        if names:
            self.groups.add(*Group.objects.filter(name__in=names))
        self.save()


class ClientUserFactory(UserFactory):
    role = Role.CLIENT


class AdminUserFactory(UserFactory):
    role = Role.ADMIN


class StaffUserFactory(UserFactory):
    """Staff member; pass ``groups=[roles.SALES]`` etc."""

    role = Role.STAFF
