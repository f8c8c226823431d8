"""Reading partners and partnerships from CSV or XLSX into a plan, with per-row problems (no writes).

Each row names an organization and a partnership. An organization already in the region
(same name, ignoring case) is reused; others would be created. A row repeating an earlier
row's organization and partnership, or a partnership of that name that already has that
organization, is a duplicate and refused. `village.partnerships.actions.import_partnerships`
saves a plan only when no row has a problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_noop

from village.lib.import_rows import problems_by_row
from village.lib.imports import ImportReport, Param, Rejection, UnreadableFile, read_table
from village.orgs.models import District, Organization, PartnerType, School
from village.partnerships.models import Partnership, PartnershipOrganization, PartnershipStatus

COLUMNS = ("organization", "partner_type", "partnership", "schools", "status", "shared_goals", "services", "seats")
REQUIRED = ("organization", "partner_type", "partnership")


@dataclass(frozen=True)
class PartnerRow:
    """One checked row: this organization joins this partnership (each made when new)."""

    organization: str
    partner_type: str
    partnership: str
    schools: list[School]
    status: str
    shared_goals: str
    services: str
    seats: int


@dataclass
class PartnershipsPlan:
    """What an import would write, every problem found, and the names it would add."""

    name: str
    dry_run: bool
    report: ImportReport = field(default_factory=ImportReport)
    rows: int = 0
    planned: list[PartnerRow] = field(default_factory=list)
    organizations: dict[str, Organization] = field(default_factory=dict)  # lower-case name -> known organization
    partnerships: dict[str, Partnership] = field(default_factory=dict)  # lower-case name -> known partnership
    new_organizations: list[str] = field(default_factory=list)
    new_partnerships: list[str] = field(default_factory=list)
    saved: bool = False

    @property
    def ok(self) -> bool:
        return not self.report.rejections

    @property
    def errors(self) -> list[tuple[int, str]]:
        """(row, its problems in the reader's language); row 0 is the file itself."""
        return problems_by_row(self.report)

    def problem(self, row: int, column: str, code: str, reason: str, cell: str = "", /, **params: Param) -> None:
        """Reject a row: `cell` is the value refused, `params` fill the reason's placeholders."""
        self.report.reject(Rejection(self.name, row, column, code, cell, reason, params))


def plan_partnerships(district: District, name: str, content: bytes, *, dry_run: bool) -> PartnershipsPlan:
    """Read and check a file of partners; nothing is written."""
    plan = PartnershipsPlan(name=name, dry_run=dry_run)
    try:
        table = read_table(content, name)
    except UnreadableFile as exc:
        if exc.code in ("too_large", "too_many_rows"):
            plan.report.reject(exc.rejection(name))
        else:
            plan.problem(0, "", "unreadable", gettext_noop("The file could not be read as CSV or XLSX."))
        return plan
    headers = [h.lower() for h in table.header]
    missing = [c for c in REQUIRED if c not in headers]
    if missing:
        plan.problem(0, "", "missing_column", gettext_noop("Missing columns: %(columns)s."), columns=", ".join(missing))
        return plan
    plan.organizations = {o.name.lower(): o for o in Organization.objects.filter(region_id=district.region_id)}
    plan.partnerships = {p.name.lower(): p for p in Partnership.objects.filter(district=district)}
    schools = {s.name.lower(): s for s in district.schools.all()}
    existing_pairs = {
        (p.lower(), o.lower())
        for p, o in PartnershipOrganization.objects.filter(partnership__district=district).values_list(
            "partnership__name", "organization__name"
        )
    }
    seen: set[tuple[str, str]] = set()
    for each in table:
        number, row = each.number, {k.lower(): v for k, v in each.values.items()}
        plan.rows += 1
        before = len(plan.report.rejections)
        org_name, partnership_name = row.get("organization", ""), row.get("partnership", "")
        if not org_name:
            plan.problem(number, "organization", "required", gettext_noop("the organization is missing"))
        if not partnership_name:
            plan.problem(number, "partnership", "required", gettext_noop("the partnership is missing"))
        partner_type = row.get("partner_type", "")
        if partner_type not in PartnerType.values:
            plan.problem(
                number,
                "partner_type",
                "unknown_partner_type",
                gettext_noop("the partner type %(value)s is not one of Village's types"),
                partner_type,
                value=partner_type,
            )
        status = row.get("status") or PartnershipStatus.EXPLORING
        if status not in PartnershipStatus.values:
            plan.problem(
                number,
                "status",
                "unknown_status",
                gettext_noop("the status %(value)s is not known"),
                status,
                value=status,
            )
        school_names = [s.strip() for s in row.get("schools", "").split(";") if s.strip()]
        unknown = [s for s in school_names if s.lower() not in schools]
        if unknown:
            plan.problem(
                number,
                "schools",
                "unknown_school",
                gettext_noop("unknown schools: %(names)s"),
                row.get("schools", ""),
                names=", ".join(unknown),
            )
        seats_raw = row.get("seats", "") or "0"
        if not seats_raw.isdigit():
            plan.problem(
                number, "seats", "bad_seats", gettext_noop("seats must be a whole number of zero or more"), seats_raw
            )
        pair = (partnership_name.lower(), org_name.lower())
        if org_name and partnership_name and (pair in seen or pair in existing_pairs):
            plan.problem(
                number,
                "organization",
                "duplicate",
                gettext_noop("duplicate partner: %(organization)s is already in %(partnership)s"),
                org_name,
                organization=org_name,
                partnership=partnership_name,
            )
        seen.add(pair)
        if len(plan.report.rejections) > before:
            continue
        plan.planned.append(
            PartnerRow(
                organization=org_name,
                partner_type=partner_type,
                partnership=partnership_name,
                schools=[schools[s.lower()] for s in school_names],
                status=status,
                shared_goals=row.get("shared_goals", ""),
                services=row.get("services", ""),
                seats=int(seats_raw),
            )
        )
        if org_name.lower() not in plan.organizations and org_name not in plan.new_organizations:
            plan.new_organizations.append(org_name)
        if partnership_name.lower() not in plan.partnerships and partnership_name not in plan.new_partnerships:
            plan.new_partnerships.append(partnership_name)
    return plan
