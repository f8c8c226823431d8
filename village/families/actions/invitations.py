"""Inviting families to claim their accounts: one guardian at a time, or the families of a school in
a background batch with progress and a report of who could not be reached.

A guardian is invited by email (a link) when the roster gives a valid address, else by a printed
letter (a claim code and a QR code). Text messages are not offered until that channel exists:
`usable_channels` is the one place that decides, and the seam where it will be added. The batch's
background half (`run_invitation_batch`) is defined here, beside the action that enqueues it.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from village.accounts.models import User
from village.audit.actions import record
from village.families import notices
from village.families.models import (
    FamilyInvitation,
    Guardian,
    Household,
    HouseholdMember,
    InvitationBatch,
    InvitationChannel,
)
from village.families.models.invitations import expiry_for
from village.lib.codes import claim_code, digest, new_nonce
from village.lib.imports import ImportReport, ImportStatus, Rejection
from village.messaging.actions import queue_email
from village.orgs.models import School

PROGRESS_EVERY = 10
REPEAT_WINDOW = datetime.timedelta(minutes=2)

# Why a batch could not reach a family, by code: stored untranslated, translated when shown.
UNREACHABLE: dict[str, str] = {
    "no_guardian": gettext_noop("The roster names no parent or guardian for this family."),
    "no_email": gettext_noop("%(guardian)s has no valid email address, and letters were not chosen."),
    "phone_only": gettext_noop(
        "%(guardian)s has only a phone number: text messages are not available yet, and letters were not chosen."
    ),
    "not_at_school": gettext_noop("No child of this family is enrolled at this school any more."),
}


def has_valid_email(guardian: Guardian) -> bool:
    if not guardian.email:
        return False
    try:
        validate_email(guardian.email)
    except ValidationError:
        return False
    return True


def usable_channels(guardian: Guardian) -> list[str]:
    """How this guardian can be invited now, best first. A letter always works: it goes home with
    the child. (A text message would come here, for a guardian with an `sms` number.)"""
    channels: list[str] = []
    if has_valid_email(guardian):
        channels.append(InvitationChannel.EMAIL)
    channels.append(InvitationChannel.LETTER)
    return channels


def has_account(guardian: Guardian) -> bool:
    """The guardian already signs in for their household (they claimed, or staff linked their address)."""
    members = HouseholdMember.objects.filter(household_id=guardian.household_id)
    if members.filter(guardian=guardian).exists():
        return True
    return bool(guardian.email) and members.filter(user__email__iexact=guardian.email).exists()


def open_invitations(guardian: Guardian) -> list[FamilyInvitation]:
    return [
        i
        for i in FamilyInvitation.objects.filter(guardian=guardian, claimed_at__isnull=True, withdrawn_at__isnull=True)
        if i.is_open
    ]


def invite_guardian(
    actor: User | None,
    guardian: Guardian,
    *,
    channel: str,
    language: str = "",
    school: School | None = None,
    batch: InvitationBatch | None = None,
) -> FamilyInvitation:
    """Invite one guardian to claim an account for their household, by `channel`, in `language` (by
    default the UI language closest to theirs). An open invitation to them is withdrawn first; an
    email invitation is queued in the same transaction."""
    name = f"{guardian.given_name} {guardian.family_name}"
    if channel not in InvitationChannel.values:
        raise ValidationError(_("Village cannot send invitations this way yet."), code="unknown_channel")
    if channel not in usable_channels(guardian):
        raise ValidationError(
            _("%(name)s has no valid email address on file. Print a letter instead.") % {"name": name},
            code="no_channel",
        )
    if language and language not in dict(settings.LANGUAGES):
        raise ValidationError(_("That language is not available."), code="invalid_language")
    if has_account(guardian):
        raise ValidationError(_("%(name)s already signs in for this family.") % {"name": name}, code="has_account")
    household = guardian.household
    ui_language, exact = notices.invitation_language(household, guardian.language)
    language = language or ui_language
    now = timezone.now()
    # The same invitation asked for twice in a row (a double click, a form posted again) is one.
    just_sent = FamilyInvitation.objects.filter(
        guardian=guardian,
        channel=channel,
        language=language,
        claimed_at__isnull=True,
        withdrawn_at__isnull=True,
        created_at__gte=now - REPEAT_WINDOW,
    ).first()
    if just_sent is not None:
        return just_sent
    with transaction.atomic():
        FamilyInvitation.objects.filter(guardian=guardian, claimed_at__isnull=True, withdrawn_at__isnull=True).update(
            withdrawn_at=now, withdrawn_by=actor
        )
        nonce = new_nonce()
        invitation = FamilyInvitation.objects.create(
            district_id=guardian.district_id,
            household=household,
            guardian=guardian,
            batch=batch,
            channel=channel,
            address=guardian.email.strip().lower() if channel == InvitationChannel.EMAIL else "",
            language=language,
            nonce=nonce,
            digest=digest(claim_code(nonce)),
            created_at=now,
            expires_at=expiry_for(channel, now),
            invited_by=actor,
        )
        record(
            actor,
            "families.invitation.sent",
            household,
            invitation_id=invitation.pk,
            guardian_id=guardian.pk,
            channel=channel,
            language=language,
        )
        if channel == InvitationChannel.EMAIL:
            code = guardian.language or household.home_language
            note = "" if exact or language != ui_language else notices.language_note(code, language)
            queue_email(
                "families.invitation",
                [notices.invitation_message(invitation, school or notices.school_of(household), note)],
                district_id=guardian.district_id,
            )
    return invitation


def withdraw_invitation(actor: User, invitation: FamilyInvitation) -> None:
    """The code stops working at once (a lost letter, a wrong address)."""
    if invitation.claimed_at is not None or invitation.withdrawn_at is not None:
        return
    with transaction.atomic():
        invitation.withdrawn_at = timezone.now()
        invitation.withdrawn_by = actor
        invitation.save(update_fields=["withdrawn_at", "withdrawn_by"])
        record(actor, "families.invitation.withdrawn", invitation.household, invitation_id=invitation.pk)


# --- Many families at once ---------------------------------------------------------------------


def school_households(school: School, ids: Sequence[int] | None = None) -> list[Household]:
    """Households with a child enrolled at the school (only those among `ids`, when given)."""
    households = Household.objects.filter(
        district_id=school.district_id,
        students__school=school,
        students__status="enrolled",
        students__anonymized_at__isnull=True,
    )
    if ids is not None:
        households = households.filter(pk__in=list(ids))
    return list(households.distinct().order_by("name", "pk"))


def start_invitation_batch(
    actor: User, school: School, household_ids: Sequence[int], *, letters: bool
) -> InvitationBatch:
    """Invite the chosen families of a school in the background (after commit). Families that are not
    the school's are left out here, so the batch never reaches beyond the school."""
    households = [h.pk for h in school_households(school, household_ids)]
    if not households:
        raise ValidationError(_("Choose at least one family."), code="no_families")
    with transaction.atomic():
        batch = InvitationBatch.objects.create(
            district_id=school.district_id,
            school=school,
            started_by=actor,
            letters=letters,
            households=households,
            total=len(households),
        )
        record(actor, "families.invitations.started", school, batch_id=batch.pk, families=len(households))
        transaction.on_commit(lambda: run_invitation_batch.enqueue(batch.pk))
    return batch


