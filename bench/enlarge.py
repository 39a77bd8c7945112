"""Grow the demo data to benchmark size: 50 services, 300 projects, 200 posts.

Run after ``seed_demo`` with DJANGO_SETTINGS_MODULE and DATABASE_URL set (see
run.sh). Rows are bulk-inserted (this is load-test data, not content to audit);
project galleries reuse the demo images so prefetches carry realistic rows.
Idempotent: tops up to the targets."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "backend"))

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from apps.cms.models import BlogPost, PostStatus  # noqa: E402
from apps.core.public_cache import bump_content_version  # noqa: E402
from apps.media.models import MediaAsset  # noqa: E402
from apps.portfolio.models import Project, ProjectImage  # noqa: E402
from apps.catalog.models import Service, ServiceCategory  # noqa: E402

SERVICES = int(os.environ.get("BENCH_SERVICES", 50))
PROJECTS = int(os.environ.get("BENCH_PROJECTS", 300))
POSTS = int(os.environ.get("BENCH_POSTS", 200))
TOWNS = ("Nairobi", "Mombasa", "Kisumu", "Nakuru", "Eldoret", "Thika")


@transaction.atomic
def main() -> None:
    categories = list(ServiceCategory.objects.all())
    assets = list(MediaAsset.objects.all()[:40])
    hero = itertools.cycle(assets or [None])
    missing = SERVICES - Service.objects.count()
    Service.objects.bulk_create(
        Service(
            category=categories[n % len(categories)],
            name=f"Bench service {n}",
            slug=f"bench-service-{n}",
            summary="Supplied, installed and commissioned by our own technicians.",
            body="<p>" + "Reliable cooling for homes and offices. " * 20 + "</p>",
            specs=[
                {"label": "Capacity", "value": "12,000 BTU"},
                {"label": "Warranty", "value": "12 months"},
                {"label": "Visit", "value": "4 hours"},
            ],
            base_price_min=Decimal(20000 + n * 500),
            base_price_max=Decimal(60000 + n * 900),
            hero_image=next(hero),
            order=100 + n,
        )
        for n in range(max(0, missing))
    )
    services = list(Service.objects.all())
    missing = PROJECTS - Project.objects.count()
    start = dt.date(2019, 1, 1)
    new_projects = Project.objects.bulk_create(
        Project(
            title=f"Bench project {n}",
            slug=f"bench-project-{n}",
            summary="Split units, ducting and a maintenance plan for a growing business.",
            body="<p>" + "We surveyed, installed and commissioned the system. " * 30 + "</p>",
            client_name=f"Client {n} Ltd",
            client_consent=n % 2 == 0,
            town=TOWNS[n % len(TOWNS)],
            location="Town centre",
            completed_on=start + dt.timedelta(days=(n * 7) % 2500),
            is_featured=n % 10 == 0,
            order=n,
        )
        for n in range(max(0, missing))
    )
    through = Project.services.through
    through.objects.bulk_create(
        (
            through(project_id=p.pk, service_id=services[(i + k) % len(services)].pk)
            for i, p in enumerate(new_projects)
            for k in (0, 7)
        ),
        ignore_conflicts=True,
    )
    if assets:
        ProjectImage.objects.bulk_create(
            ProjectImage(
                project=p, asset=assets[(i + k) % len(assets)], caption=f"View {k}", order=k
            )
            for i, p in enumerate(new_projects)
            for k in range(3)
        )
    missing = POSTS - BlogPost.objects.count()
    now = timezone.now()
    BlogPost.objects.bulk_create(
        BlogPost(
            title=f"Bench post {n}",
            slug=f"bench-post-{n}",
            excerpt="Practical advice on keeping your air conditioning efficient.",
            body="<p>" + "Clean filters save power and money. " * 60 + "</p>",
            tags=",tips,maintenance,",
            status=PostStatus.PUBLISHED,
            published_at=now - dt.timedelta(hours=n + 1),
            cover=next(hero),
        )
        for n in range(max(0, missing))
    )
    bump_content_version()
    print(
        f"bench data: {Service.objects.count()} services, {Project.objects.count()} projects, "
        f"{BlogPost.objects.count()} posts"
    )


if __name__ == "__main__":
    main()
