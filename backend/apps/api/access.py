"""Who may reach one record behind an API detail route: the one rule for the
owner / staff / token doors of bookings, inquiries and quotations.

The doors, tried in this order:

- **staff**: an active member of staff holding the route's permission;
- **token**: whoever holds the record's link token (``?token=``, and where the
  record allows it ``token`` in the body), signed in or not;
- **owner**: the signed-in client the record belongs to.

A token that does not open this record answers 404, and so does a signed-in
caller who owns nothing here, so ids cannot be probed; an anonymous caller
without a token gets 401. Each record type says how it is read behind each
door (its own select_related/prefetch), this module only decides the order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, Literal, NamedTuple, TypeVar

from rest_framework.exceptions import NotAuthenticated, NotFound

T = TypeVar("T")
Who = Literal["staff", "owner", "token"]


class Reached(NamedTuple, Generic[T]):
    """The record, the door it was reached through and the token used ("" but
    through the token door)."""

    record: T
    who: Who
    token: str


def staff_may(user: Any, perm: str) -> bool:
    return bool(
        user.is_authenticated and user.is_active and user.is_staff_member and user.has_perm(perm)
    )


def request_token(request: Any, *, from_body: bool = True) -> str:
    """The link token: ``?token=``, else (``from_body``) ``token`` in the body."""
    token = request.query_params.get("token", "")
    if not token and from_body and hasattr(request.data, "get"):
        token = request.data.get("token", "") or ""
    return str(token)


def reach(
    request: Any,
    pk: Any,
    *,
    perm: str | None,
    staff: Callable[[Any, Any], T | None],
    by_token: Callable[[str], Any],
    owner: Callable[[Any, Any], T | None],
    token_record: Callable[[Any], T | None] | None = None,
    staff_see_some: bool = False,
    token_in_body: bool = True,
) -> Reached[T]:
    """Open the first door the caller holds for record ``pk``.

    - ``perm``: the permission of the staff door; None: no staff door (an
      action only the client takes).
    - ``staff(user, pk)``: the record as staff read it, or None.
    - ``by_token(token)``: the record the token names, or None; it opens this
      door only when it is record ``pk``.
    - ``token_record(found)``: the record to answer with once a token opened
      the door (default: as ``by_token`` found it).
    - ``owner(user, pk)``: the signed-in client's own record, or None.
    - ``staff_see_some``: staff see only part of the records (a technician:
      their own visits, ``apps.leads.selectors.bookings_visible_to``), so a
      miss tries the other doors; otherwise a staff miss is 404 at once.
    - ``token_in_body``: the token may come in the body as well as ``?token=``.
    """
    if perm is not None and staff_may(request.user, perm):
        record = staff(request.user, pk)
        if record is not None:
            return Reached(record, "staff", "")
        if not staff_see_some:
            raise NotFound()
    token = request_token(request, from_body=token_in_body)
    if token:
        found = by_token(token)
        if found is not None and str(found.pk) == str(pk):
            record = found if token_record is None else token_record(found)
            if record is not None:
                return Reached(record, "token", token)
        raise NotFound()
    if not request.user.is_authenticated:
        raise NotAuthenticated()
    record = owner(request.user, pk)
    if record is None:
        raise NotFound()
    return Reached(record, "owner", "")
