"""Every write about referrals: refer (through the consent check), ask for consent, move a
referral along, notes, the family's word, and reminders for stalled referrals."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import TypedDict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from village.accounts.models import Membership, Role, User
from village.audit.actions import record
from village.directory.actions import release_seat, take_seat
from village.directory.models import Service, ServiceStatus
from village.families.actions import change_need_status, disclose
from village.families.contact import reach_for
from village.families.models import HouseholdMember, Need, Student
from village.families.vocab import Channel, NeedStatus, Purpose
from village.messaging.actions import queue_each
from village.messaging.topics import CONSENT_URGENT_DAYS
from village.referrals.models import (
    NEEDS_REASON,
    OPEN_STATUSES,
    TRANSITIONS,
    ConsentRequest,
    NoteVisibility,
    Referral,
    ReferralEvent,
    ReferralNote,
    Status,
    stalled_before,
)
from village.referrals.rules import side_of


def family_members(student: Student) -> list[User]:
    """People who sign in for the student's household (parents and guardians), and an adult student."""
    people: list[User] = []
    if student.household_id:
        people = [
            m.user
            for m in HouseholdMember.objects.filter(household_id=student.household_id).select_related("user")
            if m.user.is_active
        ]
    if student.user is not None and student.user not in people:
        people.append(student.user)
    return people


def partner_staff(organization_id: int) -> list[User]:
    return [
        m.user
        for m in Membership.objects.active()
        .filter(role=Role.PARTNER_STAFF, organization_id=organization_id)
        .select_related("user")
    ]


def school_staff(referral: Referral) -> list[User]:
    """The referrer and the school's coordinators."""
    people = {referral.created_by}
    people |= {
        m.user
        for m in Membership.objects.active()
        .filter(role=Role.SCHOOL_COORDINATOR, school_id=referral.school_id)
        .select_related("user")
    }
    return sorted(people, key=lambda u: u.pk)


def _tell(
    people: Iterable[User],
    kind: str,
    district_id: int,
    subject: str | Promise,
    body: str | Promise,
    *,
    urgent: bool = False,
    **values: object,
) -> None:
    # Families get it by the channels they chose (staff, with no household, by email).
    people = list(people)
    reach = reach_for(people)
    queue_each(
        kind,
        people,
        subject,
        body,
        district_id=district_id,
        text="",
        reach=reach,
        about="",
        asks="",
        urgent=urgent,
        **values,
    )


class _Happened(TypedDict, total=False):
    at: str


def _happened(at: datetime.datetime | None) -> _Happened:
    """The audit detail of a step recorded after the fact: when it happened."""
    return {"at": at.isoformat()} if at else {}


def _check_happened(at: datetime.datetime | None, previous: datetime.datetime | None) -> None:
    """A step recorded after the fact happened neither in the future nor before the step before it."""
    if at is None:
        return
    if at > timezone.now():
        raise ValidationError({"at": _("The date is in the future.")})
    if previous is not None and at < previous:
        raise ValidationError({"at": _("This step cannot come before the referral's previous step.")})


def refer(
    actor: User,
    student: Student,
    service: Service,
    *,
    elements: Sequence[str],
    purpose: str = Purpose.REFERRAL,
    need: Need | None = None,
    submission_key: str,
    at: datetime.datetime | None = None,
) -> Referral:
    """Send a referral. The consent check runs first (`families.actions.disclose`): without a
    consent or legal basis covering these elements it raises NotCovered and nothing is written.
    Posting the same form twice returns the referral the first post made.

    `at` is when it was sent, for a referral made by phone or on paper and recorded afterwards:
    it cannot be in the future, and the audit event keeps it beside the time it was recorded."""
    existing = Referral.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        return existing
    _check_happened(at, None)
    if service.status != ServiceStatus.ACTIVE:
        raise ValidationError({"service": _("This service is not taking referrals: it is closed or inactive.")})
    if student.anonymized_at is not None or student.status != "enrolled":
        raise ValidationError(_("This student is no longer enrolled."))
    if not elements:
        raise ValidationError({"elements": _("Choose the information the partner needs.")})
    if need is not None and need.student_id != student.pk:
        raise ValidationError({"need": _("This need belongs to another student.")})
    if Referral.objects.filter(student=student, service=service, status__in=OPEN_STATUSES).exists():
        raise ValidationError(_("This student already has an open referral to this service."))
    try:
        with transaction.atomic():
            disclosure = disclose(actor, student, service.organization, elements, purpose, Channel.REFERRAL)
            now = at or timezone.now()
            referral = Referral.objects.create(
                district_id=student.district_id,
                school_id=student.school_id,
                student=student,
                need=need,
                service=service,
                organization=service.organization,
                elements=sorted(set(elements)),
                purpose=purpose,
                consent=disclosure.consent,
                legal_basis=disclosure.legal_basis,
                created_by=actor,
                created_at=now,
                updated_at=now,
                submission_key=submission_key,
            )
            ReferralEvent.objects.create(referral=referral, to_status=Status.SENT, actor=actor, at=now)
            if need is not None and need.status == NeedStatus.OPEN:
                need.status = NeedStatus.IN_PROGRESS
                need.save(update_fields=["status"])
            record(
                actor,
                "referrals.referral.sent",
                referral,
                student_id=student.pk,
                service_id=service.pk,
                **_happened(at),
            )
            _announce(referral)
    except IntegrityError:
        # A second post with the same key raced the first one: return what the first made.
        found = Referral.objects.filter(submission_key=submission_key).first()
        if found is None:
            raise
        return found
    return referral


