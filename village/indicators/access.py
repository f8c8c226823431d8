"""Fetch-and-authorise helpers for the indicator framework (404 alike for missing and forbidden)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from village.accounts.models import Membership, Role, User
from village.accounts.predicates import district_ids, organization_ids, school_ids
from village.families.models import EnrollmentStatus
from village.indicators.models import Indicator, Review, ReviewAction
from village.lib.access import get_authorized
from village.orgs.models import District, Organization, School
from village.partnerships.models import AgreementMetric, Partnership


def access_framework(user: User, slug: str) -> District:
    return get_authorized(user, District.objects.select_related("region"), "indicators.manage_framework", slug=slug)


def access_indicator(user: User, district: District, pk: int) -> Indicator:
    """An indicator of a district the person leads (already checked by `access_framework`)."""
    indicator = Indicator.objects.filter(district=district, pk=pk).first()
    if indicator is None:
        raise Http404
    return indicator


def access_school_board(user: User, pk: int) -> School:
    return get_authorized(user, School.objects.select_related("district"), "indicators.view_school", pk=pk)


def access_practice_school(user: User, pk: int) -> School:
    return get_authorized(user, School.objects.select_related("district"), "indicators.log_practice", pk=pk)


def access_review(user: User, pk: int) -> Review:
    return get_authorized(
        user,
        Review.objects.select_related("school", "indicator", "period", "district"),
        "indicators.work_review",
        pk=pk,
    )


def access_review_action(user: User, review: Review, pk: int) -> ReviewAction:
    action = review.actions.filter(pk=pk).first()
    if action is None:
        raise Http404
    return action


def reviews_for(user: User) -> QuerySet[Review]:
    return Review.objects.filter(
        Q(district_id__in=district_ids(user, Role.DISTRICT_LEAD))
        | Q(school_id__in=school_ids(user, Role.SCHOOL_COORDINATOR))
        | Q(participants=user)
    ).distinct()


def access_partner_organization(user: User, pk: int) -> Organization:
    """An organization the person works for as partner staff (404 otherwise)."""
    if pk not in organization_ids(user, Role.PARTNER_STAFF):
        raise Http404
    return Organization.objects.get(pk=pk)


def shared_metrics(organization: Organization) -> list[AgreementMetric]:
    """Metrics of the organization's agreements in force that follow a Village indicator."""
    metrics = (
        AgreementMetric.objects.filter(
            version__agreement__partnership__organizations=organization,
            indicator__isnull=False,
            indicator__active=True,
        )
        .select_related("indicator", "version__agreement__partnership")
        .order_by("version__agreement__title", "pk")
    )
    return [m for m in metrics if m.version.agreement.active_version_id == m.version_id]


def review_people(review: Review) -> QuerySet[User]:
    """Who can take part in a review: the school's staff and council, the district's leads and
    council, the partner staff of the school's partnerships, and the families of the school's
    students (a family account is linked to a household with a child at the school; families of
    the district's other schools are not offered)."""
    ids = Membership.objects.active().filter(school=review.school).values("user_id")
    lead_ids = (
        Membership.objects.active()
        .filter(district_id=review.district_id, role__in=[Role.DISTRICT_LEAD, Role.COUNCIL_MEMBER])
        .values("user_id")
    )
    family_ids = (
        Membership.objects.active()
        .filter(
            district_id=review.district_id,
            role=Role.FAMILY_MEMBER,
            user__household_links__household__students__school=review.school,
            user__household_links__household__students__status=EnrollmentStatus.ENROLLED,
        )
        .values("user_id")
    )
    partner_orgs = Partnership.objects.filter(schools=review.school).values("organizations")
    partner_ids = (
        Membership.objects.active().filter(organization__in=partner_orgs, role=Role.PARTNER_STAFF).values("user_id")
    )
    return User.objects.filter(pk__in=ids.union(lead_ids, family_ids, partner_ids)).order_by("name", "email")
