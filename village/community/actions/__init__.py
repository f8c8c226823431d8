"""Every write about volunteering: posting opportunities, sign-ups and their approval, the
clearances staff record, expiry reminders, and the hours volunteers log and staff confirm
(confirmed hours go to the partnership's shared resources through `partnerships.actions`)."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from village.accounts.models import User
from village.audit.actions import record
from village.community.models import (
    EXPIRY_NOTICE_DAYS,
    Clearance,
    ClearanceKind,
    ClearanceStatus,
    HoursLog,
    HoursStatus,
    Opportunity,
    Signup,
    SignupStatus,
    Volunteer,
)
from village.lib.links import absolute_reverse
from village.messaging.actions import Rendered, queue_each, queue_email
from village.orgs.models import Organization, School
from village.partnerships.actions import add_resource
from village.partnerships.models import Direction, Partnership, ResourceKind

OPPORTUNITY_FIELDS = ("role", "description", "schedule", "skills", "languages", "clearances", "places")


def link_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def post_opportunity(
    actor: User,
    school: School,
    *,
    fields: Mapping[str, object],
    organization: Organization | None = None,
    partnership: Partnership | None = None,
) -> Opportunity:
    """Post a volunteer role at a school. A partnership given must serve the school and, when a
    partner posts, include the partner: its ledger receives the confirmed hours."""
    opportunity = Opportunity(
        district_id=school.district_id,
        school=school,
        organization=organization,
        partnership=partnership,
        created_by=actor,
    )
    for name in OPPORTUNITY_FIELDS:
        if name in fields:
            value = fields[name]
            if name in ("languages", "clearances") and isinstance(value, list | tuple):
                value = sorted({str(v) for v in value})
            setattr(opportunity, name, value)
    unknown = set(opportunity.clearances) - set(ClearanceKind.values)
    if unknown:
        raise ValidationError({"clearances": _("Choose clearances from the list.")})
    if not str(opportunity.role).strip() or not str(opportunity.schedule).strip():
        raise ValidationError(_("Give the role and when volunteers are needed."))
    if partnership is not None:
        serves = partnership.district_id == school.district_id and (
            partnership.district_wide or partnership.schools.filter(pk=school.pk).exists()
        )
        partner_in = organization is None or partnership.members.filter(organization=organization).exists()
        if not serves or not partner_in:
            raise ValidationError({"partnership": _("Choose a partnership that serves this school.")})
    with transaction.atomic():
        opportunity.save()
        record(actor, "community.opportunity.posted", opportunity, school=school.pk)
    return opportunity


def set_open(actor: User, opportunity: Opportunity, is_open: bool) -> None:
    if opportunity.is_open == is_open:
        return
    with transaction.atomic():
        Opportunity.objects.filter(pk=opportunity.pk).update(is_open=is_open)
        record(actor, "community.opportunity.opened" if is_open else "community.opportunity.closed", opportunity)
    opportunity.is_open = is_open


# --- Sign-ups ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignupResult:
    signup: Signup
    link: str  # the volunteer's private page, shown once to someone new ("" when sent by email only)


SIGNED_UP_SUBJECT = gettext_lazy("You signed up to volunteer: %(role)s")
SIGNED_UP_BODY = gettext_lazy(
    "Thank you, %(name)s. The coordinator will look at your sign-up for %(role)s at %(school)s and "
    "tell you by email.\n\nYour private page, where you see your sign-ups and log your hours "
    "(keep it to yourself):\n%(link)s"
)


def sign_up(
    opportunity: Opportunity,
    *,
    name: str,
    email: str,
    phone: str = "",
    language: str,
    message: str = "",
) -> SignupResult:
    """Sign up for an opportunity without an account. Someone new gets a private link (shown and
    emailed); someone the district already knows by that address gets a new link by email only,
    so a person typing another's address learns nothing and reaches nothing."""
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Give your name.")
    try:
        validate_email(email.strip())
    except ValidationError:
        errors["email"] = _("Give an email address we can write to, such as name@example.org.")
    if errors:
        raise ValidationError(errors)
    if not opportunity.is_open:
        raise ValidationError(_("This opportunity no longer takes sign-ups."))
    address = email.strip().lower()
    token = secrets.token_urlsafe(24)
    with transaction.atomic():
        volunteer = (
            Volunteer.objects.select_for_update().filter(district_id=opportunity.district_id, email=address).first()
        )
        new = volunteer is None
        if volunteer is None:
            volunteer = Volunteer(
                district_id=opportunity.district_id,
                name=name.strip(),
                email=address,
                phone=phone.strip(),
                language=language,
                link_hash=link_hash(token),
            )
            volunteer.save()
        elif Signup.objects.filter(opportunity=opportunity, volunteer=volunteer).exists():
            raise ValidationError(
                _("You have already signed up for this opportunity. Your private link was sent to you by email.")
            )
        else:
            Volunteer.objects.filter(pk=volunteer.pk).update(link_hash=link_hash(token))
        signup = Signup(opportunity=opportunity, volunteer=volunteer, district_id=opportunity.district_id)
        signup.message = message.strip()
        signup.save()
        record(None, "community.signup.received", signup, opportunity=opportunity.pk, new_volunteer=new)
        link = absolute_reverse("community:volunteer", token=token)
        with translation.override(volunteer.language):
            values = {"name": volunteer.name, "role": opportunity.role, "school": opportunity.school.name, "link": link}
            mail = Rendered(
                None, str(SIGNED_UP_SUBJECT) % values, str(SIGNED_UP_BODY) % values, volunteer.language, volunteer.email
            )
        queue_email("community.signed_up", [mail], district_id=opportunity.district_id)
    return SignupResult(signup, link if new else "")


