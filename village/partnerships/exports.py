"""CSV exports of a district's partnerships, agreements, tasks, resources and funding (read-only)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone

from village.orgs.models import District
from village.partnerships.models import Agreement, FundingSource, Partnership, PlanTask, ResourceShare

Table = tuple[list[str], list[list[Any]]]


def partnerships(district: District) -> Table:
    rows = [
        [
            p.pk,
            p.name,
            p.get_status_display(),
            p.get_partner_type_display(),
            "yes" if p.district_wide else "no",
            "; ".join(s.name for s in p.schools.all()),
            "; ".join(m.organization.name for m in p.members.all()),
            p.seats,
            p.shared_goals,
        ]
        for p in Partnership.objects.filter(district=district)
        .prefetch_related("schools", "members__organization")
        .order_by("name")
    ]
    headers = ["id", "name", "status", "partner_type", "district_wide", "schools", "organizations", "seats", "goals"]
    return headers, rows


def agreements(district: District) -> Table:
    today = timezone.localdate()
    rows = []
    for a in Agreement.objects.filter(district=district).select_related("partnership", "active_version"):
        v = a.active_version
        rows.append(
            [
                a.pk,
                a.partnership.name,
                a.title,
                a.state(today),
                v.number if v else "",
                v.start_date.isoformat() if v else "",
                v.end_date.isoformat() if v else "",
            ]
        )
    return ["id", "partnership", "title", "state", "active_version", "start", "end"], rows


def tasks(district: District) -> Table:
    rows = [
        [t.pk, t.partnership.name, t.title, t.owner.name, t.due_date.isoformat(), t.status, t.is_overdue()]
        for t in PlanTask.objects.filter(partnership__district=district).select_related("partnership", "owner")
    ]
    return ["id", "partnership", "task", "owner", "due", "status", "overdue"], rows


def resources(district: District) -> Table:
    rows = [
        [r.pk, r.partnership.name, r.kind, r.direction, r.description, r.hours or "", r.value or "", r.date.isoformat()]
        for r in ResourceShare.objects.filter(partnership__district=district).select_related("partnership")
    ]
    return ["id", "partnership", "kind", "direction", "description", "hours", "value", "date"], rows


def funding(district: District) -> Table:
    rows = [
        [
            f.pk,
            f.partnership.name,
            f.source_type,
            f.funder,
            f.amount,
            f.start_date.isoformat(),
            f.end_date.isoformat(),
            f.restrictions,
        ]
        for f in FundingSource.objects.filter(district=district).select_related("partnership")
    ]
    return ["id", "partnership", "source", "funder", "amount", "start", "end", "restrictions"], rows


EXPORTS: dict[str, Callable[[District], Table]] = {
    "partnerships": partnerships,
    "agreements": agreements,
    "tasks": tasks,
    "resources": resources,
    "funding": funding,
}
