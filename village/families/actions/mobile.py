"""A family member's own mobile number for texts: entered (or the roster's confirmed), parsed with
`phonenumbers` and kept in E.164, and used only once a code sent to it by text is typed back, so
nobody can have a family's messages sent to a number that is not theirs."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from village.accounts.models import User
from village.audit.actions import record
from village.families.models import HouseholdMember
from village.lib.codes import new_proof_code, proof_digest, proof_matches
from village.messaging.actions import Reach, Rendered, queue_email
from village.messaging.models import Channel, TextOptOut
from village.messaging.texts import e164

CODE_LIFETIME = datetime.timedelta(minutes=15)
MAX_CODE_ATTEMPTS = 5


def _scope(member: HouseholdMember, number: str) -> str:
    return f"mobile:{member.pk}:{number}"


def request_mobile_code(member: HouseholdMember, raw: str) -> str:
    """Send a six-digit code by text to the number typed (any common way of writing it); returns
    the number in E.164. Refused with a reason when it is not a mobile number Village can text, or
    when it answered STOP."""
    number = e164(raw)
    if not number:
        raise ValidationError(
            {
                "number": _(
                    "This is not a phone number Village can send texts to. Write it with the area code, "
                    "for example (612) 555-0123, or with + and the country code."
                )
            }
        )
    if TextOptOut.objects.filter(number=number).exists():
        raise ValidationError(
            {"number": _("This number answered STOP to Village's texts. Text START to Village from it first.")}
        )
    code = new_proof_code()
    person = member.user
    language = person.preferred_language or translation.get_language() or ""
    with translation.override(language):
        text = _("Your Village code is %(code)s. It confirms this number for texts from your school.") % {"code": code}
    with transaction.atomic():
        HouseholdMember.objects.filter(pk=member.pk).update(
            mobile_pending=number,
            mobile_code=proof_digest(_scope(member, number), code),
            mobile_code_expires_at=timezone.now() + CODE_LIFETIME,
            mobile_code_attempts=0,
        )
        queue_email(
            "families.mobile_code",
            [Rendered(person, text, text, language, text=text, reach=Reach((Channel.SMS,), number))],
            district_id=member.district_id,
            prompt=True,
        )
        record(person, "families.mobile.code_sent", member.household, number=number)
    return number


def confirm_mobile(member: HouseholdMember, code: str) -> str:
    """The code typed back: the pending number becomes the person's number for texts."""
    member.refresh_from_db()
    expired = member.mobile_code_expires_at is None or member.mobile_code_expires_at <= timezone.now()
    if not member.mobile_pending or expired or member.mobile_code_attempts >= MAX_CODE_ATTEMPTS:
        raise ValidationError({"code": _("This code has expired. Ask for a new one.")})
    if not proof_matches(_scope(member, member.mobile_pending), code, member.mobile_code):
        HouseholdMember.objects.filter(pk=member.pk).update(mobile_code_attempts=F("mobile_code_attempts") + 1)
        raise ValidationError({"code": _("This code is not the one we sent. Check the text and try again.")})
    number = member.mobile_pending
    with transaction.atomic():
        HouseholdMember.objects.filter(pk=member.pk).update(
            mobile=number,
            mobile_confirmed_at=timezone.now(),
            mobile_pending="",
            mobile_code="",
            mobile_code_expires_at=None,
        )
        record(member.user, "families.mobile.confirmed", member.household, number=number)
    return number


def forget_mobile(member: HouseholdMember) -> None:
    """The person removes their own number: the roster's number (if any) is used again."""
    with transaction.atomic():
        HouseholdMember.objects.filter(pk=member.pk).update(
            mobile="", mobile_confirmed_at=None, mobile_pending="", mobile_code=""
        )
        record(member.user, "families.mobile.removed", member.household)


def member_of(user: User) -> HouseholdMember | None:
    return HouseholdMember.objects.filter(user=user).select_related("household").order_by("created_at", "pk").first()
