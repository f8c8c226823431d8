"""The family's answer to a consent request, and what follows: the referral that waited on it
is sent through the consent check (at once, or on the referrer's one click), and the
referrer is told in their own language. The school may withdraw a request nobody answered.

The consent itself is written by `families.actions.give_consent`; this side only reacts to it,
so the families app never needs to know about referrals."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from village.accounts.models import User
from village.audit.actions import record
from village.families.actions import ConsentTerms, give_consent
from village.families.disclosure import NotCovered
from village.referrals.actions import _tell, refer
from village.referrals.models import DECLINE_REASON_MAX, ConsentRequest, Referral, RequestState


def _lock(request: ConsentRequest) -> ConsentRequest:
    return (
        ConsentRequest.objects.select_for_update(of=("self",))
        .select_related("student__district", "organization", "service", "need", "requested_by")
        .get(pk=request.pk)
    )


def _lock_open(actor: User, request: ConsentRequest) -> ConsentRequest:
    """The request, locked, if this person may still answer it; a form posted twice finds it answered."""
    locked = _lock(request)
    if not actor.has_perm("referrals.answer_consent_request", locked):
        raise ValidationError(_("Only a parent or guardian of the student, or the adult student, can answer."))
    message = locked.closed_message()
    if message:
        raise ValidationError(message, code="closed")
    return locked


def answer_consent_request(
    actor: User,
    request: ConsentRequest,
    *,
    elements: Sequence[str],
    valid_until: datetime.date | None,
    signer_name: str,
    signer_relationship: str,
    confirmed: bool,
) -> ConsentRequest:
    """The family signs the consent the request asked for, sharing the same or fewer elements,
    until the same or an earlier date. In one transaction: the consent, the request answered,
    the referral sent if the referrer chose so (a referral the consent check or the service
    refuses waits for the referrer instead), and the referrer told."""
    with transaction.atomic():
        locked = _lock_open(actor, request)
        if set(elements) - set(locked.elements):
            raise ValidationError({"elements": [_("You can share less than the school asked for, but not more.")]})
        if valid_until is not None and locked.valid_until is not None and valid_until > locked.valid_until:
            raise ValidationError({"valid_until": [_("Choose a date no later than the one the school asked for.")]})
        consent = give_consent(
            actor,
            locked.student,
            ConsentTerms(
                recipient=locked.organization,
                elements=elements,
                purpose=locked.purpose,
                purpose_detail="",
                valid_until=valid_until,
                signer_name=signer_name,
                signer_relationship=signer_relationship,
            ),
            confirmed=confirmed,
        )
        now = timezone.now()
        locked.state = RequestState.CONSENTED
        locked.answered_at = now
        locked.answered_by = actor
        locked.consent = consent
        locked.save(update_fields=["state", "answered_at", "answered_by", "consent"])
        record(actor, "referrals.consent_request.consented", locked, consent_id=consent.pk)
        referral = None
        if locked.send_automatically and locked.service is not None:
            referral = _try_to_send(locked)
        _tell_consented(locked, referral)
    return locked


def _try_to_send(request: ConsentRequest) -> Referral | None:
    """Send the waiting referral for its referrer; None (and nothing written) when it is refused."""
    referrer = request.requested_by
    if not referrer.is_active or not referrer.has_perm("referrals.refer_student", request.student):
        return None
    try:
        with transaction.atomic():
            return _send(referrer, request)
    except (ValidationError, NotCovered):
        return None


def _send(actor: User, request: ConsentRequest) -> Referral:
    assert request.service is not None and request.consent is not None
    referral = refer(
        actor,
        request.student,
        request.service,
        elements=request.consent.elements,
        purpose=request.purpose,
        need=request.need,
        # One referral per request, however many times the button is pressed.
        submission_key=f"consent-request-{request.pk}",
    )
    request.referral = referral
    request.save(update_fields=["referral"])
    record(actor, "referrals.consent_request.referral_sent", request, referral_id=referral.pk)
    return referral


def send_waiting_referral(actor: User, request: ConsentRequest) -> Referral:
    """The referrer's one click after the family agreed: the referral goes through the consent
    check like any other (NotCovered if the family has withdrawn the consent since). Clicking
    twice sends one referral."""
    with transaction.atomic():
        locked = _lock(request)
        if not actor.has_perm("referrals.refer_student", locked.student):
            raise ValidationError(_("Only the student's school staff can send this referral."))
        if locked.referral is not None:
            return locked.referral
        if locked.state != RequestState.CONSENTED or locked.service is None:
            raise ValidationError(_("The family has not agreed to this request, so there is nothing to send."))
        return _send(actor, locked)


def decline_consent_request(actor: User, request: ConsentRequest, reason: str = "") -> ConsentRequest:
    """The family says no, with its reason if it gives one: nothing is shared, the request is
    closed, and the referrer is told (and reads the reason)."""
    reason = reason.strip()
    if len(reason) > DECLINE_REASON_MAX:
        raise ValidationError({"reason": _("Please write at most %(max)d characters.") % {"max": DECLINE_REASON_MAX}})
    with transaction.atomic():
        locked = _lock_open(actor, request)
        locked.state = RequestState.DECLINED
        locked.answered_at = timezone.now()
        locked.answered_by = actor
        locked.decline_reason = reason
        locked.save(update_fields=["state", "answered_at", "answered_by", "decline_reason"])
        record(actor, "referrals.consent_request.declined", locked, student_id=locked.student_id, reason=bool(reason))
        _tell_referrer(
            locked,
            gettext_lazy("The family said no to sharing with %(partner)s"),
            gettext_lazy(
                "The family of %(child)s said no to sharing information with %(partner)s. Nothing was shared, "
                "and no referral was sent. They wrote why:\n\n%(reason)s\n\nYou may talk with the family about "
                "other options: %(path)s"
            )
            if reason
            else gettext_lazy(
                "The family of %(child)s said no to sharing information with %(partner)s. Nothing was shared, "
                "and no referral was sent. You may talk with the family about other options: %(path)s"
            ),
            reason=reason,
        )
    return locked


def withdraw_consent_request(actor: User, request: ConsentRequest) -> ConsentRequest:
    """The school no longer needs the answer; the family's link then says so. Only while it waits."""
    with transaction.atomic():
        locked = _lock(request)
        if not actor.has_perm("referrals.follow_consent_request", locked):
            raise ValidationError(_("Only the student's school staff can withdraw this request."))
        if locked.state != RequestState.PENDING:
            raise ValidationError(_("The family has already answered this request, so it cannot be withdrawn."))
        locked.state = RequestState.WITHDRAWN
        locked.answered_at = timezone.now()
        locked.answered_by = actor
        locked.save(update_fields=["state", "answered_at", "answered_by"])
        record(actor, "referrals.consent_request.withdrawn", locked, student_id=locked.student_id)
    return locked