def _announce(referral: Referral) -> None:
    service_name = referral.service.name
    path = reverse("referrals:detail", kwargs={"pk": referral.pk})
    _tell(
        partner_staff(referral.organization_id),
        "referrals.received",
        referral.district_id,
        gettext_lazy("New referral to %(service)s"),
        gettext_lazy(
            "A school referred a student to %(service)s. Open the referral in Village to accept it, put it on "
            "the waiting list or decline it: %(path)s"
        ),
        service=service_name,
        path=path,
    )
    _tell(
        family_members(referral.student),
        "referrals.family_update",
        referral.district_id,
        gettext_lazy("Your child was referred to %(service)s"),
        gettext_lazy(
            "The school referred %(child)s to %(service)s, sharing only what you agreed to. We will tell you "
            "each step. You can follow it in Village: %(path)s"
        ),
        service=service_name,
        child=referral.student.given_name,
        path=path,
    )


def request_consent(
    actor: User,
    student: Student,
    service: Service,
    *,
    elements: Sequence[str],
    purpose: str = Purpose.REFERRAL,
    need: Need | None = None,
    valid_until: datetime.date | None = None,
    send_automatically: bool = True,
    submission_key: str = "",
) -> ConsentRequest:
    """Ask the family (in its language) for consent to share with the service's organization.
    Nothing about the student is shared with the partner until the family signs; then the
    referral is sent at once, or waits for the referrer's click (`send_automatically`).

    The consent would last until `valid_until` (a year from today if not given). A form posted
    twice (the same `submission_key`) asks once: the second post returns the first request."""
    wanted = sorted(set(elements))
    if not wanted:
        raise ValidationError({"elements": _("Choose the information the partner needs.")})
    today = timezone.localdate()
    valid_until = valid_until or today + datetime.timedelta(days=365)
    if valid_until < today:
        raise ValidationError({"valid_until": _("The end date is in the past. Choose today or a later date.")})
    with transaction.atomic():
        if submission_key:
            Student.objects.select_for_update().filter(pk=student.pk).first()  # a second post waits for the first
            earlier = ConsentRequest.objects.filter(student=student, submission_key=submission_key).first()
            if earlier is not None:
                return earlier
        request = ConsentRequest.objects.create(
            district_id=student.district_id,
            student=student,
            organization=service.organization,
            service=service,
            need=need,
            elements=wanted,
            purpose=purpose,
            requested_by=actor,
            valid_until=valid_until,
            send_automatically=send_automatically,
            submission_key=submission_key,
        )
        record(
            actor,
            "referrals.consent.requested",
            request,
            student_id=student.pk,
            send_automatically=send_automatically,
        )
        _tell(
            family_members(student),
            "referrals.consent_request",
            student.district_id,
            gettext_lazy("May the school share information with %(partner)s?"),
            gettext_lazy(
                "The school would like to refer %(child)s to %(service)s of %(partner)s. For that, the partner "
                "needs some information about your child. Nothing is shared until you agree. You can read what "
                "would be shared and decide in Village: %(path)s"
            ),
            # A request about to expire is sent at once, whatever the family chose (a summary could be too late).
            urgent=(valid_until - today).days <= CONSENT_URGENT_DAYS,
            partner=service.organization.name,
            service=service.name,
            child=student.given_name,
            path=reverse("referrals:consent_answer", kwargs={"pk": request.pk}),
        )
    return request


