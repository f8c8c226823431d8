"""What the mentoring pages read: who waits, the suggestions and the cohort pairing (from
`pairing.py`), the alerts for the coordinator (a match with no meeting for the program's
`stall_days`, a check-in that went badly and is not read yet), the program's figures by student
group (through the one suppression helper), and what a mentor may see of a student."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from village.community.models import (
    CheckIn,
    CheckInScore,
    Interest,
    Meeting,
    MeetingTime,
    Mentee,
    Mentor,
    MentoringProgram,
    Pair,
)
from village.community.pairing import CohortPairing, Suggestion, pair_cohort, suggest
from village.community.pairing import Mentee as Wanted
from village.community.pairing import Mentor as Offered
from village.families.groups import GROUPS
from village.families.models import Student
from village.families.vocab import DataElement, Urgency
from village.lib.languages import language_name
from village.lib.suppression import Rate, small_n, suppress_measure, suppress_rate
from village.referrals.models import OPEN_STATUSES, Referral

# What a mentor may see of a student, when the referral's consent covers it.
MENTOR_ELEMENTS = (DataElement.NAME, DataElement.GRADE, DataElement.HOME_LANGUAGE)
TIERS = {Urgency.URGENT: 3, Urgency.SOON: 2, Urgency.ROUTINE: 1}


def active_load(mentor_ids: Iterable[int]) -> dict[int, int]:
    """By mentor, how many students they mentor now."""
    load = dict.fromkeys(mentor_ids, 0)
    for mentor_id in Pair.objects.filter(mentor_id__in=list(load), ended_on__isnull=True).values_list(
        "mentor_id", flat=True
    ):
        load[mentor_id] += 1
    return load


def offered(mentor: Mentor, load: int) -> Offered:
    return Offered(
        key=mentor.pk,
        languages=frozenset(mentor.languages),
        times=frozenset(mentor.times),
        capacity=mentor.capacity - load,
        interests=frozenset(mentor.interests),
        background=mentor.background or None,
    )


def wanted(mentee: Mentee, *, group: int = 0, need_tier: int = 0, arrival: int = 0) -> Wanted:
    return Wanted(
        key=mentee.pk,
        languages=frozenset(mentee.languages),
        times=frozenset(mentee.times),
        interests=frozenset(mentee.interests),
        background=mentee.background or None,
        group=group,
        need_tier=need_tier,
        arrival=arrival,
    )


def group_of(student: Student) -> int:
    """The first student group (families.groups) the student belongs to, 1-based; 0 for none."""
    for index, (_code, _label, is_member) in enumerate(GROUPS, start=1):
        if is_member(student):
            return index
    return 0


def group_names() -> dict[int, str]:
    names = {0: _("Students in none of these groups")}
    names |= {index: str(label) for index, (_code, label, _m) in enumerate(GROUPS, start=1)}
    return names


def waiting_referrals(program: MentoringProgram) -> QuerySet[Referral]:
    """Open referrals to the program's service whose student is not in the cohort yet."""
    taken = Mentee.objects.filter(program=program).values("referral_id")
    return (
        Referral.objects.filter(service_id=program.service_id, status__in=OPEN_STATUSES)
        .exclude(pk__in=taken)
        .select_related("student")
        .order_by("created_at", "pk")
    )


def waiting_mentees(program: MentoringProgram) -> list[Mentee]:
    """Students of the cohort with no current mentor, whose referral is still open."""
    return list(
        program.mentees.exclude(pk__in=Pair.objects.filter(ended_on__isnull=True).values("mentee_id"))
        .filter(referral__status__in=OPEN_STATUSES)
        .select_related("referral__student", "referral__need")
        .order_by("added_at", "pk")
    )


def _mentors(program: MentoringProgram) -> tuple[list[Mentor], dict[int, int]]:
    mentors = list(program.mentors.select_related("volunteer"))
    return mentors, active_load(m.pk for m in mentors)


@dataclass(frozen=True)
class Suggested:
    mentee: Mentee
    suggestions: list[tuple[Mentor, Suggestion, list[str]]]  # the mentor, the suggestion, why in words


