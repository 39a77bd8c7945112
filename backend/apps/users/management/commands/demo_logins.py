"""Print where the site is and how to sign in as each demo role."""

from django.core.management.base import BaseCommand

from apps.users.demo import DEMO_PASSWORD_NOTE, credentials


class Command(BaseCommand):
    help = "Print the site's URLs and the demo log-ins."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")

    def handle(self, *args, base_url: str, **options):
        base = base_url.rstrip("/")
        w = self.stdout.write
        w("")
        w(self.style.SUCCESS("Global Cool-Light is starting"))
        for label, path in (
            ("Public website", "/"),
            ("Admin portal", "/admin/"),
            ("Client portal", "/portal/"),
            ("API (Swagger UI)", "/api/docs/"),
            ("API (Redoc)", "/api/redoc/"),
            ("Django admin", "/django-admin/"),
            ("Health", "/healthz"),
            ("Readiness", "/readyz"),
        ):
            w(f"  {label:<18} {base}{path}")
        w("")
        w(f"Demo log-ins ({DEMO_PASSWORD_NOTE}):")
        for group, email, password in credentials():
            w(f"  {group:<15} {email:<26} {password}")
        w("")
        w("E-mails are written to var/mail/. Stop with Ctrl+C.")
        w("")
