"""Checking a person's credentials, shared by the API and the sign-in pages.

Goes through django.contrib.auth.authenticate so django-axes counts failures
and refuses locked-out (username, address) pairs."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import authenticate
from django.http import HttpRequest

from apps.users.models import User, normalize_email


@dataclass(frozen=True)
class SignInResult:
    user: User | None
    locked_out: bool = False

    @property
    def ok(self) -> bool:
        return self.user is not None


def check_credentials(request: HttpRequest, *, email: str, password: str) -> SignInResult:
    """The active user these credentials belong to, or why there is none.

    ``request`` must be Django's HttpRequest (axes keys the lock-out on its
    address). Which of e-mail and password was wrong is never told apart."""
    user = authenticate(request, email=normalize_email(email), password=password)
    if getattr(request, "axes_locked_out", False):
        return SignInResult(user=None, locked_out=True)
    if user is None or not user.is_active:
        return SignInResult(user=None)
    return SignInResult(user=user)
