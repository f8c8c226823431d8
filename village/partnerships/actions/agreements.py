"""Writing and signing agreements. A version becomes active only when every party has signed it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from village.accounts.models import User
from village.audit.actions import record
from village.partnerships.actions.partnerships import has_partner_authority, has_school_authority
from village.partnerships.models import Agreement, AgreementMetric, AgreementVersion, Partnership, Signature

VERSION_FIELDS = (
    "purpose",
    "school_roles",
    "partner_roles",
    "decision_authority",
    "data_elements",
    "data_purposes",
    "start_date",
    "end_date",
    "renewal_terms",
)


def _write_version(
    actor: User, agreement: Agreement, number: int, text: dict[str, Any], metrics: list[dict[str, Any]]
) -> AgreementVersion:
    start, end = text.get("start_date"), text.get("end_date")
    if start and end and end < start:
        raise ValidationError({"end_date": _("The agreement cannot end before it starts.")})
    version = AgreementVersion(agreement=agreement, number=number, created_by=actor, **text)
    version.full_clean(exclude=["agreement"])
    version.save()
    AgreementMetric.objects.bulk_create(AgreementMetric(version=version, **m) for m in metrics)
    return version


def create_agreement(
    actor: User, partnership: Partnership, title: str, text: dict[str, Any], metrics: list[dict[str, Any]]
) -> Agreement:
    """Write an agreement's first version. Nobody has signed it yet."""
    with transaction.atomic():
        agreement = Agreement.objects.create(partnership=partnership, district_id=partnership.district_id, title=title)
        version = _write_version(actor, agreement, 1, text, metrics)
        record(actor, "partnerships.agreement.created", agreement, version=version.number)
    return agreement


def revise_agreement(
    actor: User, agreement: Agreement, text: dict[str, Any], metrics: list[dict[str, Any]]
) -> AgreementVersion:
    """Write a new version. Signatures on older versions stay, but every party must sign the new one."""
    with transaction.atomic():
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        last = locked.versions.order_by("-number").values_list("number", flat=True).first() or 0
        version = _write_version(actor, locked, last + 1, text, metrics)
        record(actor, "partnerships.agreement.revised", locked, version=version.number)
    return version


def parties(agreement: Agreement) -> list[tuple[int | None, str]]:
    """(organization id or None for the school side, label) for every party that must sign."""
    partnership = agreement.partnership
    found: list[tuple[int | None, str]] = [(None, partnership.district.name)]
    for member in partnership.members.select_related("organization"):
        found.append((member.organization_id, member.organization.name))
    return found


def sign_version(
    actor: User, version: AgreementVersion, organization_id: int | None, ip_address: str | None
) -> Signature:
    """Record one party's acceptance of one version.

    Refused when the version is not the latest (the signer must read the latest text), when
    the person is not that party's designated signer or no longer has the authority, or
    when that party already signed. The version becomes active once every party signed.
    """
    with transaction.atomic():
        agreement = (
            Agreement.objects.select_for_update().select_related("partnership__district").get(pk=version.agreement_id)
        )
        partnership = agreement.partnership
        latest = agreement.versions.order_by("-number").first()
        if latest is None or latest.pk != version.pk:
            raise ValidationError(
                _(
                    "Version %(old)s was replaced by version %(new)s. Read version %(new)s and sign it instead: "
                    "a signature accepts one exact text."
                )
                % {"old": version.number, "new": latest.number if latest else version.number}
            )
        if organization_id is None:
            designated = partnership.school_signer_id
            authorised = has_school_authority(actor, partnership)
        else:
            member = partnership.members.filter(organization_id=organization_id).first()
            if member is None:
                raise ValidationError(_("That organization is not a party to this agreement."))
            designated = member.signer_id
            authorised = has_partner_authority(actor, organization_id)
        if designated is None or designated != actor.pk or not authorised:
            raise ValidationError(_("You are not the authorized signer for this party."))
        already = (
            version.signatures.filter(organization__isnull=True)
            if organization_id is None
            else version.signatures.filter(organization_id=organization_id)
        )
        if already.exists():
            raise ValidationError(_("This party has already signed this version."))
        signature = Signature.objects.create(
            version=version, organization_id=organization_id, signer=actor, ip_address=ip_address
        )
        record(
            actor,
            "partnerships.agreement.signed",
            agreement,
            version=version.number,
            organization=organization_id,
            ip=ip_address,
        )
        signed = set(version.signatures.values_list("organization_id", flat=True))
        if all(party in signed for party, _label in parties(agreement)):
            agreement.active_version = version
            agreement.save(update_fields=["active_version"])
            record(actor, "partnerships.agreement.activated", agreement, version=version.number)
    return signature
