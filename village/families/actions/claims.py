"""A family claims the account its school invited it to open: no password, and one proof.

An email invitation is proved by a six-digit code Village emails to the invited address when the
family asks for it on the claim page (the link alone is not enough: links are forwarded, and mail
scanners open them). A letter is proved by its claim code; the family gives an email address to
sign in with next time. A claim writes everything or nothing: the account (created, or an existing
one), its link to the household, the family-member role, and the invitation marked claimed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from village.accounts.actions import ensure_person
from village.accounts.models import User
from village.audit.actions import record
from village.families import notices
from village.families.actions.members import attach
from village.families.models import FamilyInvitation, InvitationChannel, InvitationState
from village.families.models.invitations import PROOF_ATTEMPTS, PROOF_MINUTES, PROOFS_PER_INVITATION
from village.lib.codes import digest, looks_like_claim_code, new_proof_code, proof_digest, proof_matches
from village.messaging.actions import queue_email


class ClaimRefused(ValidationError):
    """Why a claim (or a step of it) cannot go on, in the reader's language: `reason` is a stable
    code, `field` the form field it concerns (None: the whole claim)."""

    def __init__(self, message: str, *, code: str, field: str | None = None) -> None:
        super().__init__(message, code=code)
        self.reason = code
        self.field = field


@dataclass(frozen=True)
class Claimed:
    user: User
    created: bool


def find_invitation(code: str) -> FamilyInvitation | None:
    """The invitation with this claim code (in whatever state), or None."""
    if not looks_like_claim_code(code):
        return None
    return (
        FamilyInvitation.objects.select_related("guardian", "household", "district").filter(digest=digest(code)).first()
    )


def check_open(invitation: FamilyInvitation) -> None:
    """Raise `ClaimRefused` saying why, when the invitation can no longer be claimed."""
    state = invitation.state()
    if state == InvitationState.OPEN:
        return
    school = _school_name(invitation)
    if state == InvitationState.EXPIRED:
        when = date_format(timezone.localtime(invitation.expires_at), "DATE_FORMAT")
        raise ClaimRefused(
            _("This invitation expired on %(date)s. Ask %(school)s for a new one.") % {"date": when, "school": school},
            code="expired",
        )
    if state == InvitationState.CLAIMED:
        raise ClaimRefused(
            _("This invitation has already been used. If it was you, sign in. If it was not you, tell %(school)s.")
            % {"school": school},
            code="claimed",
        )
    raise ClaimRefused(
        _(
            "%(school)s withdrew this invitation, perhaps because it sent a newer one. Use the newest "
            "message or letter, or ask the school for a new one."
        )
        % {"school": school},
        code="withdrawn",
    )


def send_proof(invitation: FamilyInvitation, *, language: str) -> None:
    """Email a new six-digit code to the invited address (email invitations), in `language`."""
    check_open(invitation)
    if invitation.channel != InvitationChannel.EMAIL:
        raise ClaimRefused(_("This invitation is claimed with the code on its letter."), code="not_email")
    if invitation.proofs_sent >= PROOFS_PER_INVITATION:
        raise ClaimRefused(
            _("Too many codes were sent for this invitation. Ask %(school)s for a new invitation.")
            % {"school": _school_name(invitation)},
            code="too_many_proofs",
        )
    language = _language(language)
    code = new_proof_code()
    with transaction.atomic():
        invitation.proof_digest = proof_digest(invitation.nonce, code)
        invitation.proof_expires_at = timezone.now() + datetime.timedelta(minutes=PROOF_MINUTES)
        invitation.proof_attempts = 0
        invitation.proofs_sent += 1
        invitation.save(update_fields=["proof_digest", "proof_expires_at", "proof_attempts", "proofs_sent"])
        record(None, "families.invitation.code_sent", invitation.household, invitation_id=invitation.pk)
        message = notices.render(
            None,
            language,
            notices.PROOF_SUBJECT,
            notices.PROOF_BODY,
            address=invitation.address,
            code=code,
            minutes=PROOF_MINUTES,
        )
        queue_email("families.invitation.code", [message], district_id=invitation.district_id, prompt=True)


def claim_invitation(
    invitation: FamilyInvitation,
    *,
    language: str,
    proof: str = "",
    email: str = "",
    signed_in: User | None = None,
) -> Claimed:
    """Claim an open invitation. Email invitations need `proof` (the emailed code) and give the
    account the invited address. Letters need the claimant's `email`, unless they are `signed_in`:
    an address that already has an account must sign in first, so a letter can never attach a
    family to someone else's account. A new account gets `language`."""
    language = _language(language)
    if invitation.channel == InvitationChannel.EMAIL:
        # Checked (and a wrong try counted) before the claim's transaction, which a refusal rolls back.
        check_open(invitation)
        _check_proof(FamilyInvitation.objects.get(pk=invitation.pk), proof)
    with transaction.atomic():
        locked = (
            FamilyInvitation.objects.select_for_update().select_related("guardian", "household").get(pk=invitation.pk)
        )
        check_open(locked)
        if locked.channel == InvitationChannel.EMAIL:
            if not (locked.proof_pending and proof_matches(locked.nonce, proof, locked.proof_digest)):
                # A new code was asked for in the meantime.
                raise ClaimRefused(
                    _("This code no longer works. Ask for a new code."), code="proof_expired", field="proof"
                )
            user, created = ensure_person(None, email=locked.address, name=_guardian_name(locked), language=language)
        elif signed_in is not None:
            user, created = signed_in, False
        else:
            address = email.strip().lower()
            if not address:
                raise ClaimRefused(
                    _("Type the email address you will sign in with."), code="email_required", field="email"
                )
            if User.objects.filter(email__iexact=address).exists():
                raise ClaimRefused(
                    _(
                        "This email address already has a Village account. "
                        "Sign in with it first, then open this page again."
                    ),
                    code="email_taken",
                    field="email",
                )
            try:
                user, created = ensure_person(None, email=address, name=_guardian_name(locked), language=language)
            except ValidationError as exc:
                raise ClaimRefused(exc.messages[0], code="invalid_email", field="email") from None
        now = timezone.now()
        locked.claimed_at = now
        locked.claimed_by = user
        locked.proof_digest = ""
        locked.save(update_fields=["claimed_at", "claimed_by", "proof_digest"])
        FamilyInvitation.objects.filter(
            guardian=locked.guardian, claimed_at__isnull=True, withdrawn_at__isnull=True
        ).update(withdrawn_at=now)
        record(
            user,
            "families.invitation.claimed",
            locked.household,
            invitation_id=locked.pk,
            channel=locked.channel,
            created=created,
        )
        attach(user, locked.household, user, relationship=locked.guardian.relationship, guardian=locked.guardian)
    return Claimed(user=user, created=created)


