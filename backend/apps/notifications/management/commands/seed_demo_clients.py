"""Create N opted-in demo clients (default 1,000) for trying a campaign.

manage.py seed_demo_clients            # 1,000 clients, idempotent
manage.py seed_demo_clients --count 50
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from apps.leads.models import Client, ConsentSource

TOWNS = ("Nairobi", "Mombasa", "Kisumu", "Nakuru", "Eldoret", "Thika", "Malindi")
FIRST = ("Achieng", "Baraka", "Chebet", "Daudi", "Esther", "Faraji", "Gathoni", "Halima")
LAST = ("Otieno", "Mwangi", "Kiprono", "Wanjiru", "Odhiambo", "Njoroge", "Mutua", "Ali")


class Command(BaseCommand):
    help = "Create opted-in demo clients (demo-client-NNNN@example.test) for campaigns."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1000)

    @transaction.atomic
    def handle(self, *args, count: int, **options):
        now = timezone.now()
        existing = set(
            Client.objects.filter(email__startswith="demo-client-").values_list("email", flat=True)
        )
        new = []
        for i in range(1, count + 1):
            email = f"demo-client-{i:04d}@example.test"
            if email in existing:
                continue
            new.append(
                Client(
                    name=f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]}",
                    email=email,
                    phone=f"+2547{10000000 + i:08d}",
                    town=TOWNS[i % len(TOWNS)],
                    marketing_opt_in=True,
                    marketing_opt_in_at=now,
                    marketing_opt_in_source=ConsentSource.IMPORT,
                )
            )
        Client.objects.bulk_create(new, batch_size=500)
        self.stdout.write(f"Demo clients: {len(new)} created, {len(existing)} already there.")