def suggestions(program: MentoringProgram, limit: int = 3) -> list[Suggested]:
    mentors, load = _mentors(program)
    by_pk = {m.pk: m for m in mentors}
    offers = [offered(m, load[m.pk]) for m in mentors]
    return [
        Suggested(mentee, [(by_pk[s.mentor], s, suggestion_lines(s)) for s in suggest(wanted(mentee), offers, limit)])
        for mentee in waiting_mentees(program)
    ]


@dataclass(frozen=True)
class Cohort:
    pairing: CohortPairing
    mentees: dict[int, Mentee]
    mentors: dict[int, Mentor]
    rows: list[dict[str, object]]  # the fairness table: this pairing beside first come


def _tier(referral: Referral) -> int:
    need = referral.need
    return TIERS.get(need.urgency, 0) if need is not None else 0  # type: ignore[call-overload]


def cohort(program: MentoringProgram) -> Cohort:
    """The whole waiting cohort paired at once by the exact solver, beside first come."""
    waiting = waiting_mentees(program)
    mentors, load = _mentors(program)
    order = sorted(waiting, key=lambda m: (m.referral.created_at, m.referral.pk))
    arrival = {m.pk: i for i, m in enumerate(order)}
    names = group_names()
    pairing = pair_cohort(
        [
            wanted(m, group=group_of(m.referral.student), need_tier=_tier(m.referral), arrival=arrival[m.pk])
            for m in waiting
        ],
        [offered(m, load[m.pk]) for m in mentors],
        names,
    )
    base = {(r.dimension, r.value): r for r in pairing.baseline_fairness}
    rows = []
    for row in pairing.fairness:
        if row.dimension == "need_tier":
            continue
        first = base[(row.dimension, row.value)]
        rows.append(
            {
                "label": _("All students") if row.dimension == "all" else row.label,
                "applicants": row.applicants,
                "small": 0 < row.applicants < small_n(),
                "ours": _share(row.placed, row.applicants),
                "base": _share(first.placed, first.applicants),
            }
        )
    return Cohort(pairing, {m.pk: m for m in waiting}, {m.pk: m for m in mentors}, rows)


def _share(placed: int, applicants: int) -> int | None:
    return round(100 * placed / applicants) if applicants else None


# --- Alerts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Alert:
    pair: Pair
    kind: str  # "stalled" or "check_in"
    days: int = 0  # without a meeting
    check_in: CheckIn | None = None


def alerts(programs: QuerySet[MentoringProgram], today: datetime.date | None = None) -> list[Alert]:
    """Matches that need the coordinator: no meeting for the program's stall_days (counted from
    the start when there was none), or a check-in that went badly and nobody has read."""
    today = today or timezone.localdate()
    found: list[Alert] = []
    active = (
        Pair.objects.filter(program__in=programs, ended_on__isnull=True)
        .select_related("program", "mentor__volunteer", "mentee__referral__student")
        .annotate(last_meeting=Max("meetings__date"))
        .order_by("started_on", "pk")
    )
    for pair in active:
        since = getattr(pair, "last_meeting", None) or pair.started_on
        days = (today - since).days
        if days >= pair.program.stall_days:
            found.append(Alert(pair, "stalled", days=days))
    bad = (
        CheckIn.objects.filter(
            pair__program__in=programs, pair__ended_on__isnull=True, score=CheckInScore.BADLY, read_at__isnull=True
        )
        .select_related("pair__program", "pair__mentor__volunteer", "pair__mentee__referral__student")
        .order_by("answered_at", "pk")
    )
    found += [Alert(c.pair, "check_in", check_in=c) for c in bad]
    return found


# --- Figures ----------------------------------------------------------------------------------

MONTHS_BACK = 3  # meetings per month are counted over the last three months


@dataclass(frozen=True)
class FigureRow:
    label: str
    active: Rate
    meetings_per_month: Rate
    retention_6: Rate
    retention_12: Rate


