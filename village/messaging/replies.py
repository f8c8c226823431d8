"""Reply addresses for conversation emails: `reply+<conversation>-<person>-<signature>@<domain>`.

Each email staff write in a conversation goes out with a Reply-To address naming the conversation
and the family member it was sent to, signed with the site's secret key (Django's `salted_hmac`,
as `django.core.signing` uses) so nobody can make up or alter one. The signature is written in
lowercase hexadecimal: some mail systems change the case of an address's local part, and a
signature that survives that still matches.

Only when the district's email provider passes received mail to Village
(VILLAGE_INBOUND_EMAIL_DOMAIN set): otherwise there is no reply address, and families answer on
the web as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

_SALT = "village.messaging.replies"
_PATTERN = re.compile(r"^reply\+(\d+)-(\d+)-([0-9a-f]{32})$")


@dataclass(frozen=True)
class ReplyTo:
    """What a verified reply address names."""

    conversation_id: int
    person_id: int


def is_configured() -> bool:
    return bool(settings.VILLAGE_INBOUND_EMAIL_DOMAIN)


def _signature(conversation_id: int, person_id: int) -> str:
    return salted_hmac(_SALT, f"{conversation_id}-{person_id}", algorithm="sha256").hexdigest()[:32]


def reply_address(conversation_id: int, person_id: int) -> str:
    """The address a reply to this conversation's email to this person is sent to ("" when the
    district receives no email)."""
    if not is_configured():
        return ""
    signature = _signature(conversation_id, person_id)
    return f"reply+{conversation_id}-{person_id}-{signature}@{settings.VILLAGE_INBOUND_EMAIL_DOMAIN}"


def read_reply_address(address: str) -> ReplyTo | None:
    """The conversation and person a reply address names, or None when it is none of ours, or
    its signature does not match (made up, or altered)."""
    local, _at, domain = address.strip().lower().rpartition("@")
    if not is_configured() or domain != settings.VILLAGE_INBOUND_EMAIL_DOMAIN.lower():
        return None
    found = _PATTERN.match(local)
    if found is None:
        return None
    conversation_id, person_id = int(found[1]), int(found[2])
    if not constant_time_compare(found[3], _signature(conversation_id, person_id)):
        return None
    return ReplyTo(conversation_id, person_id)


# Where the quoted earlier message starts in a reply: "> " lines, the "On <date>, <name> wrote:"
# line mail programs write above it (in the languages Village speaks; it may wrap onto a second
# line), Outlook's "-----Original Message-----" or underscores, and a signature's "-- " line.
_QUOTED = re.compile(r"^\s*>")
_WROTE = re.compile(r"(wrote|escribió|a écrit|đã viết|写道|كتب).{0,80}[:：]\s*$", re.IGNORECASE)
_INTRO = re.compile(r"^\s*(on|el|le|vào|في)\s", re.IGNORECASE)
_SEPARATORS = frozenset({"-----original message-----", "________________________________"})


def new_text(text: str) -> str:
    """The new words of an email reply: everything above the quoted earlier message."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(lines):
        if _QUOTED.match(line) or line == "-- " or line.strip().lower() in _SEPARATORS:
            return _joined(lines[:number])
        if _WROTE.search(line):
            before = lines[number - 1] if number else ""
            if _INTRO.match(line) or "@" in line:
                return _joined(lines[:number])
            if _INTRO.match(before):  # the header wrapped onto a second line
                return _joined(lines[: number - 1])
    return _joined(lines)


def _joined(lines: list[str]) -> str:
    return "\n".join(lines).strip()
