"""What the users app announces to the apps built on it (which it must not
import): ``email_verified`` is sent, inside the transaction, when a person
proves they read an address, on sign-up or on an address change."""

from django.dispatch import Signal

# sender: the User class; kwargs: user
email_verified = Signal()
