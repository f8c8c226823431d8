"""Read-only figures: reciprocity, funding mix, equity of opportunity, and chart geometry.

Nothing here writes. Chart geometry is computed here so templates only draw SVG shapes
at given coordinates; every chart is shown with its data table.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.utils import timezone

from village.orgs.models import District, PartnerType, School
from village.partnerships.models import (
    Direction,
    FundingSource,
    FundingSourceType,
    Partnership,
    PartnershipStatus,
    ResourceShare,
)


def add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, 28))


# --- Reciprocity -----------------------------------------------------------------------


@dataclass
class DirectionTotals:
    direction: str
    label: str
    items: int = 0
    hours: Decimal = Decimal(0)
    value: Decimal = Decimal(0)


def reciprocity(partnership: Partnership) -> list[DirectionTotals]:
    """What flows each way: number of contributions, hours and dollar value."""
    rows = {
        r["direction"]: r
        for r in ResourceShare.objects.filter(partnership=partnership)
        .values("direction")
        .annotate(n=Count("id"), hours=Sum("hours"), value=Sum("value"))
    }
    result = []
    for value, label in Direction.choices:
        r: dict[str, Any] = dict(rows.get(value, {}))
        result.append(
            DirectionTotals(
                value, str(label), r.get("n", 0), r.get("hours") or Decimal(0), r.get("value") or Decimal(0)
            )
        )
    return result


# --- Funding mix -----------------------------------------------------------------------


@dataclass
class SourceShare:
    source_type: str
    label: str
    amount: Decimal
    share: float  # 0..1


@dataclass
class FundingMix:
    total: Decimal
    sources: list[SourceShare]
    largest: SourceShare | None
    hhi: float  # Herfindahl index, 0..1 (sum of squared shares)
    expiring_6: Decimal
    expiring_12: Decimal
    limit: int  # percent
    over_limit: bool


def funding_mix(district: District, today: datetime.date | None = None) -> FundingMix:
    """The district's funding by source type, its concentration, and money ending soon.

    Amounts are summed over funding whose period has not ended.
    """
    today = today or timezone.localdate()
    current = FundingSource.objects.filter(district=district, end_date__gte=today)
    by_type = {r["source_type"]: r["total"] for r in current.values("source_type").annotate(total=Sum("amount"))}
    total = sum(by_type.values(), Decimal(0))
    sources = [
        SourceShare(value, str(label), by_type.get(value, Decimal(0)), float(by_type[value] / total) if total else 0.0)
        for value, label in FundingSourceType.choices
        if value in by_type
    ]
    sources.sort(key=lambda s: s.amount, reverse=True)
    largest = sources[0] if sources else None
    hhi = sum(s.share**2 for s in sources)
    expiring_6 = current.filter(end_date__lte=add_months(today, 6)).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    expiring_12 = current.filter(end_date__lte=add_months(today, 12)).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    limit = settings.VILLAGE_FUNDING_CONCENTRATION_LIMIT
    over = largest is not None and largest.share * 100 > limit
    return FundingMix(total, sources, largest, hhi, expiring_6, expiring_12, limit, over)


# --- Equity of opportunity ---------------------------------------------------------------


@dataclass
class SchoolOpportunity:
    school: School
    enrolled: int
    econ_share: float
    disability_share: float
    el_share: float
    need: float  # mean of the three shares
    partnerships: int
    seats: float
    seats_per_100: float
    high_need: bool = False
    low_opportunity: bool = False
    bar: float = 0.0  # chart bar length, 0..100
    y: int = 0  # chart row position

    @property
    def flagged(self) -> bool:
        return self.high_need and self.low_opportunity


@dataclass
class Equity:
    schools: list[SchoolOpportunity]
    district_need: float
    district_seats_per_100: float
    average_bar: float = 0.0
    height: int = 24


def equity(district: District) -> Equity:
    """Per school: active partnerships and partner seats per 100 students, against need.

    Seats of a partnership are split evenly across the schools it serves (every school of
    the district when it is district-wide). A school is *high need* when its need (the mean
    of its shares of economically disadvantaged students, students with disabilities and
    English learners) is at or above the district's, and *low opportunity* when its seats
    per 100 students are below the district's; flagged schools are both.
    """
    enrolled_q = Q(students__status="enrolled")
    schools = list(
        School.objects.filter(district=district)
        .annotate(
            enrolled=Count("students", filter=enrolled_q),
            econ=Count("students", filter=enrolled_q & Q(students__economically_disadvantaged=True)),
            swd=Count("students", filter=enrolled_q & (Q(students__has_iep=True) | Q(students__has_504=True))),
            el=Count("students", filter=enrolled_q & Q(students__english_learner=True)),
        )
        .order_by("name")
    )
    active = list(
        Partnership.objects.filter(district=district, status=PartnershipStatus.ACTIVE).prefetch_related("schools")
    )
    counts: dict[int, int] = defaultdict(int)
    seats: dict[int, float] = defaultdict(float)
    all_ids = [s.pk for s in schools]
    for p in active:
        served = all_ids if p.district_wide else [s.pk for s in p.schools.all()]
        for pk in served:
            counts[pk] += 1
            seats[pk] += p.seats / len(served) if served else 0
    rows: list[SchoolOpportunity] = []
    total_students = sum(s.enrolled for s in schools)
    need_sum = 0.0
    for s in schools:
        n = s.enrolled
        shares: list[float] = [(getattr(s, f) / n) if n else 0.0 for f in ("econ", "swd", "el")]
        need = sum(shares) / 3
        need_sum += need * n
        rows.append(
            SchoolOpportunity(
                school=s,
                enrolled=n,
                econ_share=shares[0],
                disability_share=shares[1],
                el_share=shares[2],
                need=need,
                partnerships=counts[s.pk],
                seats=seats[s.pk],
                seats_per_100=(seats[s.pk] / n * 100) if n else 0.0,
            )
        )
    district_need = need_sum / total_students if total_students else 0.0
    district_rate = sum(seats.values()) / total_students * 100 if total_students else 0.0
    top = max([r.seats_per_100 for r in rows] + [district_rate, 1.0])
    for i, r in enumerate(rows):
        r.y = 8 + i * 24
        r.high_need = r.enrolled > 0 and r.need >= district_need
        r.low_opportunity = r.enrolled > 0 and r.seats_per_100 < district_rate
        r.bar = r.seats_per_100 / top * 100
    return Equity(rows, district_need, district_rate, district_rate / top * 100, 16 + len(rows) * 24)


# --- Network picture --------------------------------------------------------------------

SHAPES = ("circle", "square", "diamond", "triangle")
COLORS = ("#0b5d54", "#8a3b00", "#1a4fd6", "#a4161a", "#5b3a8a", "#1d6b2f", "#6b5900", "#00607a", "#7a2e5d")


@dataclass
class Node:
    x: float
    y: float
    label: str
    kind: str = "school"
    shape: str = "circle"
    color: str = "#46505c"
    type_label: str = ""
    points: str = ""  # for polygons


@dataclass
class Network:
    schools: list[Node]
    organizations: list[Node]
    edges: list[tuple[float, float, float, float]]
    legend: list[dict[str, str]]
    height: int
    pairs: list[tuple[str, str, str]] = field(default_factory=list)  # school, organization, type label


def partner_style(partner_type: str) -> tuple[str, str]:
    index = list(PartnerType.values).index(partner_type) if partner_type in PartnerType.values else 0
    return SHAPES[index % len(SHAPES)], COLORS[index % len(COLORS)]


def _polygon(shape: str, x: float, y: float, r: float = 7) -> str:
    if shape == "diamond":
        pts = [(x, y - r), (x + r, y), (x, y + r), (x - r, y)]
    elif shape == "triangle":
        pts = [(x, y - r), (x + r, y + r), (x - r, y + r)]
    else:
        return ""
    return " ".join(f"{a:.1f},{b:.1f}" for a, b in pts)


def network(district: District) -> Network:
    """Schools (left) linked to organizations (right) by current partnerships, shaped and coloured by type."""
    partnerships = (
        Partnership.objects.filter(district=district)
        .exclude(status=PartnershipStatus.ENDED)
        .prefetch_related("schools", "members__organization")
    )
    school_list = list(School.objects.filter(district=district).order_by("name"))
    links: set[tuple[int, int]] = set()
    orgs: dict[int, Any] = {}
    for p in partnerships:
        served = school_list if p.district_wide else list(p.schools.all())
        for m in p.members.all():
            orgs[m.organization_id] = m.organization
            for s in served:
                links.add((s.pk, m.organization_id))
    org_list = sorted(orgs.values(), key=lambda o: o.name)
    row = 28
    height = max(len(school_list), len(org_list), 1) * row + 20
    school_nodes = {s.pk: Node(150, 20 + i * row, s.name) for i, s in enumerate(school_list)}
    org_nodes: dict[int, Node] = {}
    for i, o in enumerate(org_list):
        shape, color = partner_style(o.partner_type)
        y = 20 + i * row
        org_nodes[o.pk] = Node(450, y, o.name, "organization", shape, color, str(o.get_partner_type_display()))
        org_nodes[o.pk].points = _polygon(shape, 450, y)
    edges = [
        (school_nodes[s].x, school_nodes[s].y, org_nodes[o].x, org_nodes[o].y)
        for s, o in sorted(links)
        if s in school_nodes and o in org_nodes
    ]
    used = {o.partner_type for o in org_list}
    legend = []
    for value, label in PartnerType.choices:
        if value in used:
            shape, color = partner_style(value)
            legend.append({"label": str(label), "shape": shape, "color": color})
    names = {s.pk: s.name for s in school_list}
    pairs = sorted((names[s], orgs[o].name, str(orgs[o].get_partner_type_display())) for s, o in links if s in names)
    return Network(list(school_nodes.values()), list(org_nodes.values()), edges, legend, height, pairs)


# --- Action-plan timeline --------------------------------------------------------------


@dataclass
class TimelineRow:
    label: str
    kind: str  # "milestone" or "task"
    date: datetime.date
    status: str
    status_label: str
    owner: str
    overdue: bool
    x: float = 0.0  # 0..100
    y: float = 0.0
    points: str = ""


@dataclass
class Timeline:
    rows: list[TimelineRow]
    start: datetime.date
    end: datetime.date
    today_x: float | None
    height: int


def timeline(partnership: Partnership, milestones: list[Any], tasks: list[Any], term: Any) -> Timeline:
    """Lay out milestones and tasks on one date axis (the agreement's term when there is one)."""
    today = timezone.localdate()
    rows: list[TimelineRow] = []
    for m in milestones:
        rows.append(
            TimelineRow(
                m.title,
                "milestone",
                m.date,
                "done" if m.done else "todo",
                "",
                str(m.owner),
                m.is_overdue(),
            )
        )
    for t in tasks:
        rows.append(
            TimelineRow(
                t.title, "task", t.due_date, t.status, str(t.get_status_display()), str(t.owner), t.is_overdue()
            )
        )
    rows.sort(key=lambda r: (r.date, r.kind))
    dates = [r.date for r in rows] + [today]
    start = term.start_date if term else min(dates)
    end = term.end_date if term else max(dates)
    start, end = min(start, *dates) if not term else start, max(end, *dates) if not term else end
    span = max((end - start).days, 1)
    # Coordinates in a 0..600 wide, 30-per-row drawing; labels sit in the data table.
    for i, r in enumerate(rows):
        r.x = 20 + max(0, min(span, (r.date - start).days)) / span * 560
        r.y = 30 + i * 30
        if r.kind == "milestone":
            r.points = (
                f"{r.x:.1f},{r.y - 8:.1f} {r.x + 8:.1f},{r.y:.1f} {r.x:.1f},{r.y + 8:.1f} {r.x - 8:.1f},{r.y:.1f}"
            )
    today_x = 20 + (today - start).days / span * 560 if start <= today <= end else None
    return Timeline(rows, start, end, today_x, 40 + len(rows) * 30)
