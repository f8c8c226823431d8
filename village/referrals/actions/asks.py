"""A family asks the school for a service it found: a need for the child, a request on the
school's worklist, and nothing for the partner (no referral, no disclosure) until the school
refers with the family's consent."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from village.accounts.models import Membership, Role, User
from village.audit.actions import record
from village.directory.models import Service, ServiceStatus
from village.families.actions import add_need
from village.families.models import Student
from village.families.vocab import NeedCategory, NeedSource
from village.referrals.actions import _tell
from village.referrals.models import FamilyAsk


def need_categories_of(service: Service) -> list[str]:
    """The needs a service answers, in the taxonomy's order; every need when it names none."""
    codes = {term.code for term in service.categories.all()}
    return [c for c in NeedCategory.values if c in codes] or list(NeedCategory.values)


def ask_for_service(
    actor: User,
    student: Student,
    service: Service,
    *,
    category: str = "",
    description: str = "",
    submission_key: str,
) -> FamilyAsk:
    """Open a need for the child, in the family's words, and put the ask on the school's worklist;
    the school's coordinators are told in their language. The partner hears nothing. Posting the
    same form twice returns the first ask."""
    existing = FamilyAsk.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        return existing
    if service.status != ServiceStatus.ACTIVE:
        raise ValidationError({"service": _("This service is not taking new families: it is closed or inactive.")})
    if student.anonymized_at is not None or student.status != "enrolled":
        raise ValidationError(_("This child is no longer enrolled."))
    categories = need_categories_of(service)
    category = category or categories[0]
    if category not in categories:
        raise ValidationError({"category": _("Choose a kind of help this service gives.")})
    try:
        with transaction.atomic():
            need = add_need(
                actor,
                student,
                category=category,
                description=description.strip(),
                source=NeedSource.FAMILY,
            )
            ask = FamilyAsk.objects.create(
                district_id=student.district_id,
                student=student,
                need=need,
                service=service,
                asked_by=actor,
                submission_key=submission_key,
            )
            record(actor, "referrals.family_ask.made", ask, student_id=student.pk, service_id=service.pk)
            _tell(
                [
                    m.user
                    for m in Membership.objects.active()
                    .filter(role=Role.SCHOOL_COORDINATOR, school_id=student.school_id)
                    .select_related("user")
                ],
                "referrals.family_ask",
                student.district_id,
                gettext_lazy("A family asks for %(service)s"),
                gettext_lazy(
                    "The family of %(child)s asks the school for %(service)s. Nothing has been shared with the "
                    "partner. Refer the child, or ask the family for consent first: %(path)s"
                ),
                service=service.name,
                child=student.given_name,
                path=reverse("referrals:refer", kwargs={"pk": need.pk, "service_pk": service.pk}),
            )
    except IntegrityError:
        # A second post with the same key raced the first one: return what the first made.
        found = FamilyAsk.objects.filter(submission_key=submission_key).first()
        if found is None:
            raise
        return found
    return ask
