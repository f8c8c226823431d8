"""Fetch-and-authorise helpers for referrals (404 alike for missing and forbidden)."""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from village.accounts.models import Role, User
from village.accounts.predicates import organization_ids
from village.directory.models import Service, ServiceStatus
from village.families.disclosure import find_basis
from village.families.models import Consent, Need, OtherLegalBasis, Student
from village.families.queries import children_for
from village.families.vocab import DataElement, Purpose
from village.lib.access import get_authorized, parse_row_id
from village.referrals.models import ConsentRequest, FamilyAsk, Referral, RequestState
from village.referrals.rules import side_of


def access_referral(user: User, pk: int, perm: str = "referrals.view_referral") -> Referral:
    return get_authorized(
        user,
        Referral.objects.select_related("student__household", "service", "organization", "school", "need"),
        perm,
        pk=pk,
    )


def access_need_to_refer(user: User, pk: int) -> Need:
    """A need whose student the person may refer (the student's school staff)."""
    return get_authorized(
        user, Need.objects.select_related("student__household", "school"), "referrals.refer_for_need", pk=pk
    )


def access_referral_as_participant(user: User, pk: int) -> Referral:
    """A referral the person works on, for the school side or the partner side (the family is not a participant)."""
    referral = access_referral(user, pk)
    if not side_of(user, referral):
        raise Http404
    return referral


def inbox(user: User) -> QuerySet[Referral]:
    """The partner's inbox: referrals to the person's organizations (404 for someone who works for none)."""
    if not user.has_perm("referrals.view_inbox"):
        raise Http404
    return Referral.objects.filter(organization_id__in=organization_ids(user, Role.PARTNER_STAFF))


def service_to_refer_to(pk: int, *, active_only: bool = False) -> Service:
    """A directory service a referral may name (a closed one is refused by the referral itself)."""
    found = Service.objects.select_related("organization").filter(pk=pk)
    if active_only:
        found = found.filter(status=ServiceStatus.ACTIVE)
    service = found.first()
    if service is None:
        raise Http404
    return service


def need_of_student(student: Student, pk: str | None) -> Need | None:
    """The student's own need named in a form, or none when none is named. A need that is not a
    number, or not one of the student's, answers 404 (missing and forbidden alike)."""
    if not pk:
        return None
    need_id = parse_row_id(pk)
    need = Need.objects.filter(pk=need_id, student=student).first() if need_id is not None else None
    if need is None:
        raise Http404
    return need


def sharing_basis(student: Student, service: Service) -> Consent | OtherLegalBasis | None:
    """The consent (or other legal basis) in force for sharing with the service's organization for
    a referral, if any: the newest one, the same the refer page names."""
    return find_basis(student, service.organization, [], Purpose.REFERRAL)


def covered_elements(basis: Consent | OtherLegalBasis | None) -> list[str] | None:
    """The data elements the basis covers, in the vocabulary's order; None when there is no basis."""
    if basis is None:
        return None
    return [e for e in DataElement.values if e in basis.elements]


def chosen_service(student: Student, raw: str | None) -> Service | None:
    """The active directory service of the student's region named by a form's raw value, or none."""
    if not raw or not raw.isdigit():
        return None
    return (
        Service.objects.select_related("organization")
        .filter(pk=int(raw), status=ServiceStatus.ACTIVE, organization__region=student.district.region_id)
        .first()
    )


def _requests() -> QuerySet[ConsentRequest]:
    return ConsentRequest.objects.select_related(
        "student__school", "student__district", "organization", "service", "requested_by", "referral"
    )


def access_consent_request_to_answer(user: User, pk: int) -> ConsentRequest:
    """A request to the person's family that they may sign (404 for anyone else's, answered or not)."""
    return get_authorized(user, _requests(), "referrals.answer_consent_request", pk=pk)


def access_consent_request_to_follow(user: User, pk: int) -> ConsentRequest:
    """A request about a student the person works with at school."""
    return get_authorized(user, _requests(), "referrals.follow_consent_request", pk=pk)


def waiting_for_family(user: User) -> list[ConsentRequest]:
    """Requests the person can still answer for their children (or themselves, an adult student), newest first."""
    if not user.is_authenticated:
        return []
    found = (
        _requests()
        .filter(Q(student__household__members__user=user) | Q(student__user=user), state=RequestState.PENDING)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=timezone.localdate()))
        # A consent for that partner signed since (on the blank form) answered it too, as on the worklist.
        .exclude(
            Exists(
                Consent.objects.filter(
                    student_id=OuterRef("student_id"),
                    recipient_id=OuterRef("organization_id"),
                    signed_at__gte=OuterRef("requested_at"),
                )
            )
        )
        .distinct()[:50]
    )
    return [r for r in found if user.has_perm("referrals.answer_consent_request", r)]


def children_who_may_ask(user: User) -> list[Student]:
    """The person's enrolled children they may ask the school for a service for (404 for staff
    and anyone with none: they refer or ask through the school instead)."""
    children = [
        c
        for c in children_for(user).filter(status="enrolled").order_by("given_name", "pk")
        if user.has_perm("referrals.ask_for_child", c)
    ]
    if not children:
        raise Http404
    return children


def asks_of_family(user: User) -> QuerySet[FamilyAsk]:
    """What the person's family asked the school for, newest first, with what happened since
    (read by `FamilyAsk.state`)."""
    if not user.is_authenticated:
        return FamilyAsk.objects.none()
    newest_referral = Referral.objects.filter(need_id=OuterRef("need_id")).order_by("-created_at", "-pk")
    return (
        FamilyAsk.objects.filter(student__household__members__user=user, student__anonymized_at__isnull=True)
        .select_related("student", "service__organization")
        .annotate(
            referral_status=Subquery(newest_referral.values("status")[:1]),
            consent_waiting=Exists(
                ConsentRequest.objects.filter(need_id=OuterRef("need_id"), state=RequestState.PENDING)
            ),
            need_status=F("need__status"),
        )
        .distinct()
    )


def access_family_ask(user: User, pk: int) -> FamilyAsk:
    """One of the family's asks (404 for anyone else's)."""
    found = asks_of_family(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
