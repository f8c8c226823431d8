"""How to reach a family's members: the channels the family chose on its profile, in the order
Village tries them, and each person's number for texts; and who a number belongs to.

The family's choice is `FamilyProfile.preferred_channels` ("How should the school reach you?"). Of
its values, text, email and paper are channels Village sends by (a phone call and in person are
for staff to make); they are tried in that order: a text first, email if the text fails, paper
last. A family that chose neither email nor paper still gets email when everything else fails
(every account has an address: it is how they sign in), so nothing is lost.

A person's number for texts is their own, confirmed with a code (`actions.mobile`), or else the
roster's `sms` of the guardian they are (their household
member row's guardian, or the household's guardian with their email address), in E.164. A family
that chose text without a number the roster holds gets email, as everyone does while texts are
off (VILLAGE_SMS_BACKEND=off, the production default without a Twilio account).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings

from village.accounts.models import User
from village.families.models import Guardian, HouseholdMember
from village.families.vocab import ContactChannel
from village.messaging.actions import Reach
from village.messaging.models import Channel
from village.messaging.texts import e164

# The family's choices Village sends by, in the order it tries them.
SENDING_ORDER = (
    (ContactChannel.TEXT, Channel.SMS),
    (ContactChannel.EMAIL, Channel.EMAIL),
    (ContactChannel.PAPER, Channel.PAPER),
)


def reach_for(people: Iterable[User]) -> dict[int, Reach]:
    """By person id, the channels each family member accepts and their number for texts. People
    who belong to no household (staff, an adult student) are left out: they get email."""
    ids = {p.pk for p in people}
    members = (
        HouseholdMember.objects.filter(user_id__in=ids)
        .select_related("user", "guardian", "household__profile")
        .order_by("created_at", "pk")
    )
    found: dict[int, Reach] = {}
    for member in members:
        if member.user_id in found:
            continue
        profile = getattr(member.household, "profile", None)
        chosen = set(profile.preferred_channels) if profile is not None else set()
        phone = _number(member)
        channels = [sent for choice, sent in SENDING_ORDER if choice in chosen]
        if Channel.SMS in channels and not (phone and settings.VILLAGE_SMS_BACKEND != "off"):
            channels.remove(Channel.SMS)
        if Channel.EMAIL not in channels and Channel.PAPER not in channels:
            channels.append(Channel.EMAIL)
        found[member.user_id] = Reach(tuple(channels), phone)
    return found


def number_for(member: HouseholdMember) -> str:
    """The number Village texts this person at (E.164), or ""."""
    return _number(member)


def _number(member: HouseholdMember) -> str:
    if member.mobile:  # the person's own, confirmed with a code
        return member.mobile
    guardian = member.guardian
    if guardian is None:
        guardian = Guardian.objects.filter(household_id=member.household_id, email__iexact=member.user.email).first()
    return e164(guardian.sms) if guardian is not None else ""


def people_with_number(number: str) -> list[User]:
    """Every person with an account whose number for texts is `number` (E.164): exactly one is a
    match; two or more (a number shared by two households, or by two parents) is for staff."""
    people: dict[int, User] = {}
    for own in HouseholdMember.objects.filter(mobile=number).select_related("user"):
        people[own.user_id] = own.user
    for guardian in Guardian.objects.filter(sms=number).select_related("member__user"):
        member = getattr(guardian, "member", None)
        if member is not None:
            people[member.user_id] = member.user
            continue
        for other in HouseholdMember.objects.filter(
            household_id=guardian.household_id, user__email__iexact=guardian.email, guardian__isnull=True
        ).select_related("user"):
            if guardian.email:
                people[other.user_id] = other.user
    return [p for p in people.values() if p.is_active]
