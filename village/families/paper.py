"""Letters to print: the messages waiting on paper for a school's families, and their PDF.

A family whose channel is paper (`families.contact`) gets its messages as letters: each waits in
the outbox until the school prints it. A letter belongs to the school that speaks to the family
(`notices.school_of`: its first enrolled child's), so each is printed by one school. Each letter
is in its family's language (the message was rendered in it), with the school's return address
and the children's names, so it can go home with them.

A letter that was the family's only channel when it was written (rank 0), for a family that has
since chosen email or text, is not printed: it is listed apart, to be sent by email instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF

from village.families import notices
from village.families.contact import reach_for
from village.families.letters import _isolated
from village.families.models import Household, HouseholdMember, Student
from village.lib.pdf import Layout, document, write_in
from village.messaging.models import Channel, Delivery, DeliveryStatus
from village.orgs.models import School


@dataclass(frozen=True)
class Letter:
    delivery: Delivery
    household: Household
    children: str
    # The channel the family now accepts first, when it is no longer paper ("" while paper).
    now_by: str = ""

    @property
    def name(self) -> str:
        person = self.delivery.recipient
        return person.name or person.email if person is not None else ""


def letters_for(school: School) -> tuple[list[Letter], list[Letter]]:
    """The school's letters waiting to be printed, and those whose family now gets email or text
    instead (each list oldest first)."""
    waiting = list(
        Delivery.objects.filter(
            channel=Channel.PAPER,
            status=DeliveryStatus.TO_PRINT,
            recipient__household_links__household__students__school=school,
        )
        .select_related("recipient", "outbox")
        .distinct()
        .order_by("pk")
    )
    if not waiting:
        return [], []
    people = {d.recipient_id for d in waiting if d.recipient_id is not None}
    members = (
        HouseholdMember.objects.filter(user_id__in=people).select_related("household").order_by("created_at", "pk")
    )
    household_of: dict[int, Household] = {}
    for member in members:
        household_of.setdefault(member.user_id, member.household)
    speaks = {h.pk for h in set(household_of.values()) if _school_id(h) == school.pk}
    children = _children(school, speaks)
    reach = reach_for([d.recipient for d in waiting if d.recipient is not None])
    to_print, now_other = [], []
    for delivery in waiting:
        household = household_of.get(delivery.recipient_id or 0)
        if household is None or household.pk not in speaks:
            continue
        channels = reach[delivery.recipient_id].channels if delivery.recipient_id in reach else ()
        first = channels[0] if channels else Channel.PAPER
        if delivery.rank == 0 and first != Channel.PAPER:
            now_other.append(Letter(delivery, household, children.get(household.pk, ""), str(Channel(first).label)))
        else:
            to_print.append(Letter(delivery, household, children.get(household.pk, "")))
    return to_print, now_other


def _school_id(household: Household) -> int | None:
    school = notices.school_of(household)
    return school.pk if school is not None else None


def _children(school: School, households: set[int]) -> dict[int, str]:
    names: dict[int, list[str]] = {}
    for s in Student.objects.filter(
        household_id__in=households, school=school, status="enrolled", anonymized_at__isnull=True
    ).order_by("given_name", "pk"):
        names.setdefault(s.household_id or 0, []).append(f"{s.given_name} {s.family_name}")
    return {pk: ", ".join(n) for pk, n in names.items()}


def letters_pdf(school: School, letters: Sequence[Letter]) -> bytes:
    """One letter a page, each in its family's language, with the school's return address."""
    pdf, _layout = document(letters[0].delivery.language if letters else None)
    pdf.set_title(_("Letters to print"))
    for letter in letters:
        language = letter.delivery.language or None
        layout = write_in(pdf, language)
        with translation.override(language):
            _letter(pdf, layout, school, letter)
    return bytes(pdf.output())


def _letter(pdf: FPDF, layout: Layout, school: School, letter: Letter) -> None:
    family, align = layout.family, layout.align

    def line(text: str, size: float = 10.5, style: str = "", height: float = 5.5, ltr: bool = False) -> None:
        pdf.set_font(family, style, size)
        if ltr and layout.rtl:
            pdf.set_text_shaping(use_shaping_engine=True, direction="ltr")
        pdf.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT", align=align)
        if ltr and layout.rtl:
            pdf.set_text_shaping(use_shaping_engine=True, direction="rtl")

    pdf.add_page()
    line(school.name, 12, "B")
    for text in (school.address, " ".join(x for x in (school.city, school.postal_code) if x), school.phone):
        if text:
            line(text, 10, ltr=True)
    pdf.ln(4)
    line(date_format(timezone.localdate(letter.delivery.outbox.created_at), "DATE_FORMAT"), 10)
    pdf.ln(4)
    line(_("For %(name)s") % {"name": letter.name}, 11, "B")
    if letter.children:
        line(_("Family of %(children)s") % {"children": letter.children}, 10)
    pdf.ln(4)
    line(letter.delivery.subject, 14, "B", 7)
    pdf.ln(2)
    line(letter.delivery.body)
    pdf.ln(4)
    if school.phone:
        line(_("Questions? Call %(school)s at %(phone)s.") % {"school": school.name, "phone": _isolated(school.phone)})
    else:
        line(_("Questions? Ask at %(school)s.") % {"school": school.name})
