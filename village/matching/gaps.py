"""The gap map: open needs no reachable service fits, and how referrals turn out.

A need is a gap when matching (`matching.match`, the same code the need's page uses) finds
no service that fits it; a transport gap when a service would fit in every way but the family's
reach (not within its minutes by bus, or its distance on foot or by car). Gaps are counted by
school × kind of help × the family's language × barrier; the kinds of help with the most gaps
are the partners to recruit. Referral outcomes (completion, time to first answer and to service,
why referrals closed unmet) are shown per school and per student group, with groups smaller
than VILLAGE_SMALL_N withheld.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from village.families.groups import GROUPS
from village.families.models import Need
from village.families.vocab import Barrier, NeedStatus
from village.lib.languages import language_label
from village.lib.suppression import small_n
from village.matching.ranking import Family, match
from village.orgs.models import School
from village.referrals.models import Referral, Status


@dataclass(frozen=True)
class GapKey:
    school: str
    category: str
    language: str
    barrier: str
    transport: bool = False  # a service exists, but not within the family's reach


@dataclass
class GapMap:
    rows: list[tuple[GapKey, int]]
    by_school: dict[int, int]
    transport_by_school: dict[str, int]
    recruit: list[tuple[str, int]]
    needs_checked: int
    gaps: int


def gap_map(schools: Sequence[School]) -> GapMap:
    needs = (
        Need.objects.filter(school__in=schools, status__in=[NeedStatus.OPEN, NeedStatus.IN_PROGRESS])
        .select_related("student__household", "school__district")
        .order_by("pk")
    )
    counts: Counter[GapKey] = Counter()
    by_school: Counter[int] = Counter()
    transport: Counter[str] = Counter()
    recruit: Counter[str] = Counter()
    checked = gaps = 0
    families: dict[int, Family] = {}
    barrier_labels = dict(Barrier.choices)
    for need in needs:
        checked += 1
        family = families.get(need.student_id)
        if family is None:
            family = families[need.student_id] = Family.of(need.student)
        found = match(need, family=family)
        if found.fits:
            continue
        gaps += 1
        by_school[need.school_id] += 1
        reach = found.reach_misses > 0
        if reach:
            transport[need.school.name] += 1
        category = str(need.get_category_display())
        recruit[category] += 1
        language = language_label(family.language) if family.language else _("not known")
        for barrier in need.barriers or [""]:
            label = str(barrier_labels.get(barrier, barrier)) if barrier else _("none recorded")
            counts[GapKey(need.school.name, category, language, label, reach)] += 1
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0].school, item[0].category))
    return GapMap(rows, dict(by_school), dict(sorted(transport.items())), recruit.most_common(), checked, gaps)


@dataclass
class Outcome:
    label: str
    referrals: int
    completed: int
    closed_unmet: int
    completion_rate: float | None
    days_to_answer: float | None
    days_to_service: float | None
    withheld: bool = False
    unmet_reasons: list[str] = field(default_factory=list)


def _outcome(label: str, referrals: Iterable[Referral]) -> Outcome:
    items = list(referrals)
    if 0 < len(items) < small_n():
        return Outcome(label, len(items), 0, 0, None, None, None, withheld=True)
    closed = [r for r in items if r.status in (Status.COMPLETED, Status.CLOSED_UNMET, Status.DECLINED)]
    completed = [r for r in items if r.status == Status.COMPLETED]
    unmet = [r for r in items if r.status == Status.CLOSED_UNMET]
    answer = [(r.first_response_at - r.created_at).total_seconds() / 86400 for r in items if r.first_response_at]
    service = [(r.service_started_at - r.created_at).total_seconds() / 86400 for r in items if r.service_started_at]
    return Outcome(
        label,
        len(items),
        len(completed),
        len(unmet),
        round(len(completed) / len(closed), 3) if closed else None,
        round(statistics.median(answer), 1) if answer else None,
        round(statistics.median(service), 1) if service else None,
        unmet_reasons=[r.reason for r in unmet if r.reason][:10],
    )


def outcomes(schools: Sequence[School]) -> tuple[list[Outcome], list[Outcome]]:
    """(per school, per student group) outcome rows for the referrals from these schools."""
    referrals = list(Referral.objects.filter(school__in=schools).select_related("school", "student"))
    per_school: dict[str, list[Referral]] = defaultdict(list)
    for r in referrals:
        per_school[r.school.name].append(r)
    school_rows = [_outcome(name, items) for name, items in sorted(per_school.items())]
    group_rows = [_outcome(_("All students"), referrals)]
    for _code, label, member in GROUPS:
        group_rows.append(_outcome(str(label), [r for r in referrals if member(r.student)]))
    return school_rows, group_rows