def _check_proof(invitation: FamilyInvitation, proof: str) -> None:
    """The emailed code must match, in time and within its tries; a wrong try is counted (and kept
    even though the claim stops here)."""
    if not invitation.proof_pending:
        raise ClaimRefused(_("This code no longer works. Ask for a new code."), code="proof_expired", field="proof")
    if proof_matches(invitation.nonce, proof, invitation.proof_digest):
        return
    FamilyInvitation.objects.filter(pk=invitation.pk).update(proof_attempts=F("proof_attempts") + 1)
    left = PROOF_ATTEMPTS - invitation.proof_attempts - 1
    if left <= 0:
        raise ClaimRefused(_("This code no longer works. Ask for a new code."), code="proof_expired", field="proof")
    raise ClaimRefused(
        _("That is not the code we sent. Check the email and type it again."), code="wrong_proof", field="proof"
    )


def _language(language: str) -> str:
    if language not in dict(settings.LANGUAGES):
        raise ClaimRefused(_("That language is not available."), code="invalid_language", field="language")
    return language


def _guardian_name(invitation: FamilyInvitation) -> str:
    return f"{invitation.guardian.given_name} {invitation.guardian.family_name}".strip()


def _school_name(invitation: FamilyInvitation) -> str:
    school = notices.school_of(invitation.household)
    return school.name if school is not None else invitation.district.name


def reader_language(invitation: FamilyInvitation) -> str:
    """The invitation's language, which its pages are shown in unless the reader chose another."""
    return invitation.language if invitation.language in dict(settings.LANGUAGES) else translation.get_language()