@task()
def run_invitation_batch(batch_id: int) -> str:
    """Send a batch's invitations; progress and the report are written to its row."""
    batch = InvitationBatch.objects.select_related("school", "started_by").get(pk=batch_id)
    language = batch.started_by.preferred_language if batch.started_by else ""
    with translation.override(language or settings.LANGUAGE_CODE):
        return str(invite_households(batch).status)


@dataclass
class _Tally:
    report: ImportReport

    def unreachable(self, household: Household, code: str, guardian: Guardian | None = None) -> None:
        params = {"guardian": f"{guardian.given_name} {guardian.family_name}"} if guardian else {}
        self.report.reject(Rejection("", household.pk, "", code, household.name, UNREACHABLE[code], params))


def invite_households(batch: InvitationBatch) -> InvitationBatch:
    """Invite every guardian of the batch's families who has no account and no open invitation:
    by email when they have an address, else by letter when the batch prints letters."""
    InvitationBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.RUNNING, started_at=timezone.now())
    tally = _Tally(ImportReport(counts={"emailed": 0, "letters": 0, "already_linked": 0, "already_invited": 0}))
    enrolled = {h.pk for h in school_households(batch.school, batch.households)}
    households = Household.objects.filter(pk__in=batch.households).prefetch_related("guardians").order_by("name")
    try:
        for done, household in enumerate(households, start=1):
            if household.pk not in enrolled:
                tally.unreachable(household, "not_at_school")
            else:
                _invite_household(batch, household, tally)
            if done % PROGRESS_EVERY == 0:
                InvitationBatch.objects.filter(pk=batch.pk).update(processed=done)
    except Exception as exc:  # keep what was sent, and say the batch stopped
        batch.status = ImportStatus.FAILED
        batch.error = f"{type(exc).__name__}: {exc}"[:2000]
    else:
        batch.status = ImportStatus.APPLIED
    batch.store_report(tally.report)
    batch.processed = batch.total
    batch.finished_at = timezone.now()
    batch.save()
    return batch


def _invite_household(batch: InvitationBatch, household: Household, tally: _Tally) -> None:
    guardians = list(household.guardians.all())
    if not guardians:
        tally.unreachable(household, "no_guardian")
        return
    for guardian in guardians:
        if has_account(guardian):
            tally.report.count("already_linked")
            continue
        if open_invitations(guardian):
            tally.report.count("already_invited")
            continue
        channels = usable_channels(guardian)
        if InvitationChannel.EMAIL in channels:
            channel = InvitationChannel.EMAIL
        elif batch.letters:
            channel = InvitationChannel.LETTER
        else:
            tally.unreachable(household, "phone_only" if guardian.phone or guardian.sms else "no_email", guardian)
            continue
        invite_guardian(batch.started_by, guardian, channel=channel, school=batch.school, batch=batch)
        tally.report.count("emailed" if channel == InvitationChannel.EMAIL else "letters")
