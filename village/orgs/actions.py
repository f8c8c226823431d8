"""Every write to the tenancy tree (regions, districts, schools, partner organizations), and the
roles people hold in it: granting a role tells the person, in their language."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from village.accounts.actions import grant_membership
from village.accounts.models import STAFF_ROLES, Membership, Role, User
from village.audit.actions import record
from village.lib.links import absolute_reverse
from village.messaging.actions import Rendered, queue_email
from village.orgs.models import District, Organization, Region, School

ROLE_SUBJECT = gettext_lazy("Village: you now have the role %(role)s at %(place)s")
ROLE_BODY = gettext_lazy(
    "Hello %(name)s,\n\n"
    "You now have the role %(role)s at %(place)s in Village, where schools, families and community "
    "partners work together.\n\n"
    "Sign in here: %(link)s\n\n"
    "You do not need a password. Type your email address (%(email)s) and Village will email you a "
    "short code to sign in."
)
ROLE_BODY_STAFF = gettext_lazy(
    "This role lets you see information about students and families, so the first time you sign in "
    "Village will ask you to set up two-step sign-in with an authenticator app on your phone."
)


def grant_role(
    actor: User | None,
    *,
    email: str,
    name: str,
    role: str,
    district: District | None = None,
    school: School | None = None,
    organization: Organization | None = None,
    title: str = "",
    language: str = "",
) -> Membership:
    """Give a person a role (`village.accounts.actions.grant_membership`) and tell them, in their
    language, with a link to sign in. A new person gets `language` as theirs; someone who has an
    account keeps their own. The message is queued in the same transaction, so a refused grant
    sends nothing."""
    with transaction.atomic():
        membership = grant_membership(
            actor,
            email=email,
            name=name,
            role=role,
            district=district,
            school=school,
            organization=organization,
            title=title,
            language=language,
        )
        tell_role(membership, language)
    return membership


def tell_role(membership: Membership, language: str = "") -> None:
    """Queue the message telling a person about a role they were given, in their saved language
    (else `language`, else the site's)."""
    person = membership.user
    language = person.preferred_language or language or settings.LANGUAGE_CODE
    with translation.override(language):
        values = {
            "name": person.name or person.email,
            "role": str(Role(membership.role).label),
            "place": membership.scope_name,
            "link": absolute_reverse("account_request_login_code"),
            "email": person.email,
        }
        body = str(ROLE_BODY) % values
        if membership.role in STAFF_ROLES:
            body = f"{body}\n\n{ROLE_BODY_STAFF}"
        message = Rendered(person, str(ROLE_SUBJECT) % values, body, language)
    queue_email(
        "orgs.role.granted",
        [message],
        district_id=membership.district_id or (membership.school.district_id if membership.school else None),
    )


def start_district(
    actor: User | None,
    *,
    region_name: str,
    region_slug: str,
    name: str,
    slug: str,
    lead_email: str,
    lead_name: str,
    language: str,
    nces_id: str = "",
) -> District:
    """Start a district: its region (created, or reused when one has this short name), the district,
    and its first lead, invited by email in `language`. All of it, or nothing."""
    with transaction.atomic():
        region = Region.objects.filter(slug=region_slug).first()
        if region is None:
            region = create_region(actor, name=region_name.strip(), slug=region_slug)
        if District.objects.filter(slug=slug).exists():
            raise ValidationError({"slug": _("A district with this short name exists already.")}, code="taken")
        district = create_district(actor, region, name=name.strip(), slug=slug, nces_id=nces_id.strip())
        record(actor, "orgs.district.started", district, district_id=district.pk, region=region.slug)
        grant_role(
            actor, email=lead_email, name=lead_name, role=Role.DISTRICT_LEAD, district=district, language=language
        )
    return district


def create_region(actor: User | None, *, name: str, slug: str) -> Region:
    """Start a Village region (an operator's step: `actor` is None for a command run by the operator)."""
    with transaction.atomic():
        region = Region(name=name, slug=slug)
        region.full_clean()
        region.save()
        record(actor, "orgs.region.created", region)
    return region


def create_district(actor: User | None, region: Region, *, name: str, slug: str, nces_id: str = "") -> District:
    """Add a school district to a region (an operator's step, like `create_region`)."""
    with transaction.atomic():
        district = District(region=region, name=name, slug=slug, nces_id=nces_id)
        district.full_clean()
        district.save()
        record(actor, "orgs.district.created", district, district_id=district.pk)
    return district


def create_school(actor: User | None, district: District, **fields: object) -> School:
    with transaction.atomic():
        school = School(district=district, **fields)
        school.full_clean()
        school.save()
        record(actor, "orgs.school.created", school)
    return school


def update_school(actor: User | None, school: School, changed: list[str]) -> School:
    """Save a school whose fields were already set and validated (by a form); audit the changed names."""
    if not changed:
        return school
    with transaction.atomic():
        school.save()
        record(actor, "orgs.school.updated", school, fields=changed)
    return school


def create_organization(actor: User | None, region: Region, **fields: object) -> Organization:
    """Add a partner organization to the region's directory (`actor` None: an operator's command)."""
    with transaction.atomic():
        org = Organization(region=region, **fields)
        org.full_clean()
        org.save()
        record(actor, "orgs.organization.created", org)
    return org


def import_organization(actor: User, region: Region, *, name: str, partner_type: str) -> Organization:
    """A partner organization named in an import of partnerships (audited as imported)."""
    with transaction.atomic():
        org = Organization(region=region, name=name, partner_type=partner_type)
        org.full_clean()
        org.save()
        record(actor, "orgs.organization.imported", org)
    return org


def update_organization(actor: User, org: Organization, changed: list[str]) -> Organization:
    if not changed:
        return org
    with transaction.atomic():
        org.save()
        record(actor, "orgs.organization.updated", org, fields=changed)
    return org


def save_imported_organizations(
    new: list[Organization], changed: list[Organization], fields: list[str], *, batch_size: int = 2000
) -> None:
    """Add and update organizations in bulk, with their history, inside the caller's transaction.

    For an import that validated them and records its own audit event (the directory's).
    `changed` rows are written in small batches: bulk_update writes one CASE per field.
    """
    with transaction.atomic():
        bulk_create_with_history(new, Organization, batch_size=batch_size)
        if changed:
            bulk_update_with_history(changed, Organization, fields, batch_size=200)
