"""What Village writes to families about their accounts: invitations, codes, links made and undone.

Each text is a lazy translation with named placeholders, rendered in the recipient's language by
`render`; the actions in `village.families.actions` queue them through `village.messaging`. Nothing
here writes.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from village.accounts.models import User
from village.families.models import FamilyInvitation, Household, Student
from village.lib.languages import closest_ui_language, language_name, to_edfi
from village.lib.links import absolute_reverse
from village.messaging.actions import Rendered
from village.orgs.models import School

INVITATION_SUBJECT = _("%(school)s invites you to Village")
INVITATION_BODY = _(
    "Hello %(name)s,\n\n"
    "%(school)s uses Village to work with families. With your own account you can see your "
    "children's school plans, tell the school what your family needs, and find help near you, "
    "in your language.\n\n"
    "Open your account here:\n%(link)s\n\n"
    "You do not need a password: Village will email you a short code to type on that page. "
    "The link works once, until %(date)s.\n\n"
    "If you did not expect this message, you can ignore it."
)
NOT_IN_LANGUAGE = _("Village is not available in %(language)s yet, so this message is in %(ui_language)s.")

PROOF_SUBJECT = _("Your Village code: %(code)s")
PROOF_BODY = _(
    "Type this code on the page where you are opening your family's account: %(code)s\n\n"
    "It works for %(minutes)s minutes. If you did not ask for it, you can ignore this message."
)

LINKED_SUBJECT = _("Your family's Village account")
LINKED_BODY = _(
    "Hello %(name)s,\n\n"
    "Your Village account is now linked to your family (%(family)s). You can see your children's "
    "pages: %(children)s.\n\n"
    "Sign in here: %(link)s\n\n"
    "You do not need a password: type your email address (%(email)s) and Village will email you a "
    "short code.\n\n"
    "If this is a mistake, tell %(school)s."
)
MEMBER_ADDED_BODY = _(
    "Hello %(name)s,\n\n"
    "%(person)s can now sign in to Village for your family (%(family)s) and see your children's pages.\n\n"
    "If this is a mistake, tell %(school)s."
)
UNLINKED_BODY = _(
    "Hello %(name)s,\n\n"
    "Your Village account is no longer linked to your family (%(family)s), so you no longer see "
    "these children's pages: %(children)s.\n\n"
    "If this is a mistake, tell %(school)s."
)
MEMBER_REMOVED_BODY = _(
    "Hello %(name)s,\n\n"
    "%(person)s can no longer sign in to Village for your family (%(family)s).\n\n"
    "If this is a mistake, tell %(school)s."
)


def render(
    recipient: User | None,
    language: str,
    subject: str | Promise,
    body: str | Promise,
    *,
    address: str = "",
    note: str = "",
    **values: object,
) -> Rendered:
    """One message in `language`; `note` (already rendered) is added as its last paragraph."""
    language = language or settings.LANGUAGE_CODE
    with translation.override(language):
        text = str(body) % values
        if note:
            text = f"{text}\n\n{note}"
        return Rendered(recipient, str(subject) % values, text, language, address=address)


def language_of(user: User, fallback: str = "") -> str:
    return user.preferred_language or fallback or settings.LANGUAGE_CODE


def invitation_language(household: Household, family_language: str = "") -> tuple[str, bool]:
    """The UI language an invitation is written in for a guardian who reads `family_language` (an
    Ed-Fi code from the roster, else the household's home language), and whether it is theirs."""
    code = to_edfi(family_language) or to_edfi(household.home_language)
    if not code:
        return settings.LANGUAGE_CODE, True
    return closest_ui_language(code)


def language_note(family_language: str, ui_language: str) -> str:
    """Says, in `ui_language`, that the family's own language is not offered yet."""
    with translation.override(ui_language):
        return str(NOT_IN_LANGUAGE) % {
            "language": language_name(family_language),
            "ui_language": language_name(ui_language.split("-")[0]),
        }


def school_of(household: Household) -> School | None:
    """The school of the household's first enrolled child (by name): who speaks to the family."""
    child = (
        Student.objects.filter(household=household, status="enrolled", anonymized_at__isnull=True)
        .select_related("school")
        .order_by("given_name", "pk")
        .first()
    )
    return child.school if child is not None else None


def children_names(household: Household) -> str:
    names = Student.objects.filter(household=household, status="enrolled", anonymized_at__isnull=True).order_by(
        "given_name"
    )
    return ", ".join(f"{s.given_name} {s.family_name}" for s in names) or "—"


def invitation_message(invitation: FamilyInvitation, school: School | None, note: str = "") -> Rendered:
    guardian = invitation.guardian
    with translation.override(invitation.language):
        expires = date_format(timezone.localtime(invitation.expires_at), "DATE_FORMAT")
    return render(
        None,
        invitation.language,
        INVITATION_SUBJECT,
        INVITATION_BODY,
        address=invitation.address,
        note=note,
        name=f"{guardian.given_name} {guardian.family_name}",
        school=school.name if school else invitation.district.name,
        link=absolute_reverse("families:claim", code=invitation.code),
        date=expires,
    )
