"""Global search: the admin portal's top bar asks every registered source.

A domain app registers a source in its AppConfig.ready()::

    search.register(search.Source(
        key="users", label=_("People"), permission="users.view_user", find=find_users,
    ))

``find(query, limit, user)`` returns SearchHit rows. Sources are asked only
for people holding the source's permission, and a source whose records are
scoped per person (bookings: a technician's own visits) reads them through
its selector with ``user``, so results never show what a person could not
open."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SearchHit:
    title: str
    subtitle: str
    url: str


@dataclass(frozen=True)
class Source:
    key: str
    label: Any
    permission: str
    find: Callable[[str, int, Any], list[SearchHit]]


_SOURCES: dict[str, Source] = {}


def register(source: Source) -> None:
    _SOURCES[source.key] = source


def sources() -> list[Source]:
    return list(_SOURCES.values())
