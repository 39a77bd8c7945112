"""Four two-hour arrival windows, two crews each: the company's usual day."""

import datetime as dt

from django.db import migrations

WINDOWS = (("08:00", "10:00"), ("10:00", "12:00"), ("13:00", "15:00"), ("15:00", "17:00"))


def create_windows(apps, schema_editor):
    ArrivalWindow = apps.get_model("leads", "ArrivalWindow")
    if ArrivalWindow.objects.exists():
        return
    for start, end in WINDOWS:
        ArrivalWindow.objects.create(
            start_time=dt.time.fromisoformat(start), end_time=dt.time.fromisoformat(end), capacity=2
        )


class Migration(migrations.Migration):
    dependencies = [("leads", "0003_bookings_and_availability")]
    operations = [migrations.RunPython(create_windows, migrations.RunPython.noop)]
