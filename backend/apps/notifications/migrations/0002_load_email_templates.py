"""Load the shipped default e-mail templates (only those not in the database).

Later changes to the shipped files are applied by ``manage.py
load_email_templates``, which also leaves staff edits alone."""

from django.db import migrations


def load(apps, schema_editor):
    from apps.notifications.catalog import CATALOG
    from apps.notifications.defaults import default_texts

    EmailTemplate = apps.get_model("notifications", "EmailTemplate")
    for key in CATALOG:
        if not EmailTemplate.objects.filter(key=key).exists():
            EmailTemplate.objects.create(key=key, **default_texts(key))


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