def _tell_consented(request: ConsentRequest, referral: Referral | None) -> None:
    if referral is not None:
        _tell_referrer(
            request,
            gettext_lazy("The family agreed: the referral to %(service)s was sent"),
            gettext_lazy(
                "The family of %(child)s agreed to share information with %(partner)s. The referral to "
                "%(service)s was sent, with only what the family agreed to: %(path)s"
            ),
            path=reverse("referrals:detail", kwargs={"pk": referral.pk}),
        )
    elif request.service is not None:
        waited = request.send_automatically  # it should have gone, but something refused it
        _tell_referrer(
            request,
            gettext_lazy("The family agreed: send the referral to %(service)s"),
            gettext_lazy(
                "The family of %(child)s agreed to share information with %(partner)s, but the referral to "
                "%(service)s could not be sent by itself. Open the request to send it; Village says what stops it: "
                "%(path)s"
            )
            if waited
            else gettext_lazy(
                "The family of %(child)s agreed to share information with %(partner)s. The referral to "
                "%(service)s is ready: send it with one click in Village: %(path)s"
            ),
        )


def _tell_referrer(
    request: ConsentRequest, subject: str | Promise, body: str | Promise, *, path: str = "", reason: str = ""
) -> None:
    """The person who asked, in their own language (`queue_each` renders each message in it)."""
    _tell(
        [request.requested_by],
        "referrals.consent_answered",
        request.district_id,
        subject,
        body,
        child=request.student.given_name,
        partner=request.organization.name,
        service=request.service.name if request.service is not None else request.organization.name,
        path=path or reverse("referrals:consent_request", kwargs={"pk": request.pk}),
        reason=reason,
    )
