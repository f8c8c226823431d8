"""Deterministic demo data: one region, two districts, their schools, families and partners.

Everything here is fictional. The same seed gives the same region on every run, so the
persona accounts, the sample families and the numbers on every dashboard stay stable
between demos and screenshots. Each part of the region is built by its own module, in the
order below; only the persona accounts get a (slow, Argon2) password.

The demo reaches every state through the owner app's actions, taken by the persona or staff
member who would take that step, so it shows only what the product can do. Two exceptions
remain until the roster sync and the HSDS import are families and directory actions: the
households and students (`village.demo.families`) and the directory's services and locations
(`village.demo.directory`) are written in bulk. `village.demo.reset` deletes the region row by row:
the product has no way to remove a district, and some of its records are append-only.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from tqdm import tqdm

from village.accounts.models import Membership
from village.audit.actions import record
from village.demo import community as community_demo
from village.demo import events as events_demo
from village.demo import governance as governance_demo
from village.demo import indicators as indicators_demo
from village.demo import transit as transit_demo
from village.demo import voice as voice_demo
from village.demo.common import DEMO_REGION_NAME, DEMO_REGION_SLUG, LINCOLN, SEED, by_pk
from village.demo.directory import build_directory
from village.demo.families import LocalIds, SisExport, link_personas, persona_students, sis_students
from village.demo.names import NameBank
from village.demo.needs import families_work, needs_no_service_fits
from village.demo.organizations import build_organizations
from village.demo.partnerships import partnerships_work
from village.demo.people import DISTRICT_LEADS, create_personas, create_staff
from village.demo.referrals import past_referrals, referrals_work, waiting_on_the_family, yusuf_by_text
from village.demo.regions import DISTRICTS, LAKESIDE, RIVERBEND, SCALES, ScaleName, Zone, build_schools
from village.demo.reset import delete_region
from village.families.models import Household, RaceEthnicity, Student
from village.orgs.actions import create_district, create_region
from village.orgs.models import District, Organization, Region, School


@dataclass
class Summary:
    region: Region
    districts: int = 0
    schools: int = 0
    organizations: int = 0
    households: int = 0
    students: int = 0
    people: int = 0
    memberships: int = 0
    shares: dict[str, float] = field(default_factory=dict)


def demo_region() -> Region | None:
    return Region.objects.filter(slug=DEMO_REGION_SLUG).first()


def generate(*, scale: ScaleName = "demo", students: int | None = None, progress: bool = False) -> Summary:
    """Build the demo region in one transaction (nested in the caller's, if any)."""
    plan = SCALES[scale]
    total = plan.students if students is None else students
    if total < 3:
        raise ValueError("The demo needs at least 3 students (the family and student personas' own).")
    rng = random.Random(SEED)
    names = NameBank(SEED, rng)
    with transaction.atomic():
        region = create_region(None, name=DEMO_REGION_NAME, slug=DEMO_REGION_SLUG)
        districts: dict[str, District] = {}
        zones: dict[str, list[Zone]] = {}
        for spec, layout in zip(DISTRICTS, plan.layouts, strict=True):
            district = create_district(None, region, name=spec.name, slug=spec.slug)
            districts[spec.slug] = district
            zones[spec.slug] = build_schools(rng, district, spec, layout, plan.spread_km)
        schools = {s.name: s for slug in zones for z in zones[slug] for s in (z.elementary, z.middle, z.high) if s}
        organizations = build_organizations(rng, region)
        orgs_by_name = {o.name: o for o in organizations}

        # Students are split between districts by number of schools; 3 are the personas' own.
        school_counts = [layout.total for layout in plan.layouts]
        generated = total - 3
        shares = [generated * c // sum(school_counts) for c in school_counts]
        shares[0] += generated - sum(shares)
        riverbend_ids = LocalIds(rng, RIVERBEND.code, shares[0] + 3)
        id_pools = {RIVERBEND.slug: riverbend_ids, LAKESIDE.slug: LocalIds(rng, LAKESIDE.code, shares[1])}

        # The personas first: the district leads apply their districts' rosters.
        personas = create_personas(districts, schools, orgs_by_name)
        leads = {spec.slug: personas[lead] for spec, lead in zip(DISTRICTS, DISTRICT_LEADS, strict=True)}
        with tqdm(
            total=total, unit=" students", desc="Students", disable=not progress, file=sys.stderr, leave=False
        ) as bar:
            for spec, count in zip(DISTRICTS, shares, strict=True):
                export = SisExport(districts[spec.slug])
                sis_students(rng, names, export, zones[spec.slug], count, id_pools[spec.slug])
                if spec.slug == RIVERBEND.slug:
                    persona_ids = persona_students(export, schools, personas["family@village.test"], riverbend_ids)
                bar.update(export.apply(leads[spec.slug]))
        link_personas(
            districts[RIVERBEND.slug],
            persona_ids,
            personas["lead@village.test"],
            personas["family@village.test"],
            personas["student@village.test"],
        )

        create_staff(
            rng,
            names,
            [
                sorted({s for z in zones[slug] for s in (z.elementary, z.middle, z.high) if s}, key=by_pk)
                for slug in zones
            ],
            organizations,
            orgs_by_name,
            {districts[spec.slug].pk: leads[spec.slug] for spec in DISTRICTS},
        )
        build_directory(personas["lead@village.test"], region, schools)
        if scale == "demo":  # the larger scales are for benchmarks, which load their own feeds
            transit_demo.build(
                personas["lead@village.test"],
                region,
                [(districts[d.slug], d.city, (d.latitude, d.longitude)) for d in DISTRICTS],
            )

        riverbend, lincoln = districts[RIVERBEND.slug], schools[LINCOLN]
        families_work(rng, riverbend, lincoln, orgs_by_name)
        referrals_work(riverbend, orgs_by_name)
        yusuf_by_text(riverbend, orgs_by_name)
        waiting_on_the_family(riverbend)
        needs_no_service_fits(riverbend)
        past_referrals(riverbend, lincoln)
        partnerships_work(rng, districts, schools, orgs_by_name)
        voice_demo.build(riverbend, lincoln)
        indicators_demo.build(riverbend, lincoln)
        governance_demo.build(riverbend, lincoln)
        events_demo.build(riverbend, lincoln)
        community_demo.build(riverbend, lincoln)
        summary = _summarize(region)
        record(None, "demo.region.created", region, scale=scale, students=summary.students)
    return summary


def _summarize(region: Region) -> Summary:
    districts = District.objects.filter(region=region)
    students = Student.objects.filter(district__in=districts)
    n = students.count()
    members = Membership.objects.filter(Q(district__in=districts) | Q(organization__region=region))
    shares: dict[str, float] = {}
    if n:
        for label, condition in (
            ("IEP", Q(has_iep=True)),
            ("504 plan", Q(has_504=True)),
            ("English learners", Q(english_learner=True)),
            ("Economically disadvantaged", Q(economically_disadvantaged=True)),
            ("Homeless", Q(homeless=True)),
            ("Foster care", Q(foster_care=True)),
        ):
            shares[label] = students.filter(condition).count() / n
        for race in RaceEthnicity:
            shares[str(race.label)] = students.filter(race_ethnicity=race).count() / n
    return Summary(
        region=region,
        districts=districts.count(),
        schools=School.objects.filter(district__in=districts).count(),
        organizations=Organization.objects.filter(region=region).count(),
        households=Household.objects.filter(district__in=districts).count(),
        students=n,
        people=members.values("user").distinct().count(),
        memberships=members.count(),
        shares=shares,
    )


def summary() -> Summary | None:
    region = demo_region()
    return _summarize(region) if region else None


def reset() -> bool:
    """Delete the demo region and everything in it, people included. False if there was none."""
    region = demo_region()
    if region is None:
        return False
    delete_region(region)
    return True
