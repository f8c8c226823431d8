"""Messages to a group of a school's families, as `families` sees them: the groups a school can
write to (all its families, the families of a grade, the families who read a language), who is
in a group, and how many families read each language.

The recipients are the household members with an active account, as in a conversation
(`conversations.family_of`), of the households with a child enrolled at the school. Each person
reads the language they chose (`User.preferred_language`), or English when they chose none; a
group message goes to a person only in that language, never in another one. A family whose
members read two languages counts once under each.

A group message carries no student information (no name, no need, no record), so it passes no
consent gate; the per-language counts are for staff and never shown to families.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from village.accounts.models import User
from village.families.models import GroupMessage, HouseholdMember, Student
from village.lib.languages import language_label
from village.messaging.models import Delivery
from village.orgs.models import School

ALL = "all"
GRADE = "grade"
LANGUAGE = "language"
KIND = "families.group_message"
GRADES = range(-1, 14)  # as `Student.grade` allows: -1 is pre-kindergarten, 0 kindergarten


def supported() -> tuple[str, ...]:
    """The languages a group message is written and sent in: Village's interface languages."""
    return tuple(code for code, _name in settings.LANGUAGES)


def reads(person: User) -> str:
    return person.preferred_language or settings.LANGUAGE_CODE


@dataclass(frozen=True)
class Group:
    kind: str
    value: str = ""

    @property
    def code(self) -> str:
        return f"{self.kind}:{self.value}" if self.value else self.kind

    @classmethod
    def parse(cls, code: str) -> Group | None:
        """The group a form's value names, or None when it names none (a grade out of range, a
        language Village does not send in)."""
        kind, _sep, value = code.partition(":")
        if kind == ALL and not value:
            return cls(ALL)
        if kind == GRADE and value.lstrip("-").isdigit() and int(value) in GRADES:
            return cls(GRADE, str(int(value)))
        if kind == LANGUAGE and value in supported():
            return cls(LANGUAGE, value)
        return None

    def label(self) -> str:
        if self.kind == GRADE:
            return _("Families of grade %(grade)s") % {"grade": grade_label(int(self.value))}
        if self.kind == LANGUAGE:
            return _("Families who read %(language)s") % {"language": language_label(self.value)}
        return _("All families of the school")


def grade_label(grade: int) -> str:
    if grade == 0:
        return _("Kindergarten")
    if grade == -1:
        return _("Pre-kindergarten")
    return str(grade)


def label_of(message: GroupMessage) -> str:
    group = Group.parse(message.group)
    return group.label() if group is not None else message.group


def group_choices(school: School) -> list[tuple[str, str]]:
    """The groups offered at a school: all families, each grade with enrolled children, each language."""
    grades = sorted(set(school.students.filter(status="enrolled").values_list("grade", flat=True)))
    groups = [Group(ALL), *(Group(GRADE, str(g)) for g in grades), *(Group(LANGUAGE, c) for c in supported())]
    return [(g.code, g.label()) for g in groups]


def recipients(school: School, group: Group) -> list[tuple[int, User]]:
    """(household id, person) for each person the group's message goes to, in a stable order."""
    children = {"status": "enrolled", "anonymized_at__isnull": True, "school_id": school.pk}
    if group.kind == GRADE:
        children["grade"] = int(group.value)
    households = Student.objects.filter(**children).values("household_id")
    members = (
        HouseholdMember.objects.filter(household_id__in=households, user__is_active=True)
        .select_related("user")
        .order_by("household_id", "created_at", "pk")
    )
    found: list[tuple[int, User]] = []
    seen: set[int] = set()
    for member in members:
        if member.user_id in seen:
            continue
        if group.kind == LANGUAGE and reads(member.user) != group.value:
            continue
        seen.add(member.user_id)
        found.append((member.household_id, member.user))
    return found


def families_by_language(people: list[tuple[int, User]]) -> dict[str, int]:
    """Language -> how many families have someone who reads it, in `supported()` order."""
    households: dict[str, set[int]] = defaultdict(set)
    for household_id, person in people:
        households[reads(person)].add(household_id)
    order = {code: i for i, code in enumerate(supported())}
    return {code: len(households[code]) for code in sorted(households, key=lambda c: (order.get(c, len(order)), c))}


def for_school(school: School) -> list[GroupMessage]:
    return list(GroupMessage.objects.filter(school=school).select_related("author")[:100])


def for_family(person: User) -> list[tuple[GroupMessage, str, dict[str, str]]]:
    """The group messages sent to this person, each with the language it reached them in and
    its subject and body in that language."""
    from_outbox = dict(
        Delivery.objects.filter(recipient=person, outbox__kind=KIND, rank=0).values_list("outbox_id", "language")
    )
    found = GroupMessage.objects.filter(outbox_id__in=list(from_outbox)).select_related("school")[:100]
    found_in = [(m, from_outbox.get(m.outbox_id or 0, "")) for m in found]
    return [(m, code, m.texts[code]) for m, code in found_in if code in m.texts]
