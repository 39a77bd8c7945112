"""What the leads app does when the apps beneath it announce something."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from apps.users.signals import email_verified


@receiver(email_verified, dispatch_uid="leads.claim_client_history")
def _claim_history(sender: Any, user: Any, **kwargs: Any) -> None:
    from apps.leads.services.clients import claim_client_history

    claim_client_history(user=user)
