"""What a signed-in person may read of messaging: their own choices of what they receive (nobody
else's: the page has no id to ask for)."""

from __future__ import annotations

from village.accounts.models import STAFF_ROLES, User
from village.accounts.predicates import roles
from village.messaging.models import MessageSettings
from village.messaging.topics import TOPICS, Topic


def own_message_settings(user: User) -> MessageSettings | None:
    """The person's saved choices, or None while they have kept every default."""
    return MessageSettings.objects.filter(person=user).first()


def topics_for(user: User) -> list[Topic]:
    """The topics a person is asked about: those whose messages reach people like them (staff,
    families and students, or both; someone with no role yet is asked about all)."""
    held = roles(user)
    audience = set()
    if held & STAFF_ROLES:
        audience.add("staff")
    if held - STAFF_ROLES or not held:
        audience.add("families")
    if not held:
        audience.add("staff")
    return [t for t in TOPICS if t.audience & audience]
