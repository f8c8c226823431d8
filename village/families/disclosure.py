"""Whether a consent or another legal basis covers a disclosure: the reading half of the one door.

Every path that shows or sends student information to someone outside the school (a
referral, a note, a summary, an export, an API call) calls `village.families.actions.disclose`.
It asks `find_basis` whether a current consent or another recorded legal basis covers this
recipient, these elements and this purpose, and writes the DisclosureRecord in the same
transaction as the caller's own writes. When nothing covers it, it raises `NotCovered` and
writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from village.families.models import Consent, OtherLegalBasis, Student
from village.orgs.models import Organization


class NotCovered(Exception):
    """No current consent or legal basis covers the disclosure. Nothing was recorded or shared."""

    def __init__(self, message: str, missing: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.missing = sorted(missing)


def find_basis(
    student: Student, recipient: Organization, elements: Iterable[str], purpose: str, *, lock: bool = False
) -> Consent | OtherLegalBasis | None:
    """The consent (preferred) or other legal basis in force now that covers this disclosure, if any."""
    wanted = set(elements)
    consents = Consent.objects.current().filter(student=student, recipient=recipient, purpose=purpose)
    if lock:
        # Withdrawal updates the consent row: locking it orders a withdrawal and a disclosure.
        consents = consents.select_for_update()
    for consent in consents.order_by("-signed_at", "-id"):
        if wanted <= set(consent.elements):
            return consent
    bases = OtherLegalBasis.objects.current().filter(student=student, recipient=recipient, purpose=purpose)
    if lock:
        bases = bases.select_for_update()
    for basis in bases.order_by("-recorded_at", "-id"):
        if wanted <= set(basis.elements):
            return basis
    return None
