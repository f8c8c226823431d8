"""Who organizes events and who may answer them.

Events at a school are organized by its coordinators, its district's lead, and the staff of a
partner organization with a current partnership serving that school (listed there, or
district-wide). A district-wide event (no school) is organized by the district's lead.
Families' events are for the school's community: anyone holding a role there, its district's
lead, and the families whose children are enrolled there. Public events, and events shared
by link only, are answered by whoever holds their link.
"""

from __future__ import annotations

import rules
from django.db.models import Q

from village.accounts.models import Person, Role
from village.accounts.predicates import district_ids, organization_ids, school_ids
from village.events.models import Audience, Event
from village.families.queries import family_school_ids
from village.orgs.models import Organization, School
from village.orgs.rules import CURRENT_PARTNERSHIP_STATUSES


def partner_school_ids(user: Person) -> set[int]:
    """Schools served by a current partnership of an organization the person works for."""
    orgs = organization_ids(user, Role.PARTNER_STAFF)
    if not orgs:
        return set()
    listed = Q(
        partnerships__status__in=CURRENT_PARTNERSHIP_STATUSES,
        partnerships__members__organization_id__in=orgs,
    )
    district_wide = Q(
        district__partnerships__district_wide=True,
        district__partnerships__status__in=CURRENT_PARTNERSHIP_STATUSES,
        district__partnerships__members__organization_id__in=orgs,
    )
    return set(School.objects.filter(listed | district_wide).values_list("pk", flat=True))


def hosting_organization(user: Person, school: School) -> Organization | None:
    """The partner organization an event is planned for, when the person plans it as partner
    staff (not as the school's coordinator or its district's lead): one of theirs serving the school."""
    if school.pk in school_ids(user, Role.SCHOOL_COORDINATOR) or school.district_id in district_ids(
        user, Role.DISTRICT_LEAD
    ):
        return None
    orgs = organization_ids(user, Role.PARTNER_STAFF)
    current = {"status__in": CURRENT_PARTNERSHIP_STATUSES}
    listed = Q(partnerships__schools=school, **{f"partnerships__{k}": v for k, v in current.items()})
    wide = Q(
        partnerships__district_id=school.district_id,
        partnerships__district_wide=True,
        **{f"partnerships__{k}": v for k, v in current.items()},
    )
    return Organization.objects.filter(listed | wide, pk__in=orgs).order_by("name").first()


def organizer_school_ids(user: Person) -> set[int]:
    """Every school where the person may organize events."""
    leads = district_ids(user, Role.DISTRICT_LEAD)
    led = set(School.objects.filter(district_id__in=leads).values_list("pk", flat=True)) if leads else set()
    return led | school_ids(user, Role.SCHOOL_COORDINATOR) | partner_school_ids(user)


def community_school_ids(user: Person) -> set[int]:
    """Schools whose families' events the person may see (roles held there, led, or a child enrolled)."""
    return organizer_school_ids(user) | school_ids(user) | family_school_ids(user)


def own_staff_school_ids(user: Person) -> set[int]:
    """Schools whose own staff the person is (coordinator or educator there, or its district's lead)."""
    leads = district_ids(user, Role.DISTRICT_LEAD)
    led = set(School.objects.filter(district_id__in=leads).values_list("pk", flat=True)) if leads else set()
    return led | school_ids(user, Role.SCHOOL_COORDINATOR, Role.EDUCATOR)


@rules.predicate
def organizes_at_school(user: Person, school: School) -> bool:
    return school.pk in organizer_school_ids(user)


@rules.predicate
def organizes_event(user: Person, event: Event) -> bool:
    if event.school_id is None:
        return event.district_id in district_ids(user, Role.DISTRICT_LEAD)
    return event.school_id in organizer_school_ids(user)


@rules.predicate
def may_attend(user: Person, event: Event) -> bool:
    """Reached through the event's link: public and link-only events are open to its holder."""
    if event.audience != Audience.FAMILIES:
        return True
    if event.school_id is None:
        return event.district_id in district_ids(user) or bool(organizes_event(user, event))
    return event.school_id in community_school_ids(user)


rules.add_perm("events.organize_at", organizes_at_school)
rules.add_perm("events.manage", organizes_event)
rules.add_perm("events.attend", may_attend)