def move(
    actor: User,
    referral: Referral,
    to_status: str,
    reason: str = "",
    *,
    expected: str | None = None,
    at: datetime.datetime | None = None,
) -> Referral:
    """Move a referral one step. Refuses a jump that skips a step, a side acting for the other,
    a missing reason, and a form made for an earlier status (`expected`).

    `at` is when the step happened, for one taken outside Village and recorded afterwards: not
    in the future, not before the referral's previous step; the audit event keeps it."""
    reason = reason.strip()
    with transaction.atomic():
        locked = Referral.objects.select_for_update().select_related("service").get(pk=referral.pk)
        if expected is not None and locked.status != expected:
            raise ValidationError(
                _("This referral changed while you were looking at it: it is now “%(status)s”.")
                % {"status": locked.get_status_display()}
            )
        side = TRANSITIONS.get((locked.status, to_status))
        if side is None:
            raise ValidationError(
                _("A referral cannot go from “%(from)s” to “%(to)s”.")
                % {"from": locked.get_status_display(), "to": Status(to_status).label}
            )
        if side not in side_of(actor, locked):
            raise ValidationError(_("Only the other side of the referral can take this step."))
        if to_status in NEEDS_REASON and not reason:
            raise ValidationError({"reason": _("Give the reason, so the school and the family understand.")})
        _check_happened(at, locked.events.order_by("-at").values_list("at", flat=True).first())
        now = at or timezone.now()
        previous = locked.status
        service = locked.service
        if to_status == Status.ACCEPTED and service.seats_available is not None:
            if service.seats_available <= 0:
                if previous == Status.WAITLISTED:
                    raise ValidationError(_("The service is full: the referral stays on the waiting list."))
                to_status = Status.WAITLISTED  # full: a waiting list forms
            else:
                take_seat(service)
        holds_seat = previous in (Status.ACCEPTED, Status.IN_SERVICE) and service.seats_available is not None
        if holds_seat and to_status in (Status.COMPLETED, Status.CLOSED_UNMET, Status.WITHDRAWN):
            release_seat(service)
        locked.status = to_status
        locked.reason = reason if to_status in NEEDS_REASON else locked.reason
        locked.updated_at = now
        if previous == Status.SENT and locked.first_response_at is None:
            locked.first_response_at = now
        if to_status == Status.IN_SERVICE:
            locked.service_started_at = now
        if to_status in (Status.DECLINED, Status.COMPLETED, Status.CLOSED_UNMET, Status.WITHDRAWN):
            locked.closed_at = now
        locked.save()
        ReferralEvent.objects.create(
            referral=locked, from_status=previous, to_status=to_status, actor=actor, reason=reason, at=now
        )
        if locked.need is not None and to_status == Status.COMPLETED:
            change_need_status(actor, locked.need, NeedStatus.MET)
        record(
            actor,
            "referrals.referral.moved",
            locked,
            from_status=previous,
            to_status=to_status,
            **_happened(at),
        )
        _tell_step(locked)
    return locked


# What a text about a referral is about ("referrals.referral:12"), and the answer it asks for.
ABOUT_REFERRAL = "referrals.referral:"
YES_NO = "yes_no"
TEXT_GOT_HELP = gettext_lazy(
    "%(child)s has completed %(service)s. Did you get the help you needed? Reply YES or NO, or answer here: %(path)s"
)


def _tell_step(referral: Referral) -> None:
    path = reverse("referrals:detail", kwargs={"pk": referral.pk})
    values = {"service": referral.service.name, "child": referral.student.given_name, "path": path}
    bodies = {
        Status.ACCEPTED: gettext_lazy(
            "%(service)s accepted the referral for %(child)s. They will contact you. %(path)s"
        ),
        Status.WAITLISTED: gettext_lazy("%(service)s is full: %(child)s is on its waiting list. %(path)s"),
        Status.DECLINED: gettext_lazy(
            "%(service)s could not take %(child)s. The school will look for another option. %(path)s"
        ),
        Status.IN_SERVICE: gettext_lazy("%(child)s has started at %(service)s. %(path)s"),
        Status.COMPLETED: gettext_lazy(
            "%(child)s has completed %(service)s. Did you get the help you needed? Tell us: %(path)s"
        ),
        Status.CLOSED_UNMET: gettext_lazy(
            "The referral of %(child)s to %(service)s was closed. Tell us how it went: %(path)s"
        ),
        Status.WITHDRAWN: gettext_lazy("The school withdrew the referral of %(child)s to %(service)s. %(path)s"),
    }
    body = bodies.get(Status(referral.status))
    if body is None:
        return
    family = family_members(referral.student)
    # By text, the question that ends a referral is answered with one word (see `answer_by_text`).
    asks_yes_no = referral.status == Status.COMPLETED
    queue_each(
        "referrals.family_update",
        family,
        gettext_lazy("Update on the referral to %(service)s"),
        body,
        district_id=referral.district_id,
        text=TEXT_GOT_HELP if asks_yes_no else body,
        reach=reach_for(family),
        about=f"{ABOUT_REFERRAL}{referral.pk}",
        asks=YES_NO if asks_yes_no else "",
        **values,
    )
    if referral.status in (Status.DECLINED, Status.WAITLISTED, Status.CLOSED_UNMET):
        _tell(
            school_staff(referral),
            "referrals.school_update",
            referral.district_id,
            gettext_lazy("Update on the referral to %(service)s"),
            body,
            **values,
        )