def missing_clearances(volunteer: Volunteer, required: Sequence[str], today: datetime.date | None = None) -> list[str]:
    """The required clearances the volunteer has no current record of (none, or only expired ones)."""
    held = {
        c.kind
        for c in volunteer.clearances.filter(kind__in=list(required))
        if c.status(today) != ClearanceStatus.EXPIRED
    }
    return [k for k in required if k not in held]


DECIDED_SUBJECT = gettext_lazy("Your sign-up to volunteer: %(role)s")
APPROVED_BODY = gettext_lazy(
    "Hello %(name)s, your sign-up for %(role)s at %(school)s is approved. When: %(schedule)s. "
    "Log your hours on your private page after each time you volunteer."
)
DECLINED_BODY = gettext_lazy(
    "Hello %(name)s, your sign-up for %(role)s at %(school)s was not approved this time. "
    "Thank you for offering your time."
)


def decide_signup(actor: User, signup: Signup, *, approve: bool, today: datetime.date | None = None) -> None:
    """Approve a sign-up (only once every clearance the role requires is current) or decline it;
    the volunteer is told by email in their language."""
    opportunity = signup.opportunity
    status = SignupStatus.APPROVED if approve else SignupStatus.DECLINED
    if signup.status == status:
        return
    if approve:
        missing = missing_clearances(signup.volunteer, opportunity.clearances, today)
        if missing:
            names = dict(ClearanceKind.choices)
            raise ValidationError(
                _("%(name)s cannot be approved yet: no current record of %(clearances)s. Record the clearances first.")
                % {"name": signup.volunteer.name, "clearances": ", ".join(str(names[k]) for k in missing)}
            )
    volunteer = signup.volunteer
    with transaction.atomic():
        Signup.objects.filter(pk=signup.pk).update(status=status, decided_by=actor, decided_at=timezone.now())
        record(actor, f"community.signup.{status}", signup, opportunity=opportunity.pk)
        with translation.override(volunteer.language):
            values = {
                "name": volunteer.name,
                "role": opportunity.role,
                "school": opportunity.school.name,
                "schedule": opportunity.schedule,
            }
            body = APPROVED_BODY if approve else DECLINED_BODY
            mail = Rendered(
                None, str(DECIDED_SUBJECT) % values, str(body) % values, volunteer.language, volunteer.email
            )
        queue_email("community.signup_decided", [mail], district_id=signup.district_id)
    signup.status = status


# --- Clearances -------------------------------------------------------------------------------


