"""Referrals from Lincoln: Layla's dental check-up awaiting the clinic (the partner persona's inbox),
and two dozen past referrals worked to completion or closed unmet, so outcome figures have a history."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from village.accounts.models import Membership, Role, User
from village.demo.common import NORTHSIDE_CLINIC
from village.demo.needs import full_after_school_program, paper_consent
from village.directory.models import Service, ServiceStatus
from village.families.actions import add_need
from village.families.disclosure import NotCovered
from village.families.models import Need, Student
from village.families.vocab import NeedSource, Urgency
from village.orgs.models import District, Organization, School
from village.referrals.actions import move, refer, request_consent
from village.referrals.actions.asks import ask_for_service
from village.referrals.models import Status


def referrals_work(riverbend: District, orgs: dict[str, Organization]) -> None:
    """Layla's dental check-up referred to the clinic (Mai's inbox), under Amina's consent."""

    clinic = orgs[NORTHSIDE_CLINIC]
    need = Need.objects.filter(district=riverbend, student__given_name="Layla", category="health").first()
    service = (
        Service.objects.filter(organization=clinic, status=ServiceStatus.ACTIVE, categories__code="health")
        .order_by("pk")
        .first()
    )
    coordinator = (
        Membership.objects.filter(
            district=riverbend, role=Role.SCHOOL_COORDINATOR, user__email="coordinator@village.test"
        )
        .select_related("user")
        .first()
    )
    if need is None or service is None or coordinator is None:
        return
    refer(
        coordinator.user,
        need.student,
        service,
        elements=["name", "grade", "needs"],
        need=need,
        submission_key=f"demo-referral-{need.pk}",
    )
    full_after_school_program(riverbend, coordinator.user)


def past_referrals(riverbend: District, lincoln: School) -> None:
    """Referrals Lincoln sent over the past months, worked by partner staff to completion or closed
    unmet, so outcome figures (completion, days to service) have a history."""

    coordinator = Membership.objects.filter(school=lincoln, role=Role.SCHOOL_COORDINATOR).select_related("user").first()
    if coordinator is None:
        return
    staff = {
        m.organization_id: m.user
        for m in Membership.objects.filter(role=Role.PARTNER_STAFF, organization__region_id=riverbend.region_id)
        .select_related("user")
        .order_by("pk")
    }
    now = timezone.now()
    by_category: dict[str, list[tuple[Service, User]]] = {}
    offered = (
        Service.objects.filter(
            organization_id__in=list(staff), status=ServiceStatus.ACTIVE, seats_available__isnull=True
        )
        .prefetch_related("categories")
        .order_by("pk")
    )
    for service in offered:
        for term in service.categories.all():
            by_category.setdefault(term.code, []).append((service, staff[service.organization_id]))
    students = list(
        Student.objects.filter(school=lincoln, status="enrolled", household__isnull=False)
        .exclude(household__profile__isnull=False)
        .order_by("pk")
    )
    categories = sorted(by_category)
    made = 0
    for i in range(24 if students and categories else 0):
        student = students[i % len(students)]
        category = categories[i % len(categories)]
        service, partner = by_category[category][i % len(by_category[category])]
        need = add_need(
            coordinator.user,
            student,
            category=category,
            urgency=Urgency.ROUTINE,
            source=NeedSource.EDUCATOR,
            raised_at=now - timedelta(days=30 + 9 * i),
        )
        paper_consent(
            coordinator.user,
            student,
            service.organization,
            ["name", "grade", "needs"],
            signed_on=now.date() - timedelta(days=240),
            valid_until=now.date() + timedelta(days=120),
        )
        # Recorded afterwards, each step on the day it happened: sent some weeks ago, answered in
        # days, served within weeks, closed three weeks later.
        sent = need.created_at + timedelta(days=2)
        answered = sent + timedelta(days=1 + made % 4)
        started = answered + timedelta(days=3 + 2 * (made % 9))
        closed = min(now, started + timedelta(days=21))
        try:
            referral = refer(
                coordinator.user,
                student,
                service,
                elements=["name", "grade"],
                need=need,
                submission_key=f"demo-past-{need.pk}",
                at=sent,
            )
            last = Status.CLOSED_UNMET if made % 4 == 3 else Status.COMPLETED
            for step, at in ((Status.ACCEPTED, answered), (Status.IN_SERVICE, started), (last, closed)):
                reason = "The family moved before the sessions began." if step == Status.CLOSED_UNMET else ""
                referral = move(partner, referral, step, reason, at=at)
        except (NotCovered, ValidationError):
            continue
        made += 1


def waiting_on_the_family(riverbend: District) -> None:
    """Amina asks Lincoln for the evening homework club she found for Yusuf; Rosa then asks her
    consent to share what the club needs. Both wait on Amina's home and Rosa's worklist."""
    amina = User.objects.filter(email="family@village.test").first()
    rosa = User.objects.filter(email="coordinator@village.test").first()
    yusuf = Student.objects.filter(district=riverbend, given_name="Yusuf", family_name="Hassan").first()
    club = Service.objects.filter(name__en="Evening Homework Club", status=ServiceStatus.ACTIVE).first()
    if amina is None or rosa is None or yusuf is None or club is None:
        return
    ask = ask_for_service(
        amina,
        yusuf,
        club,
        category="tutoring",
        description="Yusuf needs help with his homework, in Arabic if possible.",
        submission_key="demo-ask-yusuf",
    )
    request_consent(
        rosa,
        yusuf,
        club,
        elements=["name", "grade", "home_language"],
        need=ask.need,
        submission_key="demo-consent-request-yusuf",
    )


def yusuf_by_text(riverbend: District, orgs: dict[str, Organization]) -> None:
    """Yusuf's eye exam at the clinic, referred last month and worked to completion. Amina chose
    text messages, so each step reaches her phone in Arabic (var/sms/ locally), the last asking
    whether Yusuf got the help; her answer by text lands on the referral like a web answer."""
    clinic = orgs[NORTHSIDE_CLINIC]
    yusuf = Student.objects.filter(district=riverbend, given_name="Yusuf", family_name="Hassan").first()
    rosa = User.objects.filter(email="coordinator@village.test").first()
    partner = (
        Membership.objects.filter(role=Role.PARTNER_STAFF, organization=clinic)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    service = (
        Service.objects.filter(organization=clinic, status=ServiceStatus.ACTIVE, categories__code="health")
        .order_by("pk")
        .first()
    )
    if yusuf is None or rosa is None or partner is None or service is None:
        return
    now = timezone.now()
    need = add_need(
        rosa,
        yusuf,
        category="health",
        urgency=Urgency.ROUTINE,
        source=NeedSource.EDUCATOR,
        description="Yusuf squints at the board: an eye exam.",
        raised_at=now - timedelta(days=30),
    )
    paper_consent(
        rosa,
        yusuf,
        clinic,
        ["name", "grade", "needs"],
        signed_on=now.date() - timedelta(days=29),
        valid_until=now.date() + timedelta(days=335),
    )
    referral = refer(
        rosa,
        yusuf,
        service,
        elements=["name", "grade", "needs"],
        need=need,
        submission_key="demo-referral-yusuf-eyes",
        at=now - timedelta(days=28),
    )
    for step, days_ago in ((Status.ACCEPTED, 27), (Status.IN_SERVICE, 20), (Status.COMPLETED, 1)):
        referral = move(partner.user, referral, step, at=now - timedelta(days=days_ago))
