"""The worklist: what needs a member of staff now, at each school, newest and most urgent first.

Six kinds of item: new needs nobody has matched or referred yet (among them the services families
asked for from the finder, named on the item), consent requests waiting for
the family, the families' answers to "did you get the help?" nobody has read yet, referrals the
partner has not answered for `VILLAGE_STALLED_REFERRAL_DAYS`, open gap reviews, and allocation
runs ready for review. A coordinator and a district lead see a school's items; an educator sees
the items of the students they serve (and the reviews they take part in).

The cost does not grow with the number of items: each kind is one query per school, which
keeps the first few rows with the total beside them (a window count over the whole result).
The district's counts by school are one grouped query per kind, however many schools.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from django.conf import settings
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When, Window
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from village.accounts.models import User
from village.families.models import Consent, EducatorAssignment, Need
from village.families.vocab import NeedStatus, Urgency
from village.indicators.figures import group_label
from village.indicators.models import Review
from village.indicators.vocab import ReviewStatus
from village.matching.models import AllocationRun, AllocationStatus
from village.orgs.models import School
from village.referrals.models import ConsentRequest, Referral, RequestState, Status, stalled_before

# What an item of the worklist is a row of.
type WorkRow = Need | ConsentRequest | Referral | Review | AllocationRun
# Items shown per kind on the home page; the full page lists them all.
SHOWN = 3


class Kind(StrEnum):
    NEEDS = "needs"
    CONSENTS = "consents"
    ANSWERS = "answers"
    STALLED = "stalled"
    REVIEWS = "reviews"
    RUNS = "runs"


TITLES: dict[str, Promise] = {
    Kind.NEEDS: _("New needs not yet matched or referred"),
    Kind.CONSENTS: _("Consent requests waiting for the family"),
    Kind.ANSWERS: _("Families' answers: did they get the help?"),
    Kind.STALLED: _("Referrals with no answer from the partner"),
    Kind.REVIEWS: _("Gap reviews due"),
    Kind.RUNS: _("Seat allocations ready for your review"),
}
EXPLAINED: dict[str, Promise] = {
    Kind.NEEDS: _("Most urgent first, then newest. Find services that fit, then refer."),
    Kind.CONSENTS: _("Nothing is shared with the partner until the family agrees. Oldest requests may need a call."),
    Kind.ANSWERS: _("Families who did not get the help come first. Mark each answer as read once you have acted."),
    Kind.STALLED: _("Sent more than %(days)s days ago and not yet accepted or declined. Longest waiting first."),
    Kind.REVIEWS: _("Open reviews of the gaps your indicators found, soonest due first."),
    Kind.RUNS: _("No referral is sent until you approve the allocation."),
}


def count_label(kind: str, n: int) -> str:
    """“3 new needs”: the count and its words, with the plural the reader's language needs."""
    if kind == Kind.NEEDS:
        text = ngettext("%(n)s new need", "%(n)s new needs", n)
    elif kind == Kind.CONSENTS:
        text = ngettext("%(n)s consent request waiting", "%(n)s consent requests waiting", n)
    elif kind == Kind.ANSWERS:
        text = ngettext("%(n)s family answer to read", "%(n)s family answers to read", n)
    elif kind == Kind.STALLED:
        text = ngettext("%(n)s stalled referral", "%(n)s stalled referrals", n)
    elif kind == Kind.REVIEWS:
        text = ngettext("%(n)s gap review due", "%(n)s gap reviews due", n)
    else:
        text = ngettext("%(n)s allocation to review", "%(n)s allocations to review", n)
    return text % {"n": n}


@dataclass(frozen=True)
class Scope:
    """Whose items: whole schools (coordinators, district leads) or, when `educator` is set, only
    the students that educator serves at those schools."""

    school_ids: frozenset[int]
    educator: User | None = None

    @property
    def kinds(self) -> tuple[Kind, ...]:
        # Educators do not share seats: allocations are the coordinator's.
        return tuple(k for k in Kind if not (self.educator is not None and k == Kind.RUNS))


# The columns the worklist shows of a student (fewer columns: cheaper to build and to read).
NAMES = ("student_id", "student__given_name", "student__family_name")


def _served(scope: Scope) -> QuerySet[EducatorAssignment]:
    return EducatorAssignment.objects.filter(educator=scope.educator, student__school_id__in=scope.school_ids)


