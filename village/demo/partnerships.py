"""About 40 partnerships between the districts' schools and their partners: agreements in every
state, action plans, shared resources and funding."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone as tz

from village.accounts.models import Membership, Role, User
from village.demo.common import LINCOLN, NORTHSIDE_CLINIC, by_pk
from village.demo.regions import LAKESIDE, RIVERBEND
from village.families.models import Student
from village.orgs.models import District, Organization, School
from village.partnerships.actions import (
    add_funding,
    add_milestone,
    add_resource,
    add_task,
    create_agreement,
    create_partnership,
    sign_version,
    update_partner_side,
)

# The text of every demo agreement's first version (its term is each agreement's own).
TERMS: dict[str, Any] = {
    "purpose": "Help every student attend, learn and stay healthy.",
    "school_roles": "Provide space, share schedules, refer families with consent.",
    "partner_roles": "Staff the program, report participation each quarter.",
    "decision_authority": "A joint steering group of both champions meets monthly and decides by consensus.",
    "data_elements": ["participation", "attendance"],
    "data_purposes": "Measure reach and follow up on missed sessions.",
    "renewal_terms": "Renews for one year when both parties sign a new version 60 days before the end.",
}


def partnerships_work(
    rng: random.Random, districts: dict[str, District], schools: dict[str, School], orgs: dict[str, Organization]
) -> int:
    """About 40 partnerships with agreements in every state, plans, resources and funding.

    Riverbend's funding leans on grants (the concentration warning trips there); the
    partnerships favour the schools with the fewest high-need students, so high-need
    schools come out flagged. Lincoln and Northside Family Health Clinic have an agreement
    the coordinator persona signed and that awaits the partner persona's signature.
    """

    today = tz.localdate()
    people = {u.email: u for u in User.objects.filter(email__endswith="@village.test")}
    coordinator, partner = people["coordinator@village.test"], people["partner@village.test"]
    staff_by_org: dict[int, list[User]] = {}
    for m in Membership.objects.filter(role=Role.PARTNER_STAFF, organization__in=list(orgs.values())).select_related(
        "user"
    ):
        staff_by_org.setdefault(int(m.organization_id or 0), []).append(m.user)
    leads = {
        int(m.district_id or 0): m.user
        for m in Membership.objects.filter(role=Role.DISTRICT_LEAD, school__isnull=True).select_related("user")
    }
    staffed = sorted((o for o in orgs.values() if o.pk in staff_by_org), key=by_pk)
    created = 0
    for district_slug, count, grant_heavy in ((RIVERBEND.slug, 26, True), (LAKESIDE.slug, 14, False)):
        district = districts[district_slug]
        district_schools = sorted((s for s in schools.values() if s.district_id == district.pk), key=by_pk)
        # Fewer high-need students first: opportunity follows advantage, as it too often does.
        need = dict(
            Student.objects.filter(school__in=district_schools)
            .values("school")
            .annotate(n=models_count_need())
            .values_list("school", "n")
        )
        favoured = sorted(district_schools, key=lambda s: need.get(s.pk, 0))[: max(2, len(district_schools) * 2 // 3)]
        district_lead = leads[district.pk]
        for i in range(count):
            org = staffed[(i * 7 + (0 if district_slug == RIVERBEND.slug else 3)) % len(staffed)]
            is_persona_pair = district_slug == RIVERBEND.slug and i == 0
            if is_persona_pair:
                org = orgs[NORTHSIDE_CLINIC]
                served = [schools[LINCOLN]]
            else:
                served = rng.sample(favoured, k=min(len(favoured), rng.randint(1, 2)))
            status = "exploring" if i % 9 == 8 else ("renewing" if i % 11 == 10 else "active")
            # The school side starts it, and is its champion and signer.
            school_side = coordinator if is_persona_pair else district_lead
            p = create_partnership(
                school_side,
                district,
                schools=served,
                organizations=[org],
                name=f"{served[0].name.split()[0]} × {org.name}"[:200],
                partner_type=org.partner_type,
                shared_goals="Better attendance and well-being through services at school.",
                services=(org.description or "")[:500],
                seats=rng.choice((15, 20, 30, 40, 60)),
                status=status,
            )
            org_staff = staff_by_org.get(org.pk, [])
            signer = partner if is_persona_pair else (org_staff[0] if org_staff else None)
            if signer is not None:
                # The partner names its own champion, backup and signer.
                member = p.members.get(organization=org)
                member.champion, member.signer = signer, signer
                member.backup = org_staff[1] if len(org_staff) > 1 else None
                update_partner_side(signer, member)
            kind = "awaiting" if is_persona_pair else ("expiring", "active", "expired", "active", "draft")[i % 5]
            if kind == "expiring":
                start, end = today - dt.timedelta(days=330), today + dt.timedelta(days=rng.choice((5, 25, 50)))
            elif kind == "expired":
                start, end = today - dt.timedelta(days=500), today - dt.timedelta(days=rng.randint(10, 90))
            else:
                start, end = today - dt.timedelta(days=rng.randint(30, 200)), today + dt.timedelta(days=300)
            metric = {
                "name": "Students served",
                "target": f"{rng.randint(4, 20) * 10} a year",
                "measurement": "Program sign-in sheets",
                "frequency": "quarterly",
            }
            agreement = create_agreement(
                school_side, p, f"MOU: {p.name}"[:200], {**TERMS, "start_date": start, "end_date": end}, [metric]
            )
            version = agreement.versions.get()
            if kind in ("expiring", "active", "expired") and signer is not None:
                sign_version(school_side, version, None, None)
                sign_version(signer, version, org.pk, None)  # every party signed: the version is active
            elif kind == "awaiting":
                sign_version(coordinator, version, None, None)
            add_milestone(school_side, p, title="Program launch", date=start + dt.timedelta(days=30), owner=school_side)
            if signer is not None:
                add_task(
                    signer,
                    p,
                    title="Send the quarterly participation report",
                    owner=signer,
                    due_date=today + dt.timedelta(days=rng.randint(-20, 40)),
                    status=rng.choice(("todo", "in_progress", "done")),
                )
            add_task(
                school_side,
                p,
                title="Reserve a room for sessions",
                owner=school_side,
                due_date=today + dt.timedelta(days=rng.randint(-10, 30)),
                status=rng.choice(("todo", "done")),
            )
            add_resource(
                school_side,
                p,
                kind="space",
                direction="school_to_partner",
                description="Classroom after school",
                value=Decimal(rng.randint(5, 30) * 100),
                date=today - dt.timedelta(days=rng.randint(1, 120)),
            )
            add_resource(
                signer or school_side,
                p,
                kind=rng.choice(("staff_time", "volunteers", "expertise")),
                direction="partner_to_school",
                description="Program staff and volunteers",
                hours=Decimal(rng.randint(20, 200)),
                date=today - dt.timedelta(days=rng.randint(1, 120)),
            )
            source = "grant" if grant_heavy and i % 4 != 3 else rng.choice(("corporate", "district_budget", "in_kind"))
            add_funding(
                school_side,
                p,
                source_type=source,
                funder="State Community Schools Grant" if source == "grant" else f"{org.name} and partners"[:200],
                amount=Decimal(rng.randint(10, 90) * 1000),
                start_date=today - dt.timedelta(days=200),
                end_date=today + dt.timedelta(days=rng.choice((90, 150, 300, 500))),
                restrictions="Program staff only" if source == "grant" else "",
            )
            created += 1
    return created


def models_count_need() -> Any:

    return Count("id", filter=Q(economically_disadvantaged=True) | Q(english_learner=True) | Q(has_iep=True))
