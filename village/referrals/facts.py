"""What a referral shows about the student: exactly the data elements it carries, no more."""

from __future__ import annotations

from django.utils.translation import gettext as _

from village.families.models import Guardian, HouseholdMember
from village.families.vocab import DataElement
from village.lib.languages import language_label, ui_code
from village.referrals.models import Referral


def _yes(value: bool) -> str:
    return _("Yes") if value else _("No")


def shows_school(referral: Referral, sides: set[str], shown: bool) -> bool:
    """Whether the reader may see which school referred: the school side and the family always;
    the partner only while the consent (or other basis) covers the school (`shown`) and the
    referral carries it. Otherwise the partner reads "a school in <district>"."""
    if sides != {"partner"}:
        return True
    return shown and DataElement.SCHOOL in referral.elements


def facts(referral: Referral) -> list[tuple[str, str]]:
    """(label, value) pairs for the referral's data elements, in the reader's language."""
    s = referral.student
    labels = dict(DataElement.choices)
    rows: list[tuple[str, str]] = []
    for element in [e for e in DataElement.values if e in referral.elements]:
        value = ""
        if element == DataElement.NAME:
            value = f"{s.given_name} {s.family_name}"
        elif element == DataElement.GRADE:
            value = _("Kindergarten") if s.grade == 0 else str(s.grade)
        elif element == DataElement.SCHOOL:
            value = referral.school.name
        elif element == DataElement.CONTACT and s.household_id is not None:
            contacts = [
                " · ".join(x for x in (f"{g.given_name} {g.family_name}", g.phone, g.email) if x.strip())
                for g in Guardian.objects.filter(household_id=s.household_id)
            ] + [
                f"{m.user.name} · {m.user.email}"
                for m in HouseholdMember.objects.filter(household_id=s.household_id).select_related("user")
            ]
            value = "; ".join(contacts)
        elif element == DataElement.HOME_LANGUAGE:
            value = language_label(ui_code(s.household.home_language)) if s.household else ""
        elif element == DataElement.NEEDS:
            need = referral.need
            value = f"{need.get_category_display()}: {need.description}" if need else ""
        elif element == DataElement.DISABILITY:
            value = _("IEP: %(iep)s · 504 plan: %(plan)s") % {"iep": _yes(s.has_iep), "plan": _yes(s.has_504)}
        elif element == DataElement.ENGLISH_LEARNER:
            value = _yes(s.english_learner)
        elif element == DataElement.PROGRAMS:
            value = _("Economically disadvantaged: %(econ)s · Homeless: %(homeless)s · Foster care: %(foster)s") % {
                "econ": _yes(s.economically_disadvantaged),
                "homeless": _yes(s.homeless),
                "foster": _yes(s.foster_care),
            }
        elif element == DataElement.ATTENDANCE:
            value = _("Ask the school")
        rows.append((str(labels.get(element, element)), value or "—"))
    return rows
