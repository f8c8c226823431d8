"""Worst-case districts, built only through the paths people use.

A Hypothesis strategy draws a district of three or four schools in which each student group
has 1, N-1, N or all but one of the school's students (N = settings.VILLAGE_SMALL_N), a
partnership over the first three schools, and an anonymous family survey answered in English,
Spanish and Arabic by groups of different sizes. `build` then makes it real the way a district
does: a OneRoster sync for the students, the lead's starter framework and period through the
pages, per-student values through the import page, needs raised and met through the families
actions, the partnership and its agreement (with shared metrics) signed by both sides, a school
council seating a member, the survey written, translated and opened through the voice actions,
answered through its public link, and "compute now" through the page. No figure is written to
the database by hand.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from hypothesis import strategies as st

from conftest import enrol_totp, password_hash
from tests.privacy.adversary import Access
from tests.privacy.outputs import english_name
from village.accounts.models import Membership, Role, User
from village.families.tests.oneroster import write_oneroster
from village.lib.suppression import small_n

GROUP_FLAG = {
    "iep_504": "has_iep",
    "english_learner": "english_learner",
    "economically_disadvantaged": "economically_disadvantaged",
    "homeless_or_foster": "foster_care",
}
SCHOOL_NAMES = ("Alder Elementary", "Birch Middle", "Cedar High", "Dogwood Academy")
SLUG = "worstcase"
SCHOOL_DAYS = 60


@dataclass(frozen=True)
class SchoolSpec:
    name: str
    size: int
    groups: tuple[tuple[str, int], ...]  # group code, how many students are in it


@dataclass(frozen=True)
class WorstCase:
    schools: tuple[SchoolSpec, ...]
    partner_schools: int  # the partnership serves the first this many schools
    languages: tuple[tuple[str, int], ...]  # survey answers per language
    said_no: int  # respondents for whom transport is no problem (the first ones, in language order)
    seed: int  # each student's figures and each respondent's other answers


def spec(sizes: list[tuple[int, list[int]]], languages: list[tuple[str, int]], said_no: int, seed: int) -> WorstCase:
    """A worst case from (school size, group sizes in GROUP_FLAG order) per school."""
    schools = tuple(
        SchoolSpec(name, size, tuple(zip(GROUP_FLAG, groups, strict=True)))
        for name, (size, groups) in zip(SCHOOL_NAMES, sizes, strict=False)
    )
    return WorstCase(schools, min(3, len(schools)), tuple(languages), said_no, seed)


@st.composite
def worst_cases(draw: st.DrawFn) -> WorstCase:
    n = small_n()
    sizes: list[tuple[int, list[int]]] = []
    for _name in SCHOOL_NAMES[: draw(st.integers(3, 4))]:
        size = draw(st.integers(3 * n, 5 * n))
        sizes.append((size, draw(st.permutations([1, n - 1, n, size - 1]))))
    languages = [
        ("en", draw(st.integers(2 * n, 3 * n))),
        ("es", draw(st.sampled_from([n - 1, n, n + 2]))),
        ("ar", draw(st.sampled_from([1, n - 1]))),
    ]
    return spec(sizes, languages, draw(st.sampled_from([1, n - 1, n])), draw(st.integers(0, 2**16)))


# --- Building it ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _RosterSchool:
    pk: int
    name: str


@dataclass(frozen=True)
class _RosterStudent:
    local_id: str
    school_id: int
    given_name: str
    family_name: str
    grade: int
    has_iep: bool
    english_learner: bool
    economically_disadvantaged: bool
    foster_care: bool
    has_504: bool = False
    homeless: bool = False
    household_id: int | None = None
    birth_date: dt.date | None = None
    race_ethnicity: str = ""


@dataclass(frozen=True)
class Built:
    slug: str
    district_id: int
    lead: User
    partner: User
    organization: int
    council_member: User
    council: int
    council_school: int
    surveys: tuple[int, ...]
    feeds: dict[int, tuple[str, int, int]]  # question → (indicator name, threshold, survey)

    def access(self) -> Access:
        return Access(
            slug=self.slug,
            district_id=self.district_id,
            partner=self.partner,
            organization=self.organization,
            council_member=self.council_member,
            council_schools=(self.council_school,),
            councils=(self.council,),
            lead=self.lead,
            surveys=self.surveys,
            feeds=self.feeds,
        )


def _person(email: str, name: str) -> User:
    user = User.objects.create(email=email, name=name, password=password_hash())
    return user


def _roster(case: WorstCase, rng: random.Random) -> list[_RosterStudent]:
    students: list[_RosterStudent] = []
    for k, school in enumerate(case.schools, start=1):
        ids = [f"W{k}-{i:03d}" for i in range(school.size)]
        members = {code: set(rng.sample(ids, size)) for code, size in school.groups}
        for i, local_id in enumerate(ids):
            flags = {GROUP_FLAG[code]: local_id in chosen for code, chosen in members.items()}
            students.append(
                _RosterStudent(
                    local_id=local_id,
                    school_id=k,
                    given_name=f"Student{i}",
                    family_name=school.name.split()[0],
                    grade=3,
                    has_iep=flags["has_iep"],
                    english_learner=flags["english_learner"],
                    economically_disadvantaged=flags["economically_disadvantaged"],
                    foster_care=flags["foster_care"],
                )
            )
    return students


def _quarter(today: dt.date) -> tuple[dt.date, dt.date]:
    first = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    after = dt.date(first.year + (first.month == 10), (first.month + 2) % 12 + 1, 1)
    return first, after - dt.timedelta(days=1)


def build(case: WorstCase, client: Client) -> Built:
    from village.accounts.actions import grant_membership
    from village.families.actions import add_need, change_need_status
    from village.families.models import Student
    from village.governance.actions import add_member, create_council
    from village.governance.models import CouncilKind, SeatType
    from village.indicators.models import Indicator, Period
    from village.orgs.actions import create_organization
    from village.orgs.models import District, PartnerType, Region, School
    from village.partnerships.actions.agreements import create_agreement, sign_version
    from village.partnerships.actions.partnerships import create_partnership, update_partner_side
    from village.partnerships.models import PartnershipOrganization
    from village.voice import actions as voice

    # One generator per concern, so that changing how one is drawn leaves the others as they were.
    rng = random.Random(case.seed)
    region = Region.objects.create(name="Worst Case Region", slug="worst-case-region")
    district = District.objects.create(region=region, name="Worst Case Unified", slug=SLUG)
    lead = _person("lead@worst.example", "Lee Lead")
    Membership.objects.create(user=lead, role=Role.DISTRICT_LEAD, district=district)
    enrol_totp(lead)

    # Students and schools: a OneRoster sync, as the SIS sends them.
    roster = _roster(case, random.Random(case.seed))
    with tempfile.TemporaryDirectory() as folder:
        schools_in_file = [_RosterSchool(k, s.name) for k, s in enumerate(case.schools, start=1)]
        path = write_oneroster(Path(folder) / "roster", roster, schools=schools_in_file)
        out = StringIO()
        call_command("roster_sync", str(path), district=SLUG, stdout=out)
        assert "status: applied" in out.getvalue(), out.getvalue()
    schools = {s.name: s for s in School.objects.filter(district=district)}
    ordered = [schools[s.name] for s in case.schools]

    # The framework and the current quarter, through the lead's pages.
    client.force_login(lead)
    client.post(f"/districts/{SLUG}/indicators/", {"starter": "1"})
    starts, ends = _quarter(timezone.localdate())
    client.post(
        f"/districts/{SLUG}/indicators/periods/new/",
        {"label": "This quarter", "starts": starts.isoformat(), "ends": ends.isoformat()},
    )
    period = Period.objects.get(district=district)

    # The survey: written, translated, opened.
    first = ordered[0]
    survey = voice.create_survey(
        lead,
        first,
        title="School and you",
        source_language="en",
        languages=[code for code, _count in case.languages],
        audience="families",
        anonymous=True,
    )
    transport = voice.add_question(
        lead,
        survey,
        kind="single",
        text="Is transport a problem for your family?",
        options=["Yes", "No"],
        required=True,
        barrier="transportation",
        barrier_option=1,
    )
    welcome = voice.add_question(lead, survey, kind="scale", text="Do you feel welcome at school?")
    words = {
        "es": ("La escuela y usted", "¿El transporte es un problema?", "Sí", "No", "¿Se siente bienvenido?"),
        "ar": ("المدرسة وأنت", "هل النقل مشكلة؟", "نعم", "لا", "هل تشعر بالترحيب؟"),
    }
    for language, (title, q1, yes, no, q2) in words.items():
        if language in survey.languages:
            texts = {
                "title": title,
                f"q{transport.pk}": q1,
                f"q{transport.pk}o0": yes,
                f"q{transport.pk}o1": no,
                f"q{welcome.pk}": q2,
            }
            voice.translate_survey(lead, survey, language, texts)
    voice.open_survey(lead, survey)

    # An indicator fed by the welcome question, through the indicator form.
    client.post(
        f"/districts/{SLUG}/indicators/new/",
        {
            "name": "Families who feel welcome",
            "code": "welcome",
            "definition": "Share of families answering 4 or 5",
            "numerator": "Families answering 4 or 5",
            "denominator": "Families answering",
            "unit": "percent",
            "direction": "higher",
            "target": "80",
            "gap_margin": "10",
            "frequency": "quarterly",
            "source": "survey_item",
            "survey_question": welcome.pk,
            "survey_threshold": "4",
            "active": "on",
        },
    )
    assert Indicator.objects.filter(district=district, code="welcome").exists()

    # Each student's figures, through the import page.
    rng = random.Random(case.seed + 1)
    lines = ["indicator,student,period,numerator,denominator"]
    for student in roster:
        lines.append(f"enrichment,{student.local_id},{period.label},{int(rng.random() < 0.5)},1")
        lines.append(f"student-belonging,{student.local_id},{period.label},{int(rng.random() < 0.7)},1")
        lines.append(f"attendance,{student.local_id},{period.label},{rng.randint(40, SCHOOL_DAYS)},{SCHOOL_DAYS}")
    upload = SimpleUploadedFile("values.csv", "\n".join(lines).encode(), content_type="text/csv")
    response = client.post(f"/districts/{SLUG}/indicators/import/", {"file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]

    # Needs raised by educators, some met.
    rng = random.Random(case.seed + 2)
    for enrolled in Student.objects.filter(district=district).order_by("local_id"):
        if rng.random() < 0.45:
            for _k in range(1 + (rng.random() < 0.25)):
                barriers = ["transportation"] if rng.random() < 0.3 else []
                need = add_need(lead, enrolled, category="tutoring", source="educator", barriers=barriers)
                if rng.random() < 0.3:
                    change_need_status(lead, need, "met")

    # A partnership over the first schools, with an agreement whose metrics follow indicators.
    clinic = create_organization(lead, region, name="Northside Clinic", partner_type=PartnerType.HEALTH)
    grant_membership(lead, email="mai@worst.example", name="Mai Partner", role=Role.PARTNER_STAFF, organization=clinic)
    partner = User.objects.get(email="mai@worst.example")
    enrol_totp(partner)
    partnership = create_partnership(
        lead,
        district,
        schools=ordered[: case.partner_schools],
        organizations=[clinic],
        name="Healthy schools",
        partner_type=PartnerType.HEALTH,
        shared_goals="Students attend and belong",
        status="active",
    )
    member = PartnershipOrganization.objects.get(partnership=partnership, organization=clinic)
    member.signer = partner
    update_partner_side(partner, member)
    followed = Indicator.objects.filter(district=district, code__in=["enrichment", "student-belonging", "attendance"])
    metrics = [
        {
            "name": f"{english_name(i.name, i.source_language)} (shared)",
            "target": "up",
            "measurement": "Village",
            "frequency": "quarterly",
            "indicator": i,
        }
        for i in followed
    ]
    text = {
        "purpose": "Healthy students attend",
        "school_roles": "Refer",
        "partner_roles": "Serve",
        "decision_authority": "Both",
        "data_elements": [],
        "data_purposes": "",
        "start_date": starts,
        "end_date": ends + dt.timedelta(days=365),
        "renewal_terms": "",
    }
    agreement = create_agreement(lead, partnership, "Clinic agreement", text, metrics)
    version = agreement.versions.get()
    sign_version(lead, version, None, "127.0.0.1")
    sign_version(partner, version, clinic.pk, "127.0.0.1")

    # A council at the first school, with a member from the community.
    council = create_council(lead, district=district, school=first, kind=CouncilKind.JOINT, name="Alder council")
    grace = _person("grace@worst.example", "Grace Member")
    add_member(lead, council, email=grace.email, seat_type=SeatType.COMMUNITY, term_start=starts)

    # Respondents answer through the public link, each in their language, each from their own
    # connection (an open link takes a few answers per connection per hour).
    survey.refresh_from_db()
    public = Client()
    rng = random.Random(case.seed + 3)
    said = 0
    for language, count in case.languages:
        for _k in range(count):
            said += 1
            answers = {
                "language": language,
                f"q{transport.pk}": "1" if said <= case.said_no else "0",
                f"q{welcome.pk}": str(rng.choice([2, 3, 4, 4, 5, 5])),
            }
            answered = public.post(f"/s/{survey.token}/", answers, REMOTE_ADDR=f"198.18.{said // 250}.{said % 250 + 1}")
            assert answered.status_code == 200 and "voice/thanks.html" in [t.name for t in answered.templates]

    # "Compute now", through the page.
    client.force_login(lead)
    client.post(f"/districts/{SLUG}/indicators/refresh/", {"period": period.pk})
    return Built(
        slug=SLUG,
        district_id=district.pk,
        lead=lead,
        partner=partner,
        organization=clinic.pk,
        council_member=grace,
        council=council.pk,
        council_school=first.pk,
        surveys=(survey.pk,),
        feeds={welcome.pk: ("Families who feel welcome", 4, survey.pk)},
    )
