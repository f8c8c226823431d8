"""How a council's membership compares with its school community.

Three comparisons: the home languages of the school's families against the languages members
speak (their own and their households'), the student groups of the school against the groups
members' children belong to, and the partner types working with the school against the partner
seats. Counts and shares about families and students pass through `village.lib.suppression`;
the page never says whose child is in which group, only whether a group is represented.

Flags: a language spoken in at least LANGUAGE_FLOOR of the families whose share among members
is less than half its share among families; a student group making up at least GROUP_FLOOR of
the students with no member's child in it; a partner type working with the school without a
partner seat.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Q
from django.utils.functional import Promise

from village.families.groups import GROUPS
from village.families.models import HouseholdMember, Student
from village.governance.models import Council, CouncilMember, SeatType
from village.lib.languages import iso639_1, language_label
from village.lib.suppression import Cell, Rate, suppress_rate, suppress_table
from village.orgs.models import PartnerType
from village.partnerships.models import Partnership, PartnershipStatus

LANGUAGE_FLOOR = 0.05
GROUP_FLOOR = 0.10


@dataclass(frozen=True)
class LanguageRow:
    code: str
    name: str
    families: Cell
    share: Rate
    members: int
    flagged: bool


@dataclass(frozen=True)
class GroupRow:
    code: str
    label: str | Promise
    share: Rate
    represented: bool
    flagged: bool


@dataclass(frozen=True)
class PartnerRow:
    code: str
    label: str | Promise
    works_with_school: bool
    seats: int
    flagged: bool


@dataclass(frozen=True)
class Representation:
    members: int
    families_total: Cell
    languages: list[LanguageRow]
    groups: list[GroupRow]
    partners: list[PartnerRow]

    def flags(self, with_groups: bool = True) -> int:
        rows: list[LanguageRow | PartnerRow | GroupRow] = [
            *self.languages,
            *self.partners,
            *(self.groups if with_groups else []),
        ]
        return sum(r.flagged for r in rows)


def _code(value: str) -> str:
    return iso639_1(value.split("-")[0]) or value if value else ""


def compare(council: Council, serving: list[CouncilMember]) -> Representation:
    students = Student.objects.filter(district_id=council.district_id, status="enrolled")
    if council.school_id:
        students = students.filter(school_id=council.school_id)
    students_list = list(
        students.only(
            "pk",
            "household_id",
            "has_iep",
            "has_504",
            "english_learner",
            "economically_disadvantaged",
            "homeless",
            "foster_care",
        ).select_related(None)
    )
    # Home languages of the households of enrolled students, one count per household.
    households = (
        students.filter(household__isnull=False).values_list("household_id", "household__home_language").distinct()
    )
    family_languages = Counter(_code(lang) for _hid, lang in households)

    users = [m.user_id for m in serving]
    links = list(
        HouseholdMember.objects.filter(user_id__in=users).values_list(
            "user_id", "household_id", "household__home_language"
        )
    )
    spoken: dict[int, set[str]] = {m.user_id: {_code(m.user.preferred_language)} - {""} for m in serving}
    child_households: dict[int, set[int]] = {}
    for uid, hid, lang in links:
        spoken[uid].add(_code(lang))
        child_households.setdefault(uid, set()).add(hid)
    member_languages = Counter(code for langs in spoken.values() for code in langs)

    codes = sorted(family_languages, key=lambda c: (-family_languages[c], c))
    # One row of counts, one cell per language, published with its total.
    table = suppress_table([[family_languages[c] for c in codes]]) if codes else None
    total_families = sum(family_languages.values())
    members_count = len(serving)
    languages = []
    for i, c in enumerate(codes):
        share = family_languages[c] / total_families
        member_share = member_languages[c] / members_count if members_count else 0.0
        languages.append(
            LanguageRow(
                code=c,
                name=language_label(c),
                families=table.cells[0][i] if table else Cell(0),
                # A hidden count hides its share too (the share and the total would give it back).
                share=(
                    Rate("**", None, "complementary")
                    if table and table.cells[0][i].suppressed
                    else suppress_rate(family_languages[c], total_families)
                ),
                members=member_languages[c],
                flagged=share >= LANGUAGE_FLOOR and member_share < share / 2,
            )
        )

    represented_households = {
        h for m in serving if m.seat_type == SeatType.FAMILY for h in child_households.get(m.user_id, ())
    }
    groups = []
    for code, label, member in GROUPS:
        in_group = [s for s in students_list if member(s)]
        share = len(in_group) / len(students_list) if students_list else 0.0
        represented = any(s.household_id in represented_households for s in in_group)
        groups.append(
            GroupRow(
                code=code,
                label=label,
                share=suppress_rate(len(in_group), len(students_list)),
                represented=represented,
                flagged=share >= GROUP_FLOOR and not represented,
            )
        )

    partners = _partner_rows(council, serving)
    return Representation(
        members=members_count,
        families_total=table.row_totals[0] if table else Cell(0),
        languages=languages,
        groups=groups,
        partners=partners,
    )


def _partner_rows(council: Council, serving: list[CouncilMember]) -> list[PartnerRow]:
    partnerships = Partnership.objects.filter(
        district_id=council.district_id, status__in=[PartnershipStatus.ACTIVE, PartnershipStatus.RENEWING]
    )
    if council.school_id:
        partnerships = partnerships.filter(Q(district_wide=True) | Q(schools=council.school_id))
    working = set(partnerships.values_list("organizations__partner_type", flat=True))
    seats = Counter(m.organization.partner_type for m in serving if m.seat_type == SeatType.PARTNER and m.organization)
    rows = []
    for code, label in PartnerType.choices:
        if code in working or seats[code]:
            rows.append(
                PartnerRow(
                    code=code,
                    label=label,
                    works_with_school=code in working,
                    seats=seats[code],
                    flagged=code in working and not seats[code],
                )
            )
    return rows
