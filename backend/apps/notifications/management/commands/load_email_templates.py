"""Create missing e-mail templates and refresh unedited ones from the shipped files."""

from django.core.management.base import BaseCommand

from apps.notifications.services import load_email_templates


class Command(BaseCommand):
    help = "Load the default e-mail templates; templates staff edited are kept."

    def add_arguments(self, parser):
        parser.add_argument(
            "--overwrite", action="store_true", help="Also replace templates staff edited."
        )

    def handle(self, *args, overwrite: bool, **options):
        counts = load_email_templates(overwrite=overwrite)
        self.stdout.write(
            f"E-mail templates: {counts['created']} created, {counts['updated']} updated, "
            f"{counts['kept']} kept."
        )
