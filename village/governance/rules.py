"""Who sees and works a council.

A council is run by the coordinators of its school and the leads of its district (for a
district council, by the leads). Its serving members see everything it does and take part:
propose, comment, vote and report progress. The decision log and "you said, we did" are
public and need no rule.
"""

from __future__ import annotations

import rules
from django.utils import timezone

from village.accounts.models import Person, Role
from village.accounts.predicates import district_ids, school_ids
from village.governance.models import Council, CouncilMember, Decision, Proposal
from village.governance.queries import current_co_chairs
from village.orgs.models import District, School


def _runs(user: Person, council: Council) -> bool:
    if council.district_id in district_ids(user, Role.DISTRICT_LEAD):
        return True
    return council.school_id is not None and council.school_id in school_ids(user, Role.SCHOOL_COORDINATOR)


def seat(user: Person, council: Council) -> CouncilMember | None:
    """The person's seat serving today, if any (cached on the user per council)."""
    if user is None or not user.is_authenticated:
        return None
    cache: dict[int, CouncilMember | None] = user.__dict__.setdefault("_village_council_seats", {})
    if council.pk not in cache:
        cache[council.pk] = (
            CouncilMember.objects.serving_on(timezone.localdate()).filter(council=council, user=user).first()
        )
    return cache[council.pk]


def _council(obj: Council | Proposal | Decision) -> Council:
    return obj if isinstance(obj, Council) else obj.council


@rules.predicate
def runs_council(user: Person, obj: Council | Proposal | Decision) -> bool:
    return _runs(user, _council(obj))


@rules.predicate
def serves_on_council(user: Person, obj: Council | Proposal | Decision) -> bool:
    return seat(user, _council(obj)) is not None


@rules.predicate
def runs_school_councils(user: Person, school: School) -> bool:
    return school.pk in school_ids(user, Role.SCHOOL_COORDINATOR) or school.district_id in district_ids(
        user, Role.DISTRICT_LEAD
    )


@rules.predicate
def is_co_chair(user: Person, proposal: Proposal) -> bool:
    me = seat(user, proposal.council)
    return me is not None and me in current_co_chairs(proposal.council)


@rules.predicate
def leads_district(user: Person, district: District) -> bool:
    return district.pk in district_ids(user, Role.DISTRICT_LEAD)


@rules.predicate
def proposed_it(user: Person, proposal: Proposal) -> bool:
    me = seat(user, proposal.council)
    return me is not None and me.pk == proposal.submitted_by_id


rules.add_perm("governance.run_school_councils", runs_school_councils)
rules.add_perm("governance.run_district_councils", leads_district)
rules.add_perm("governance.view_council", runs_council | serves_on_council)
rules.add_perm("governance.run_council", runs_council)
rules.add_perm("governance.take_part", serves_on_council)
rules.add_perm("governance.view_proposal", runs_council | serves_on_council)
rules.add_perm("governance.chair_proposal", runs_council | is_co_chair)
rules.add_perm("governance.report_progress", runs_council | serves_on_council)
rules.add_perm("governance.settle_amendment", runs_council | proposed_it)
# Staff who run the council translate what members write (proposals), for readers of other languages.
rules.add_perm("governance.translate_proposal", runs_council)
