"""Site search for the public website: services, projects and blog posts.

Three queries whatever the number of matches (services; projects with their
gallery and services prefetched, i.e. three; posts): five in all. Every word of
the query must appear in one of a record's text fields, case-insensitively, on
SQLite and PostgreSQL alike."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_

from django.db.models import Q

from apps.catalog.models import Service
from apps.catalog.selectors import public_services
from apps.cms.models import BlogPost
from apps.cms.selectors import public_posts
from apps.portfolio.models import Project
from apps.portfolio.selectors import public_projects

MIN_QUERY_LENGTH = 2
MAX_WORDS = 6


@dataclass
class PublicSearchResults:
    query: str
    services: list[Service] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    posts: list[BlogPost] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.services) + len(self.projects) + len(self.posts)


def search_words(query: str) -> list[str]:
    words = [w for w in " ".join((query or "").split()).split(" ") if len(w) >= MIN_QUERY_LENGTH]
    return words[:MAX_WORDS]


def _matching(words: list[str], fields: tuple[str, ...]) -> Q:
    return reduce(
        and_,
        (reduce(or_, (Q(**{f"{name}__icontains": word}) for name in fields)) for word in words),
    )


def search_public_content(*, query: str, limit: int = 10) -> PublicSearchResults:
    """What an anonymous visitor may see that matches ``query``, at most
    ``limit`` of each kind. A query without a word of two letters finds nothing
    (and runs no query)."""
    words = search_words(query)
    results = PublicSearchResults(query=" ".join(words))
    if not words:
        return results
    results.services = list(
        public_services().filter(_matching(words, ("name", "summary", "body", "category__name")))[
            :limit
        ]
    )
    results.projects = list(
        public_projects()
        .filter(_matching(words, ("title", "summary", "town", "location")))
        .order_by("-is_featured", "-completed_on")[:limit]
    )
    results.posts = list(
        public_posts().filter(_matching(words, ("title", "excerpt", "tags")))[:limit]
    )
    return results
