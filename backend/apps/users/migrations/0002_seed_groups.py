"""Create the staff and client groups. Their permissions are set after every
migrate from apps.users.roles (permissions only exist once post_migrate ran)."""

from django.db import migrations

GROUPS = ("Administrator", "Sales", "Technician", "Content editor", "Client")


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in GROUPS:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
