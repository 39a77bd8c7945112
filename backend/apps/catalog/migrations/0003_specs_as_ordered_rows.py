"""Service.specs: from a label → value object to a list of
{"label", "value"} rows.

PostgreSQL's jsonb stores an object's keys sorted (shorter first), so the
order an editor gave the rows was lost on every save; an array keeps it.
Existing objects become rows in the order their keys have now (on SQLite the
order they were written in; on PostgreSQL jsonb's order, the original being
already gone)."""

from django.db import migrations, models


def mapping_to_rows(specs):
    if isinstance(specs, dict):
        return [
            {"label": str(label), "value": "" if value is None else str(value)}
            for label, value in specs.items()
        ]
    if specs is None:
        return []
    return specs


def rows_to_mapping(specs):
    if isinstance(specs, list):
        return {row["label"]: row["value"] for row in specs if isinstance(row, dict)}
    return specs or {}


def _convert(apps, convert):
    Service = apps.get_model("services", "Service")
    for service in Service.objects.only("pk", "specs").iterator(chunk_size=500):
        converted = convert(service.specs)
        if converted is not service.specs:
            Service.objects.filter(pk=service.pk).update(specs=converted)


def forwards(apps, schema_editor):
    _convert(apps, mapping_to_rows)


def backwards(apps, schema_editor):
    _convert(apps, rows_to_mapping)


class Migration(migrations.Migration):

    dependencies = [
        ('services', '0002_service_hero_image_servicecategory_seo_description_and_more'),
    ]

    operations = [
        migrations.AlterField(
            model_name='service',
            name='specs',
            field=models.JSONField(blank=True, default=list, help_text='Shown as a specification table, in this order: rows of label and value.', verbose_name='specifications'),
        ),
        migrations.RunPython(forwards, backwards),
    ]
