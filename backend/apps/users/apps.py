from django.apps import AppConfig
from django.db.models.signals import post_migrate


class UsersConfig(AppConfig):
    name = "apps.users"
    label = "users"
    verbose_name = "Users and roles"

    def ready(self) -> None:
        from apps.users.roles import sync_role_permissions_after_migrate

        # Permissions are created in post_migrate; the groups' permissions are
        # synced after the last app's permissions exist.
        post_migrate.connect(sync_role_permissions_after_migrate, dispatch_uid="users.sync_roles")
