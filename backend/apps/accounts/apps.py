from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Sign-in pages shared by every surface (an interface app: forms and
    views only; the rules live in apps.users)."""

    name = "apps.accounts"
    label = "accounts"
    verbose_name = "Accounts (sign-in pages)"
