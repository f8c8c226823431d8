"""The one door through which student information leaves the school.

Every path that shows or sends student information to someone outside the school (a
referral, a note, a summary, an export, an API call) calls `disclose`. It decides whether
a current consent or another recorded legal basis covers this recipient, these elements
and this purpose, and writes the DisclosureRecord in the same transaction as the caller's
own writes. When nothing covers it, it raises NotCovered and writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from village.families.models import Consent, DisclosureRecord, OtherLegalBasis, Student
from village.families.vocab import Channel, DataElement, Purpose
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


def disclose(
    actor: Any,
    student: Student,
    recipient: Organization,
    elements: Iterable[str],
    purpose: str,
    channel: str,
    *,
    purpose_detail: str = "",
) -> DisclosureRecord:
    """Record a disclosure if it is covered, inside the caller's transaction; raise NotCovered if not."""
    wanted = sorted(set(elements))
    if not wanted:
        raise ValueError("A disclosure names at least one data element.")
    unknown = set(wanted) - set(DataElement.values)
    if unknown:
        raise ValueError(f"Unknown data elements: {sorted(unknown)}")
    if purpose not in Purpose.values or channel not in Channel.values:
        raise ValueError("Unknown purpose or channel.")
    with transaction.atomic():
        student = Student.objects.select_for_update().get(pk=student.pk)
        if student.anonymized_at is not None or student.district.region_id != recipient.region_id:
            raise NotCovered(_("This student's information cannot be shared with this partner."), wanted)
        basis = find_basis(student, recipient, wanted, purpose, lock=True)
        if basis is None:
            raise NotCovered(
                _(
                    "No current consent covers sharing this information with %(partner)s for this purpose. "
                    "Nothing was shared."
                )
                % {"partner": recipient.name},
                wanted,
            )
        record = DisclosureRecord(
            district_id=student.district_id,
            student=student,
            disclosed_by=actor if actor is not None and actor.is_authenticated else None,
            recipient=recipient,
            elements=wanted,
            purpose=purpose,
            purpose_detail=purpose_detail,
            consent=basis if isinstance(basis, Consent) else None,
            legal_basis=basis if isinstance(basis, OtherLegalBasis) else None,
            channel=channel,
            disclosed_at=timezone.now(),
        )
        record.save()
    return record
