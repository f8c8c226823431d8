"""What a signed-in person may read of messaging: their own choices of what they receive (nobody
else's: the page has no id to ask for)."""

from __future__ import annotations

from village.accounts.models import User
from village.messaging.models import MessageSettings


def own_message_settings(user: User) -> MessageSettings | None:
    """The person's saved choices, or None while they have kept every default."""
    return MessageSettings.objects.filter(person=user).first()
