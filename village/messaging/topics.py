"""What a person may choose about the messages Village sends them: for each topic (a group of
message kinds a person recognises), as it happens, in a daily summary, or off; and quiet hours.

Every `Outbox.kind` queued anywhere belongs to exactly one topic here, or is urgent
(`tests/test_topics.py` reads the code and fails on a kind in neither). Urgent messages are
always sent at once, whatever the person chose and even in their quiet hours:
- sign-in codes, password resets and other account mail (`accounts.*`), codes that prove a family
  account or a mobile number, and notices that someone was linked to a household or given a role
  (a person must hear at once that their account changed);
- a message its sender marks urgent (`queue_email(..., urgent=True)`): a consent request whose
  proposed end date is at most `CONSENT_URGENT_DAYS` away is sent so, since a summary the next
  day could arrive after it expired. Village sends no safety alerts yet; one would be added to
  `URGENT_KINDS`.

A kind in no topic and not urgent (a new kind not yet listed) is sent as it happens, never held
or dropped: a message is never lost for want of a row in this table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

# A consent request proposing to end within this many days is urgent (see above).
CONSENT_URGENT_DAYS = 3

# The daily summary itself: never summarised, never off (it holds what the person asked for).
DIGEST_KIND = "messaging.digest"


class Frequency(models.TextChoices):
    INSTANT = "instant", _("As it happens")
    DAILY = "daily", _("In a daily summary")
    OFF = "off", _("Off")


@dataclass(frozen=True)
class Topic:
    code: str
    label: StrOrPromise
    help: StrOrPromise
    default: Frequency
    kinds: frozenset[str]
    # Who gets these messages, so each person is asked only about what reaches them.
    audience: frozenset[str] = frozenset({"staff", "families"})


STAFF = frozenset({"staff"})
FAMILIES = frozenset({"families"})


TOPICS: tuple[Topic, ...] = (
    Topic(
        "conversations",
        _("Messages from the school"),
        _("What school staff write to your family, alone or with other families."),
        Frequency.INSTANT,
        frozenset({"messaging.conversation", "families.group_message"}),
        FAMILIES,
    ),
    Topic(
        "consent",
        _("Consent requests"),
        _("The school asks whether it may share information with a partner. One about to expire is always sent."),
        Frequency.INSTANT,
        frozenset({"referrals.consent_request"}),
        FAMILIES,
    ),
    Topic(
        "referrals",
        _("Referral updates"),
        _("A referral was received, moved a step, or answered."),
        Frequency.INSTANT,
        frozenset(
            {
                "referrals.received",
                "referrals.family_update",
                "referrals.school_update",
                "referrals.consent_answered",
                "referrals.family_ask",
            }
        ),
    ),
    Topic(
        "reminders",
        _("Reminders"),
        _("Referrals waiting for an answer, agreements ending, overdue tasks, listings to check, clearances expiring."),
        Frequency.DAILY,
        frozenset(
            {
                "referrals.stalled",
                "partnerships.agreement_expiry",
                "partnerships.overdue",
                "directory.stale_listings",
                "community.clearance_expiring",
                "community.clearance_expiring_staff",
            }
        ),
        STAFF,
    ),
    Topic(
        "partnerships",
        _("Partnerships and volunteering"),
        _("Partnerships proposed, volunteers signing up and their answers."),
        Frequency.INSTANT,
        frozenset({"partnerships.proposed", "community.signed_up", "community.signup_decided"}),
        STAFF,
    ),
    Topic(
        "events",
        _("Events"),
        _("Your answer to an invitation, and a seat freed for you."),
        Frequency.INSTANT,
        frozenset({"events.answered", "events.seated"}),
    ),
    Topic(
        "councils",
        _("Councils and votes"),
        _("Voting opened or extended, and decisions made."),
        Frequency.INSTANT,
        frozenset({"governance.voting_opened", "governance.voting_extended", "governance.decided"}),
    ),
    Topic(
        "mentoring",
        _("Mentoring check-ins"),
        _("Once a month, a short question about how mentoring is going."),
        Frequency.INSTANT,
        frozenset({"community.mentoring_check_in"}),
        FAMILIES,
    ),
    Topic(
        "surveys",
        _("Surveys"),
        _("Invitations to answer a survey."),
        Frequency.INSTANT,
        frozenset({"voice.survey"}),
    ),
)

URGENT_KINDS = frozenset(
    {
        "families.invitation",
        "families.invitation.code",
        "families.mobile_code",
        "families.member.linked",
        "families.member.unlinked",
        "orgs.role.granted",
    }
)
# Every kind with this prefix is urgent (allauth's mail: sign-in codes, password resets...).
URGENT_PREFIX = "accounts."

_BY_KIND = {kind: topic for topic in TOPICS for kind in topic.kinds}
_BY_CODE = {topic.code: topic for topic in TOPICS}


def topic_of(kind: str) -> Topic | None:
    return _BY_KIND.get(kind)


def topic_named(code: str) -> Topic | None:
    return _BY_CODE.get(code)


def is_urgent(kind: str) -> bool:
    return kind in URGENT_KINDS or kind.startswith(URGENT_PREFIX)


def frequency_for(kind: str, chosen: dict[str, str]) -> Frequency:
    """How a message of this kind goes to a person who chose `chosen` (topic code -> frequency;
    a topic not in it takes its default). Urgent kinds and kinds in no topic go as they happen."""
    topic = topic_of(kind)
    if topic is None or is_urgent(kind):
        return Frequency.INSTANT
    value = chosen.get(topic.code, topic.default)
    return Frequency(value) if value in Frequency.values else topic.default
