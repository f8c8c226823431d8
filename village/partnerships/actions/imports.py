"""Importing partners and partnerships from CSV or XLSX (tablib), with a dry run and per-row errors.

Each row names an organization and a partnership. An organization already in the region
(same name, ignoring case) is reused; others are created. A row repeating an earlier
row's organization and partnership, or a partnership of that name that already has
that organization, is a duplicate and refused. Any error saves nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from village.audit.actions import record
from village.orgs.models import District, Organization, PartnerType
from village.partnerships.models import Partnership, PartnershipOrganization, PartnershipStatus, StatusChange

COLUMNS = ("organization", "partner_type", "partnership", "schools", "status", "shared_goals", "services", "seats")


@dataclass
class ImportReport:
    rows: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    new_organizations: list[str] = field(default_factory=list)
    new_partnerships: list[str] = field(default_factory=list)
    saved: bool = False
    dry_run: bool = True


def _load(name: str, content: bytes) -> tablib.Dataset:
    if name.lower().endswith(".xlsx"):
        return tablib.Dataset().load(content, format="xlsx")
    return tablib.Dataset().load(content.decode("utf-8-sig"), format="csv")


def import_partnerships(actor: Any, district: District, name: str, content: bytes, dry_run: bool) -> ImportReport:
    report = ImportReport(dry_run=dry_run)
    try:
        data = _load(name, content)
    except Exception:
        report.errors.append((0, _("The file could not be read as CSV or XLSX.")))
        return report
    headers = [str(h or "").strip().lower() for h in (data.headers or [])]
    missing = [c for c in ("organization", "partner_type", "partnership") if c not in headers]
    if missing:
        report.errors.append((0, _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}))
        return report
    orgs = {o.name.lower(): o for o in Organization.objects.filter(region_id=district.region_id)}
    schools = {s.name.lower(): s for s in district.schools.all()}
    existing = {p.name.lower(): p for p in Partnership.objects.filter(district=district)}
    existing_pairs = set(
        PartnershipOrganization.objects.filter(partnership__district=district).values_list(
            "partnership__name", "organization__name"
        )
    )
    existing_pairs = {(p.lower(), o.lower()) for p, o in existing_pairs}
    seen: set[tuple[str, str]] = set()
    planned: list[dict[str, Any]] = []
    for number, raw in enumerate(data.dict, start=2):
        row = {str(k or "").strip().lower(): str(v if v is not None else "").strip() for k, v in raw.items()}
        report.rows += 1
        problems = []
        org_name, partnership_name = row.get("organization", ""), row.get("partnership", "")
        if not org_name:
            problems.append(_("the organization is missing"))
        if not partnership_name:
            problems.append(_("the partnership is missing"))
        partner_type = row.get("partner_type", "")
        if partner_type not in PartnerType.values:
            problems.append(_("the partner type %(value)s is not one of Village's types") % {"value": partner_type})
        status = row.get("status") or PartnershipStatus.EXPLORING
        if status not in PartnershipStatus.values:
            problems.append(_("the status %(value)s is not known") % {"value": status})
        school_names = [s.strip() for s in row.get("schools", "").split(";") if s.strip()]
        unknown = [s for s in school_names if s.lower() not in schools]
        if unknown:
            problems.append(_("unknown schools: %(names)s") % {"names": ", ".join(unknown)})
        seats_raw = row.get("seats", "") or "0"
        if not seats_raw.isdigit():
            problems.append(_("seats must be a whole number of zero or more"))
        pair = (partnership_name.lower(), org_name.lower())
        if org_name and partnership_name and (pair in seen or pair in existing_pairs):
            problems.append(
                _("duplicate partner: %(organization)s is already in %(partnership)s")
                % {"organization": org_name, "partnership": partnership_name}
            )
        seen.add(pair)
        if problems:
            report.errors.append((number, "; ".join(problems)))
            continue
        planned.append(
            {
                "org": org_name,
                "partner_type": partner_type,
                "partnership": partnership_name,
                "schools": [schools[s.lower()] for s in school_names],
                "status": status,
                "shared_goals": row.get("shared_goals", ""),
                "services": row.get("services", ""),
                "seats": int(seats_raw),
            }
        )
        if org_name.lower() not in orgs and org_name not in report.new_organizations:
            report.new_organizations.append(org_name)
        if partnership_name.lower() not in existing and partnership_name not in report.new_partnerships:
            report.new_partnerships.append(partnership_name)
    if report.errors or dry_run:
        return report
    try:
        _write(actor, district, planned, orgs, existing)
    except ValidationError as error:
        report.errors.append((0, "; ".join(error.messages)))
        return report
    report.saved = True
    return report


def _write(
    actor: Any,
    district: District,
    planned: list[dict[str, Any]],
    orgs: dict[str, Organization],
    existing: dict[str, Partnership],
) -> None:
    """Save every planned row in one transaction (the import's only write)."""
    with transaction.atomic():
        for row in planned:
            org = orgs.get(row["org"].lower())
            if org is None:
                org = Organization(region_id=district.region_id, name=row["org"], partner_type=row["partner_type"])
                org.full_clean()
                org.save()
                orgs[org.name.lower()] = org
                record(actor, "orgs.organization.imported", org)
            partnership = existing.get(row["partnership"].lower())
            if partnership is None:
                partnership = Partnership(
                    district=district,
                    name=row["partnership"],
                    partner_type=row["partner_type"],
                    status=row["status"],
                    shared_goals=row["shared_goals"] or row["partnership"],
                    services=row["services"],
                    seats=row["seats"],
                    district_wide=not row["schools"],
                    created_by=actor,
                )
                partnership.full_clean()
                partnership.save()
                StatusChange.objects.create(partnership=partnership, to_status=partnership.status, changed_by=actor)
                existing[partnership.name.lower()] = partnership
                record(actor, "partnerships.partnership.imported", partnership)
            partnership.schools.add(*row["schools"])
            PartnershipOrganization.objects.create(partnership=partnership, organization=org)