def _urgency_rank() -> Case:
    return Case(
        When(urgency=Urgency.URGENT, then=Value(0)),
        When(urgency=Urgency.SOON, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


def needs(scope: Scope) -> QuerySet[Need]:
    """Open needs (a referral moves a need on, so an open need has none yet), most urgent then newest first."""
    found = Need.objects.filter(
        school_id__in=scope.school_ids, status=NeedStatus.OPEN, student__anonymized_at__isnull=True
    )
    if scope.educator is not None:
        found = found.filter(student__in=_served(scope).values("student_id"))
    return (
        found.select_related("student")
        .only(*NAMES, "school_id", "category", "urgency", "description", "source", "created_at")
        # A need a family opened by asking for a service it found names that service.
        .annotate(
            urgency_rank=_urgency_rank(),
            asked_service=F("family_ask__service__name"),
            asked_service_id=F("family_ask__service_id"),
        )
        .order_by("urgency_rank", "-created_at", "-pk")
    )


def consent_requests(scope: Scope) -> QuerySet[ConsentRequest]:
    """Requests the family has not answered (nor signed a consent for that partner since), and those
    it agreed to whose referral waits for the school's click; newest first."""
    signed_since = Consent.objects.filter(
        student_id=OuterRef("student_id"),
        recipient_id=OuterRef("organization_id"),
        signed_at__gte=OuterRef("requested_at"),
    )
    # Waiting for the family, or agreed with the referral waiting for the school's one click.
    found = ConsentRequest.objects.filter(student__school_id__in=scope.school_ids).filter(
        (Q(state=RequestState.PENDING) & ~Exists(signed_since))
        | Q(state=RequestState.CONSENTED, referral__isnull=True, service__isnull=False)
    )
    if scope.educator is not None:
        found = found.filter(student__in=_served(scope).values("student_id"))
    return (
        found.select_related("student", "organization", "service", "requested_by")
        .only(
            *NAMES,
            "requested_at",
            "state",
            "referral_id",
            "organization__name",
            "service__name",
            "requested_by__name",
        )
        .order_by("-requested_at", "-pk")
    )


def answers(scope: Scope) -> QuerySet[Referral]:
    """The families' answers nobody at the school has read: “did not get the help” first, then newest."""
    found = Referral.objects.filter(
        school_id__in=scope.school_ids, family_got_help__isnull=False, family_answer_read_at__isnull=True
    )
    if scope.educator is not None:
        found = found.filter(student__in=_served(scope).values("student_id"))
    return (
        found.select_related("student", "service")
        .only(*NAMES, "school_id", "family_got_help", "family_comment", "family_answered_at", "service__name")
        .order_by("family_got_help", F("family_answered_at").desc(nulls_last=True), "-pk")
    )


def stalled(scope: Scope, now: datetime.datetime | None = None) -> QuerySet[Referral]:
    """Referrals still waiting for the partner's first answer past the stalled threshold, longest waiting first."""
    found = Referral.objects.filter(
        school_id__in=scope.school_ids, status=Status.SENT, created_at__lt=stalled_before(now)
    )
    if scope.educator is not None:
        found = found.filter(student__in=_served(scope).values("student_id"))
    return (
        found.select_related("student", "service", "organization")
        .only(*NAMES, "school_id", "created_at", "service__name", "organization__name")
        .order_by("created_at", "pk")
    )


def reviews(scope: Scope) -> QuerySet[Review]:
    """Gap reviews not closed, soonest due first (an educator's: those they take part in)."""
    found = Review.objects.filter(school_id__in=scope.school_ids).exclude(status=ReviewStatus.CLOSED)
    if scope.educator is not None:
        found = found.filter(participants=scope.educator)
    return (
        found.select_related("indicator")
        .only("school_id", "group", "status", "due", "indicator__name", "indicator__source_language")
        .order_by("due", "pk")
    )


def runs(scope: Scope) -> QuerySet[AllocationRun]:
    """Allocation runs waiting for a coordinator's review, newest first."""
    if scope.educator is not None:
        return AllocationRun.objects.none()
    return (
        AllocationRun.objects.filter(school_id__in=scope.school_ids, status=AllocationStatus.READY)
        .select_related("created_by")
        .only("school_id", "status", "created_at", "created_by__name")
        .order_by("-created_at", "-pk")
    )


QUERIES: dict[str, Callable[[Scope], QuerySet[WorkRow]]] = {
    Kind.NEEDS: needs,
    Kind.CONSENTS: consent_requests,
    Kind.ANSWERS: answers,
    Kind.STALLED: stalled,
    Kind.REVIEWS: reviews,
    Kind.RUNS: runs,
}
# How each kind reaches its school.
SCHOOL_FIELD: dict[str, str] = {
    Kind.NEEDS: "school_id",
    Kind.CONSENTS: "student__school_id",
    Kind.ANSWERS: "school_id",
    Kind.STALLED: "school_id",
    Kind.REVIEWS: "school_id",
    Kind.RUNS: "school_id",
}


def _first(found: QuerySet[WorkRow], shown: int) -> tuple[list[WorkRow], int]:
    """The first `shown` rows in the queryset's order and how many there are in all: one query
    (the count is a window over the whole result, computed before the limit)."""
    rows = list(found.annotate(wl_total=Window(Count("pk")))[:shown])
    return rows, (int(getattr(rows[0], "wl_total")) if rows else 0)  # noqa: B009 - an annotation


@dataclass(frozen=True)
class Item:
    """One thing to do: the row, and what the reader needs to judge how pressing it is."""

    kind: str
    obj: WorkRow
    waited: int = 0  # days a consent request or a stalled referral has waited
    overdue: bool = False  # a review past its due date
    group: str = ""  # the student group a review is about

    @property
    def long_wait(self) -> bool:
        return self.waited >= settings.VILLAGE_STALLED_REFERRAL_DAYS


def items_of(kind: str, rows: Iterable[WorkRow], now: datetime.datetime | None = None) -> list[Item]:
    now = now or timezone.now()
    return [_item(kind, r, now) for r in rows]


def _item(kind: str, row: WorkRow, now: datetime.datetime) -> Item:
    if isinstance(row, ConsentRequest):
        return Item(kind, row, waited=_days(row.requested_at, now))
    if isinstance(row, Referral) and kind == Kind.STALLED:
        return Item(kind, row, waited=_days(row.created_at, now))
    if isinstance(row, Review):
        return Item(kind, row, overdue=row.due < timezone.localdate(now), group=str(group_label(row.group)))
    return Item(kind, row)


def _days(since: datetime.datetime, now: datetime.datetime) -> int:
    return max(0, (now - since).days)


@dataclass
class Section:
    kind: str
    items: list[Item]
    total: int
    school: School

    @property
    def title(self) -> Promise:
        return TITLES[self.kind]

    @property
    def explained(self) -> str:
        if self.kind == Kind.STALLED:
            return str(EXPLAINED[self.kind]) % {"days": settings.VILLAGE_STALLED_REFERRAL_DAYS}
        return str(EXPLAINED[self.kind])

    @property
    def count_label(self) -> str:
        return count_label(self.kind, self.total)

    @property
    def more(self) -> int:
        return self.total - len(self.items)

    @property
    def full_url(self) -> str:
        return reverse("home:worklist_kind", kwargs={"pk": self.school.pk, "kind": self.kind})

    @property
    def anchor(self) -> str:
        return f"worklist-{self.school.pk}-{self.kind}"


@dataclass
class SchoolWorklist:
    school: School
    sections: list[Section] = field(default_factory=list)
    educator: bool = False

    @property
    def total(self) -> int:
        return sum(s.total for s in self.sections)

    @property
    def waiting(self) -> list[Section]:
        return [s for s in self.sections if s.total]


def worklists(schools: Sequence[School], scope: Scope, shown: int = SHOWN) -> list[SchoolWorklist]:
    """Each school's worklist: one query per kind and school, however many items wait."""
    result = []
    for school in schools:
        one = replace(scope, school_ids=frozenset({school.pk}))
        sections = []
        for kind in scope.kinds:
            rows, total = _first(QUERIES[kind](one), shown)
            sections.append(Section(kind, items_of(kind, rows), total, school))
        result.append(SchoolWorklist(school, sections, educator=scope.educator is not None))
    return result


def full_list(kind: str, scope: Scope) -> QuerySet[WorkRow]:
    """Every item of one kind, in the worklist's order (the full page paginates it)."""
    return QUERIES[kind](scope)


@dataclass
class SchoolCounts:
    school: School
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def labelled(self) -> list[tuple[str, str, int]]:
        """(kind, “3 new needs”, n) for the kinds with something waiting."""
        return [(k, count_label(k, n), n) for k, n in self.counts.items() if n]


@dataclass
class DistrictCounts:
    schools: list[SchoolCounts]
    totals: dict[str, int]

    @property
    def waiting(self) -> list[SchoolCounts]:
        """Schools with something waiting, the busiest first."""
        return sorted((s for s in self.schools if s.total), key=lambda s: (-s.total, s.school.name))

    @property
    def quiet(self) -> int:
        return sum(1 for s in self.schools if not s.total)

    def labelled(self) -> list[tuple[str, str, int]]:
        return [(k, count_label(k, n), n) for k, n in self.totals.items()]

    def of_district(self, district_id: int | None) -> DistrictCounts:
        """The same counts for one district's schools."""
        schools = [s for s in self.schools if s.school.district_id == district_id]
        totals = {k: sum(s.counts[k] for s in schools) for k in self.totals}
        return DistrictCounts(schools, totals)


def district_counts(schools: Iterable[School]) -> DistrictCounts:
    """How many items of each kind wait at each school: one grouped query per kind."""
    school_list = list(schools)
    scope = Scope(frozenset(s.pk for s in school_list))
    per_school: dict[int, dict[str, int]] = {s.pk: {str(k): 0 for k in scope.kinds} for s in school_list}
    totals: dict[str, int] = {str(k): 0 for k in scope.kinds}
    for kind in scope.kinds:
        key = SCHOOL_FIELD[kind]
        for row in QUERIES[kind](scope).order_by().values(key).annotate(n=Count("pk")):
            per_school[row[key]][kind] = row["n"]
            totals[kind] += row["n"]
    return DistrictCounts([SchoolCounts(s, per_school[s.pk]) for s in school_list], totals)


def educator_scope(user: User, school_ids: Iterable[int]) -> Scope:
    return Scope(frozenset(school_ids), educator=user)


def school_scope(school_ids: Iterable[int]) -> Scope:
    return Scope(frozenset(school_ids))