def add_note(actor: User, referral: Referral, text: str, visibility: str) -> ReferralNote:
    """A note on the referral. A school note shared with the partner is a disclosure of the
    referral's information, so it goes through the consent check like the referral did."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the note first.")})
    sides = side_of(actor, referral)
    if "partner" in sides and "school" not in sides:
        visibility = NoteVisibility.SHARED  # partners' notes are always seen by the school
    with transaction.atomic():
        if visibility == NoteVisibility.SHARED and "school" in sides:
            disclose(
                actor, referral.student, referral.organization, referral.elements, referral.purpose, Channel.MESSAGE
            )
        note = ReferralNote.objects.create(referral=referral, author=actor, text=text, visibility=visibility)
        record(actor, "referrals.note.added", referral, visibility=visibility)
    return note


def record_partner_view(actor: User, referral: Referral) -> None:
    """Partner staff opening a referral see the student's information: a disclosure, recorded."""
    disclose(actor, referral.student, referral.organization, referral.elements, referral.purpose, Channel.PAGE)


def family_feedback(actor: User, referral: Referral, got_help: bool, comment: str = "") -> Referral:
    """The family says whether the child got the help. A new answer is unread again, so it
    comes back onto the school's worklist."""
    with transaction.atomic():
        referral.family_got_help = got_help
        referral.family_comment = comment.strip()
        referral.family_answered_at = timezone.now()
        referral.family_answer_read_at = None
        referral.family_answer_read_by = None
        referral.save(
            update_fields=[
                "family_got_help",
                "family_comment",
                "family_answered_at",
                "family_answer_read_at",
                "family_answer_read_by",
            ]
        )
        record(actor, "referrals.referral.family_feedback", referral, got_help=got_help)
    return referral


def read_family_answer(actor: User, referral: Referral) -> Referral:
    """School staff have read the family's answer: it leaves the worklist. Reading twice changes nothing."""
    if "school" not in side_of(actor, referral):
        raise ValidationError(_("Only the school's staff can mark the family's answer as read."))
    if referral.family_got_help is None:
        raise ValidationError(_("The family has not answered yet."))
    with transaction.atomic():
        updated = Referral.objects.filter(pk=referral.pk, family_answer_read_at__isnull=True).update(
            family_answer_read_at=timezone.now(), family_answer_read_by=actor
        )
        if updated:
            record(actor, "referrals.referral.family_answer_read", referral)
    referral.refresh_from_db(fields=["family_answer_read_at", "family_answer_read_by"])
    return referral


def remind_stalled(now: datetime.datetime | None = None) -> int:
    """Referrals sent N days ago (VILLAGE_STALLED_REFERRAL_DAYS) with no response: remind the
    partner and alert the school, once per referral. Returns how many were reminded."""
    now = now or timezone.now()
    cutoff = stalled_before(now)
    stalled = Referral.objects.filter(
        status=Status.SENT, created_at__lte=cutoff, stalled_reminded_at__isnull=True
    ).select_related("service", "student")
    count = 0
    for referral in stalled:
        with transaction.atomic():
            values = {
                "service": referral.service.name,
                "days": settings.VILLAGE_STALLED_REFERRAL_DAYS,
                "path": reverse("referrals:detail", kwargs={"pk": referral.pk}),
            }
            _tell(
                partner_staff(referral.organization_id),
                "referrals.stalled",
                referral.district_id,
                gettext_lazy("A referral to %(service)s is waiting for your answer"),
                gettext_lazy(
                    "A referral to %(service)s has waited %(days)s days for an answer. Please answer it: %(path)s"
                ),
                **values,
            )
            _tell(
                school_staff(referral),
                "referrals.stalled",
                referral.district_id,
                gettext_lazy("No answer yet from %(service)s"),
                gettext_lazy(
                    "%(service)s has not answered a referral in %(days)s days. "
                    "You may call them or refer elsewhere: %(path)s"
                ),
                **values,
            )
            Referral.objects.filter(pk=referral.pk).update(stalled_reminded_at=now)
        count += 1
    return count