def record_clearance(
    actor: User,
    volunteer: Volunteer,
    *,
    kind: str,
    cleared_on: datetime.date,
    expires_on: datetime.date | None,
    note: str = "",
    today: datetime.date | None = None,
) -> Clearance:
    """Record a clearance the volunteer showed (Village keeps its status and dates only)."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if kind not in ClearanceKind.values:
        errors["kind"] = _("Choose a clearance from the list.")
    if cleared_on > today:
        errors["cleared_on"] = _("A clearance is recorded once it is given: the date cannot be in the future.")
    if expires_on is not None and expires_on <= cleared_on:
        errors["expires_on"] = _("The expiry date must come after the date it was cleared.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        clearance = Clearance(
            volunteer=volunteer,
            district_id=volunteer.district_id,
            kind=kind,
            cleared_on=cleared_on,
            expires_on=expires_on,
            note=note.strip(),
            recorded_by=actor,
        )
        clearance.save()
        record(actor, "community.clearance.recorded", clearance, volunteer=volunteer.pk, kind=kind)
    return clearance


EXPIRING_SUBJECT = gettext_lazy("Your %(clearance)s expires on %(date)s")
EXPIRING_BODY = gettext_lazy(
    "Hello %(name)s, the %(clearance)s recorded for your volunteering expires on %(date)s. "
    "Please renew it and show it to the school's coordinator, so you can keep volunteering."
)
STAFF_EXPIRING_SUBJECT = gettext_lazy("A volunteer's clearance expires on %(date)s")
STAFF_EXPIRING_BODY = gettext_lazy(
    "The %(clearance)s of %(name)s, who volunteers as %(role)s, expires on %(date)s. "
    "Record the renewed clearance when they show it:\n%(link)s"
)


def remind_expiring_clearances(today: datetime.date | None = None) -> int:
    """Tell volunteers (and whoever posted the roles they are approved for) about clearances that
    expire within EXPIRY_NOTICE_DAYS, once each; a clearance already renewed by a later record is
    left alone. Returns how many clearances were reminded."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=EXPIRY_NOTICE_DAYS)
    due = Clearance.objects.select_related("volunteer").filter(
        reminded_at__isnull=True, expires_on__gt=today, expires_on__lte=horizon
    )
    reminded = 0
    for clearance in due:
        volunteer, expires_on = clearance.volunteer, clearance.expires_on
        if expires_on is None:  # never: the filter asks for a date
            continue
        renewed = volunteer.clearances.filter(kind=clearance.kind, expires_on__gt=expires_on).exists()
        signups = list(volunteer.signups.filter(status=SignupStatus.APPROVED).select_related("opportunity__created_by"))
        with transaction.atomic():
            Clearance.objects.filter(pk=clearance.pk).update(reminded_at=timezone.now())
            if renewed or not signups:
                continue
            with translation.override(volunteer.language):
                values = {
                    "name": volunteer.name,
                    "clearance": clearance.get_kind_display(),
                    "date": date_format(expires_on),
                }
                mail = Rendered(
                    None,
                    str(EXPIRING_SUBJECT) % values,
                    str(EXPIRING_BODY) % values,
                    volunteer.language,
                    volunteer.email,
                )
            queue_email("community.clearance_expiring", [mail], district_id=volunteer.district_id)
            for signup in signups:
                opportunity = signup.opportunity
                queue_each(
                    "community.clearance_expiring_staff",
                    [opportunity.created_by],
                    STAFF_EXPIRING_SUBJECT,
                    STAFF_EXPIRING_BODY,
                    district_id=volunteer.district_id,
                    name=volunteer.name,
                    role=opportunity.role,
                    clearance=ClearanceKind(clearance.kind).label,
                    date=expires_on.isoformat(),
                    link=absolute_reverse("community:opportunity", pk=opportunity.pk),
                )
            record(None, "community.clearance.reminded", clearance, volunteer=volunteer.pk)
            reminded += 1
    return reminded


# --- Hours ------------------------------------------------------------------------------------


def log_hours(
    volunteer: Volunteer,
    signup: Signup,
    *,
    date: datetime.date,
    hours: Decimal,
    note: str = "",
    today: datetime.date | None = None,
) -> HoursLog:
    """A volunteer logs the hours they gave on a day, for a sign-up of theirs that was approved."""
    today = today or timezone.localdate()
    if signup.volunteer_id != volunteer.pk:
        raise ValidationError(_("Choose one of your own sign-ups."))
    if signup.status != SignupStatus.APPROVED:
        raise ValidationError({"signup": _("Hours are logged once the coordinator has approved your sign-up.")})
    errors: dict[str, str] = {}
    if date > today:
        errors["date"] = _("Log hours once you have given them: the date cannot be in the future.")
    elif date < timezone.localdate(signup.created_at) - datetime.timedelta(days=1):
        errors["date"] = _("The date is before you signed up.")
    if not Decimal("0.5") <= hours <= Decimal(24):
        errors["hours"] = _("Give the hours of one day, from 0.5 to 24.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        log = HoursLog(signup=signup, district_id=signup.district_id, date=date, hours=hours, note=note.strip())
        log.save()
        record(None, "community.hours.logged", log, signup=signup.pk, hours=str(hours))
    return log


def confirm_hours(actor: User, log: HoursLog, *, confirm: bool) -> None:
    """Staff confirm (or turn down) logged hours. Confirmed hours of an opportunity tied to a
    partnership become a line of that partnership's shared resources (volunteers, in hours)."""
    if log.status != HoursStatus.LOGGED:
        raise ValidationError(_("These hours were already answered."))
    opportunity = log.signup.opportunity
    with transaction.atomic():
        locked = HoursLog.objects.select_for_update().get(pk=log.pk)
        if locked.status != HoursStatus.LOGGED:
            raise ValidationError(_("These hours were already answered."))
        locked.status = HoursStatus.CONFIRMED if confirm else HoursStatus.REJECTED
        locked.confirmed_by = actor
        locked.confirmed_at = timezone.now()
        if confirm and opportunity.partnership is not None:
            direction = Direction.PARTNER_TO_SCHOOL if opportunity.organization_id else Direction.SCHOOL_TO_PARTNER
            locked.resource = add_resource(
                actor,
                opportunity.partnership,
                kind=ResourceKind.VOLUNTEERS,
                direction=direction,
                description=(_("Volunteer hours: %(role)s") % {"role": opportunity.role})[:300],
                hours=locked.hours,
                date=locked.date,
            )
        locked.save()
        record(actor, f"community.hours.{locked.status}", locked, signup=locked.signup_id, hours=str(locked.hours))
    log.status, log.resource = locked.status, locked.resource
