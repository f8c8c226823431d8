"""Consent, other legal bases, the directory opt-out and disclosures: every write about sharing student information."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from village.accounts.models import User
from village.audit.actions import record
from village.families.disclosure import NotCovered, find_basis
from village.families.models import (
    Consent,
    ConsentMethod,
    DisclosureRecord,
    HouseholdMember,
    LegalBasisKind,
    OtherLegalBasis,
    SignerRelationship,
    Student,
)
from village.families.scans import BadScan, check_scan
from village.families.vocab import Channel, DataElement, Purpose
from village.orgs.models import Organization


@dataclass(frozen=True)
class ConsentTerms:
    recipient: Organization | None
    elements: Sequence[str]
    purpose: str
    purpose_detail: str
    valid_until: date | None
    signer_name: str
    signer_relationship: str
    valid_from: date | None = None


def _validate_terms(student: Student, terms: ConsentTerms) -> None:
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if terms.recipient is None or terms.recipient.region_id != student.district.region_id:
        errors["recipient"] = [_("Choose a partner organization from Village's directory.")]
    if not terms.elements or set(terms.elements) - set(DataElement.values):
        errors["elements"] = [_("Choose at least one kind of information to share.")]
    if terms.purpose not in Purpose.values:
        errors["purpose"] = [_("Choose a purpose.")]
    elif terms.purpose == Purpose.OTHER and not terms.purpose_detail.strip():
        errors["purpose_detail"] = [_("Describe the purpose in a few words.")]
    if terms.valid_until is None:
        errors["valid_until"] = [_("Say until when the consent lasts.")]
    elif terms.valid_until < today:
        errors["valid_until"] = [_("The end date is in the past. Choose today or a later date.")]
    elif terms.valid_from and terms.valid_until < terms.valid_from:
        errors["valid_until"] = [_("The end date is before the start date.")]
    if not terms.signer_name.strip():
        errors["signer_name"] = [_("Type the full name of the person signing.")]
    if terms.signer_relationship not in SignerRelationship.values:
        errors["signer_relationship"] = [_("Say how the signer is related to the student.")]
    elif terms.signer_relationship == SignerRelationship.ADULT_STUDENT:
        age = student.age_on(today)
        if age is None or age < 18:
            errors["signer_relationship"] = [_("A student may sign for themselves only once they are 18.")]
    if errors:
        raise ValidationError(errors)


def give_consent(actor: User, student: Student, terms: ConsentTerms, *, confirmed: bool) -> Consent:
    """A parent, guardian or adult student signs a consent in Village (typed name and confirmation)."""
    if not confirmed:
        raise ValidationError({"confirm": [_("Tick the box to confirm you agree.")]})
    _validate_terms(student, terms)
    if terms.signer_relationship == SignerRelationship.ADULT_STUDENT:
        if student.user_id != actor.pk:
            raise ValidationError({"signer_relationship": [_("Only the student can sign as the student.")]})
    else:
        link = (
            HouseholdMember.objects.filter(household_id=student.household_id, user=actor).first()
            if student.household_id
            else None
        )
        if link is None or link.relationship not in ("parent", "guardian"):
            raise ValidationError(
                {"signer_relationship": [_("Only a parent or legal guardian can sign for a student under 18.")]}
            )
    assert terms.recipient is not None and terms.valid_until is not None  # validated above
    with transaction.atomic():
        now = timezone.now()
        consent = Consent.objects.create(
            district_id=student.district_id,
            student=student,
            household_id=student.household_id,
            recipient=terms.recipient,
            elements=sorted(set(terms.elements)),
            purpose=terms.purpose,
            purpose_detail=terms.purpose_detail.strip(),
            valid_from=terms.valid_from or timezone.localdate(now),
            valid_until=terms.valid_until,
            signed_by=actor,
            signer_name=terms.signer_name.strip(),
            signer_relationship=terms.signer_relationship,
            signed_at=now,
            language=get_language() or "en",
            method=ConsentMethod.ELECTRONIC,
            recorded_by=actor,
        )
        record(actor, "families.consent.given", consent, student_id=student.pk, recipient_id=consent.recipient_id)
    return consent


def record_paper_consent(
    actor: User,
    student: Student,
    terms: ConsentTerms,
    *,
    scan: File[bytes] | None,
    signed_on: date | None,
    language: str,
) -> Consent:
    """Staff record a consent signed on paper; the scan is kept with it."""
    errors: dict[str, list[str]] = {}
    if scan is None:
        errors["scan"] = [_("Attach a scan or photo of the signed form.")]
    else:
        try:
            kind = check_scan(scan)
        except BadScan as exc:
            errors["scan"] = [str(exc)]
        else:
            scan.name = f"consent-scan.{kind.extension}"  # never the uploaded name (`form.html`)
    if signed_on is None or signed_on > timezone.localdate():
        errors["signed_on"] = [_("Give the date written on the form; it cannot be in the future.")]
    try:
        _validate_terms(student, terms)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    assert signed_on is not None and terms.valid_until is not None and terms.recipient is not None
    with transaction.atomic():
        consent = Consent(
            district_id=student.district_id,
            student=student,
            household_id=student.household_id,
            recipient=terms.recipient,
            elements=sorted(set(terms.elements)),
            purpose=terms.purpose,
            purpose_detail=terms.purpose_detail.strip(),
            valid_from=terms.valid_from or signed_on,
            valid_until=terms.valid_until,
            signer_name=terms.signer_name.strip(),
            signer_relationship=terms.signer_relationship,
            signed_at=timezone.make_aware(datetime.combine(signed_on, time(12))),
            language=language,
            method=ConsentMethod.PAPER,
            recorded_by=actor,
            scan=scan,
        )
        consent.save()
        record(actor, "families.consent.recorded", consent, student_id=student.pk, method="paper")
    return consent


def withdraw_consent(actor: User, consent: Consent) -> Consent:
    """Withdraw at once: from this moment no disclosure may rely on it. The row and its history stay."""
    with transaction.atomic():
        locked = Consent.objects.select_for_update().get(pk=consent.pk)
        if locked.withdrawn_at is not None:
            return locked
        locked.withdrawn_at = timezone.now()
        locked.withdrawn_by = actor
        locked.save(update_fields=["withdrawn_at", "withdrawn_by"])
        record(actor, "families.consent.withdrawn", locked, student_id=locked.student_id)
    return locked


def disclose(
    actor: User | None,
    student: Student,
    recipient: Organization,
    elements: Iterable[str],
    purpose: str,
    channel: str,
    *,
    purpose_detail: str = "",
) -> DisclosureRecord:
    """The one door through which student information leaves the school.

    Record a disclosure if a current consent or legal basis covers it, inside the caller's
    transaction; raise NotCovered (and record nothing) if not."""
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


# A health or safety emergency is a basis only while it lasts (34 CFR §99.36).
EMERGENCY_MAX_DAYS = 30


@dataclass(frozen=True)
class LegalBasisTerms:
    kind: str
    recipient: Organization | None
    elements: Sequence[str]
    purpose: str
    justification: str
    valid_from: date | None
    valid_until: date | None


def record_legal_basis(actor: User, student: Student, terms: LegalBasisTerms) -> OtherLegalBasis:
    """Staff record a basis other than consent (emergency, court order, school official): named,
    justified, limited in time. Disclosures under it are still recorded one by one."""
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    start = terms.valid_from or today
    if terms.kind not in LegalBasisKind.values:
        errors["kind"] = [_("Choose the legal basis.")]
    if terms.recipient is None or terms.recipient.region_id != student.district.region_id:
        errors["recipient"] = [_("Choose a partner organization from Village's directory.")]
    if not terms.elements or set(terms.elements) - set(DataElement.values):
        errors["elements"] = [_("Choose at least one kind of information to share.")]
    if terms.purpose not in Purpose.values:
        errors["purpose"] = [_("Choose a purpose.")]
    if len(terms.justification.strip()) < 20:
        errors["justification"] = [_("Explain in a sentence or two why this basis applies (at least 20 characters).")]
    if terms.valid_until is None:
        errors["valid_until"] = [_("Say until when the basis lasts.")]
    elif terms.valid_until < today:
        errors["valid_until"] = [_("The end date is in the past. Choose today or a later date.")]
    elif terms.valid_until < start:
        errors["valid_until"] = [_("The end date is before the start date.")]
    elif terms.kind == LegalBasisKind.HEALTH_SAFETY_EMERGENCY and (terms.valid_until - start).days > EMERGENCY_MAX_DAYS:
        errors["valid_until"] = [
            _("An emergency lasts at most %(days)s days; record a new basis if it continues.")
            % {"days": EMERGENCY_MAX_DAYS}
        ]
    if errors:
        raise ValidationError(errors)
    assert terms.recipient is not None and terms.valid_until is not None  # validated above
    with transaction.atomic():
        basis = OtherLegalBasis.objects.create(
            district_id=student.district_id,
            student=student,
            recipient=terms.recipient,
            kind=terms.kind,
            elements=sorted(set(terms.elements)),
            purpose=terms.purpose,
            justification=terms.justification.strip(),
            valid_from=start,
            valid_until=terms.valid_until,
            recorded_by=actor,
        )
        record(actor, "families.legal_basis.recorded", basis, student_id=student.pk, kind=basis.kind)
    return basis


def end_legal_basis(actor: User, basis: OtherLegalBasis) -> OtherLegalBasis:
    """End at once: no disclosure may rely on it from now on. The row and its history stay."""
    with transaction.atomic():
        locked = OtherLegalBasis.objects.select_for_update().get(pk=basis.pk)
        if locked.ended_at is None:
            locked.ended_at = timezone.now()
            locked.save(update_fields=["ended_at"])
            record(actor, "families.legal_basis.ended", locked, student_id=locked.student_id)
    return locked


def set_directory_opt_out(actor: User, student: Student, opt_out: bool) -> Student:
    if student.directory_opt_out == opt_out:
        return student
    with transaction.atomic():
        student.directory_opt_out = opt_out
        student.save(update_fields=["directory_opt_out"])
        record(actor, "families.student.directory_opt_out_changed", student, opt_out=opt_out)
    return student


def share_student_summary(
    actor: User, student: Student, recipient: Organization, elements: Iterable[str], purpose: str, detail: str = ""
) -> DisclosureRecord:
    """Staff send a partner a summary of the student: allowed only when covered; recorded in one transaction."""
    with transaction.atomic():
        disclosure = disclose(actor, student, recipient, elements, purpose, Channel.SUMMARY, purpose_detail=detail)
        record(actor, "families.student.shared", student, recipient_id=recipient.pk, disclosure_id=disclosure.pk)
    return disclosure
