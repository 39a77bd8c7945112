"""Human-friendly references like BK-7F3K2: short, unambiguous to read aloud
over the phone (no 0/O, 1/I/L), random so they reveal no volumes."""

from __future__ import annotations

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_reference(prefix: str, length: int = 5) -> str:
    return f"{prefix}-" + "".join(secrets.choice(ALPHABET) for _ in range(length))
