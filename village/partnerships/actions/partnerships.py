"""Creating partnerships, their two sides, and their status history."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from village.accounts.models import Membership, Role, User
from village.audit.actions import record
from village.lib.changes import changed_fields
from village.messaging.actions import Rendered, queue_email
from village.orgs.models import District, Organization, School
from village.partnerships.models import Partnership, PartnershipOrganization, PartnershipStatus, StatusChange


def has_school_authority(user: User, partnership: Partnership) -> bool:
    """May sign for the school side: the district's lead, or a coordinator of one of its schools."""
    if user is None:
        return False
    held = Membership.objects.active().filter(user=user)
    if held.filter(role=Role.DISTRICT_LEAD, district_id=partnership.district_id, school__isnull=True).exists():
        return True
    coordinators = held.filter(role=Role.SCHOOL_COORDINATOR, district_id=partnership.district_id)
    if partnership.district_wide:
        return coordinators.exists()
    return coordinators.filter(school__in=partnership.schools.all()).exists()


def has_partner_authority(user: User, organization_id: int) -> bool:
    """May sign for a partner: active staff of that organization."""
    if user is None:
        return False
    return (
        Membership.objects.active().filter(user=user, role=Role.PARTNER_STAFF, organization_id=organization_id).exists()
    )


def _check_schools(district: District, district_wide: bool, schools: Iterable[School]) -> list[School]:
    chosen = list(schools)
    if any(s.district_id != district.pk for s in chosen):
        raise ValidationError({"schools": _("Every school must belong to the partnership's district.")})
    if not district_wide and not chosen:
        raise ValidationError({"schools": _("Choose at least one school, or make the partnership district-wide.")})
    return chosen


def create_partnership(
    actor: User,
    district: District,
    *,
    schools: Iterable[School],
    organizations: Iterable[Organization],
    **fields: object,
) -> Partnership:
    """Start a partnership.

    A district lead or coordinator starts it for the school side and becomes its school-side
    champion and signer when they may sign. Partner staff propose it: it starts as
    "exploring", they become champion and signer for their own organizations, and the
    school side (the schools' coordinators, or the district lead) is told by email.
    """
    orgs = list(organizations)
    if not orgs:
        raise ValidationError({"organizations": _("Choose at least one partner organization.")})
    if any(o.region_id != district.region_id for o in orgs):
        raise ValidationError({"organizations": _("Partner organizations must be in the district's region.")})
    own = {
        m.organization_id
        for m in Membership.objects.active().filter(user=actor, role=Role.PARTNER_STAFF, organization__in=orgs)
    }
    with transaction.atomic():
        partnership = Partnership(district=district, created_by=actor, **fields)
        chosen = _check_schools(district, partnership.district_wide, schools)
        partnership.full_clean()
        partnership.save()
        partnership.schools.set(chosen)
        school_side = has_school_authority(actor, partnership)
        if school_side:
            partnership.school_champion = partnership.school_champion or actor
            partnership.school_signer = partnership.school_signer or actor
            partnership.save(update_fields=["school_champion", "school_signer"])
        elif not own:
            raise ValidationError(
                {"organizations": _("Choose your own organization: partner staff propose partnerships for it.")}
            )
        elif partnership.status != PartnershipStatus.EXPLORING:
            raise ValidationError({"status": _("A partnership proposed by a partner starts as exploring.")})
        PartnershipOrganization.objects.bulk_create(
            PartnershipOrganization(
                partnership=partnership,
                organization=o,
                champion=actor if o.pk in own and not school_side else None,
                signer=actor if o.pk in own and not school_side else None,
            )
            for o in orgs
        )
        StatusChange.objects.create(partnership=partnership, to_status=partnership.status, changed_by=actor)
        record(actor, "partnerships.partnership.created", partnership, organizations=[o.pk for o in orgs])
        if not school_side:
            _tell_school_side_of_proposal(actor, partnership)
    return partnership


