"""Reading who in a family has an account, who was invited, and how each guardian can be reached:
for the household page, the student page and a school's families page. Nothing here writes."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from village.families.actions.invitations import has_valid_email, usable_channels
from village.families.models import FamilyInvitation, Guardian, Household, HouseholdMember, Student
from village.families.notices import invitation_language
from village.lib.languages import language_label, ui_code
from village.orgs.models import School


@dataclass(frozen=True)
class GuardianRow:
    guardian: Guardian
    member: HouseholdMember | None  # the account that claimed for this guardian, if any
    invitation: FamilyInvitation | None  # the latest invitation, in whatever state
    channels: list[str]
    language: str  # the invitation's language, by default
    exact: bool  # whether that language is the family's own

    @property
    def has_email(self) -> bool:
        return has_valid_email(self.guardian)

    @property
    def language_label(self) -> str:
        """The guardian's own language (from the roster), named in the reader's language."""
        return language_label(ui_code(self.guardian.language)) if self.guardian.language else ""

    @property
    def open_invitation(self) -> FamilyInvitation | None:
        return self.invitation if self.invitation is not None and self.invitation.is_open else None


def guardian_rows(household: Household) -> list[GuardianRow]:
    guardians = list(household.guardians.order_by("family_name", "given_name", "pk"))
    members = {m.guardian_id: m for m in HouseholdMember.objects.filter(household=household, guardian__isnull=False)}
    member_emails = {
        m.user.email.lower(): m for m in HouseholdMember.objects.filter(household=household).select_related("user")
    }
    latest: dict[int, FamilyInvitation] = {}
    for invitation in FamilyInvitation.objects.filter(household=household).order_by("created_at", "pk"):
        latest[invitation.guardian_id] = invitation
    rows = []
    for g in guardians:
        language, exact = invitation_language(household, g.language)
        rows.append(
            GuardianRow(
                guardian=g,
                member=members.get(g.pk) or member_emails.get(g.email.lower()) if g.email else members.get(g.pk),
                invitation=latest.get(g.pk),
                channels=usable_channels(g),
                language=language,
                exact=exact,
            )
        )
    return rows


SHOW_FILTERS = {
    "not_invited": Q(members_count=0, open_count=0),
    "invited": Q(members_count=0, open_count__gt=0),
    "linked": Q(members_count__gt=0),
    "all": Q(),
}


def school_families(school: School, show: str = "not_invited", q: str = "") -> QuerySet[Household]:
    """The households with a child enrolled at the school, with how many accounts and open
    invitations each has, their guardians and their children at this school."""
    now = timezone.now()
    households = (
        Household.objects.filter(
            district_id=school.district_id,
            students__school=school,
            students__status="enrolled",
            students__anonymized_at__isnull=True,
        )
        .annotate(
            members_count=Count("members", distinct=True),
            open_count=Count(
                "invitations",
                filter=Q(
                    invitations__claimed_at__isnull=True,
                    invitations__withdrawn_at__isnull=True,
                    invitations__expires_at__gt=now,
                ),
                distinct=True,
            ),
        )
        .filter(SHOW_FILTERS.get(show, SHOW_FILTERS["not_invited"]))
    )
    if q:
        households = households.filter(
            Q(name__icontains=q) | Q(students__given_name__icontains=q) | Q(students__family_name__icontains=q)
        )
    return (
        households.distinct()
        .order_by("name", "pk")
        .prefetch_related(
            Prefetch("guardians", queryset=Guardian.objects.order_by("family_name", "given_name")),
            Prefetch(
                "students",
                queryset=Student.objects.filter(school=school, status="enrolled", anonymized_at__isnull=True).order_by(
                    "given_name"
                ),
                to_attr="children_here",
            ),
        )
    )