def _count(value: int) -> Rate:
    return Rate("0", 0.0) if value == 0 else suppress_measure(float(value), value, str(value))


def _lasted(pair: Pair, days: int, today: datetime.date) -> bool:
    end = pair.ended_on or today
    return (end - pair.started_on).days >= days


def _row(label: str, pairs: Sequence[Pair], meetings: dict[int, int], today: datetime.date) -> FigureRow:
    active = [p for p in pairs if p.ended_on is None]
    held = sum(meetings.get(p.pk, 0) for p in active)
    per_month = held / len(active) / MONTHS_BACK if active else 0.0
    started_6 = [p for p in pairs if (today - p.started_on).days >= 182]
    started_12 = [p for p in pairs if (today - p.started_on).days >= 365]
    return FigureRow(
        label,
        _count(len(active)),
        suppress_measure(per_month, len(active), f"{per_month:.1f}"),
        suppress_rate(sum(_lasted(p, 182, today) for p in started_6), len(started_6)),
        suppress_rate(sum(_lasted(p, 365, today) for p in started_12), len(started_12)),
    )


def figures(program: MentoringProgram, today: datetime.date | None = None) -> list[FigureRow]:
    """Pairs active, meetings per active pair per month (last three months), and the share of
    pairs that lasted 6 and 12 months among those started that long ago; for all students, then
    by student group. Every figure goes through the suppression helper: behind fewer than N
    students it is hidden or coded, whoever reads it."""
    today = today or timezone.localdate()
    pairs = list(program.pairs.select_related("mentee__referral__student"))
    since = today - datetime.timedelta(days=30 * MONTHS_BACK)
    meetings: dict[int, int] = {}
    for pair_id in Meeting.objects.filter(pair__program=program, date__gt=since).values_list("pair_id", flat=True):
        meetings[pair_id] = meetings.get(pair_id, 0) + 1
    rows = [_row(_("All students"), pairs, meetings, today)]
    for _code, label, is_member in GROUPS:
        rows.append(_row(str(label), [p for p in pairs if is_member(p.mentee.referral.student)], meetings, today))
    return rows


# --- What a mentor sees -----------------------------------------------------------------------


def shown_elements(mentee: Mentee) -> list[str]:
    """The elements a mentor may see: those of MENTOR_ELEMENTS the referral's consent covers."""
    return [e for e in MENTOR_ELEMENTS if e in mentee.referral.elements]


def mentor_card(mentee: Mentee, covered: bool) -> dict[str, object]:
    """What the mentor's page shows of the student: only the covered elements, or nothing at
    all when the consent no longer covers them."""
    student = mentee.referral.student
    shown = set(shown_elements(mentee)) if covered else set()
    home = student.household.home_language if student.household_id and student.household else ""
    return {
        "covered": covered,
        "name": f"{student.given_name} {student.family_name}" if DataElement.NAME in shown else "",
        "grade": student.grade if DataElement.GRADE in shown else None,
        "home_language": language_name(home) if DataElement.HOME_LANGUAGE in shown and home else "",
    }


def reason_lines(reasons: Iterable[tuple[str, Sequence[str]]]) -> list[str]:
    """Why a mentor is suggested, one sentence a reason (from `pairing.Reason` or a pair's `reasons`)."""
    times, interests = dict(MeetingTime.choices), dict(Interest.choices)
    lines = []
    for code, values in reasons:
        if code == "language":
            text = _("They share a language: %(values)s") % {"values": ", ".join(language_name(v) for v in values)}
        elif code == "background":
            text = _("The same background or experience, as both chose to say")
        elif code == "interests":
            text = _("Interests in common: %(values)s") % {
                "values": ", ".join(str(interests.get(v, v)) for v in values)
            }
        else:
            text = _("Times they can both meet: %(values)s") % {
                "values": ", ".join(str(times.get(v, v)) for v in values)
            }
        lines.append(text)
    return lines


def suggestion_lines(suggestion: Suggestion) -> list[str]:
    return reason_lines((r.code, r.values) for r in suggestion.reasons)