def school_side_people(partnership: Partnership) -> list[User]:
    """Who answers for the school side: the schools' coordinators, else the district's leads."""
    held = Membership.objects.active().select_related("user")
    coordinators = held.filter(role=Role.SCHOOL_COORDINATOR, district_id=partnership.district_id)
    if not partnership.district_wide:
        coordinators = coordinators.filter(school__in=partnership.schools.all())
    people = {m.user for m in coordinators}
    if not people:
        people = {
            m.user
            for m in held.filter(role=Role.DISTRICT_LEAD, district_id=partnership.district_id, school__isnull=True)
        }
    return sorted(people, key=lambda u: u.pk)


def _tell_school_side_of_proposal(actor: User, partnership: Partnership) -> None:
    messages = []
    for person in school_side_people(partnership):
        language = person.preferred_language or "en"
        with translation.override(language):
            subject = _("A partner proposes a partnership: %(name)s") % {"name": partnership.name}
            body = _(
                "Hello %(name)s,\n\n%(proposer)s proposes the partnership “%(partnership)s” with your school. "
                "Open it in Village to name your champion and signer, and to agree the next steps together."
            ) % {"name": person.name, "proposer": actor.name, "partnership": partnership.name}
        messages.append(Rendered(person, subject, body, language))
    queue_email("partnerships.proposed", messages, district_id=partnership.district_id)


def _check_school_people(partnership: Partnership) -> None:
    for field in ("school_champion", "school_backup", "school_signer"):
        person = getattr(partnership, field)
        if person is not None and not has_school_authority(person, partnership):
            raise ValidationError(
                {field: _("This person is neither the district lead nor a coordinator at the partnership's schools.")}
            )
    if partnership.school_champion_id and partnership.school_champion_id == partnership.school_backup_id:
        raise ValidationError({"school_backup": _("The backup must be someone other than the champion.")})


def update_partnership(
    actor: User, partnership: Partnership, changed: list[str], schools: Iterable[School] | None = None
) -> Partnership:
    """Save the school side's edits (fields already set on the object by a form)."""
    with transaction.atomic():
        if schools is not None:
            chosen = _check_schools(partnership.district, partnership.district_wide, schools)
            partnership.save()
            partnership.schools.set(chosen)
            partnership._school_ids = {s.pk for s in chosen}  # type: ignore[attr-defined]
        _check_school_people(partnership)
        partnership.save()
        if changed:
            record(actor, "partnerships.partnership.updated", partnership, fields=changed)
    return partnership


def update_partner_side(actor: User, member: PartnershipOrganization, services: str | None = None) -> None:
    """Save one organization's champion, backup and signer (and the services text, which partners own).

    Saving them unchanged writes nothing.
    """
    for field in ("champion", "backup", "signer"):
        person = getattr(member, field)
        if person is not None and not has_partner_authority(person, member.organization_id):
            raise ValidationError(
                {
                    field: _("%(person)s does not work for %(organization)s.")
                    % {"person": person, "organization": member.organization}
                }
            )
    if member.champion_id and member.champion_id == member.backup_id:
        raise ValidationError({"backup": _("The backup must be someone other than the champion.")})
    partnership = member.partnership
    changed = changed_fields(member)
    new_services = services is not None and services != partnership.services
    if not changed and not new_services:
        return
    with transaction.atomic():
        if changed:
            member.save()
        if new_services and services is not None:
            partnership.services = services
            partnership.save(update_fields=["services"])
        record(actor, "partnerships.partner_side.updated", partnership, organization=member.organization_id)


def change_status(actor: User, partnership: Partnership, status: str, note: str = "") -> Partnership:
    if status not in PartnershipStatus.values:
        raise ValidationError(_("Choose a valid status."))
    if status == partnership.status:
        return partnership
    with transaction.atomic():
        StatusChange.objects.create(
            partnership=partnership, from_status=partnership.status, to_status=status, changed_by=actor, note=note
        )
        old = partnership.status
        partnership.status = status
        partnership.save(update_fields=["status"])
        record(actor, "partnerships.partnership.status_changed", partnership, old=old, new=status)
    return partnership
