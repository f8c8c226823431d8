"""The partner staff section of the home page: their partnerships, signatures awaited, tasks, reports due."""

from __future__ import annotations

from django import template
from django.db.models import F
from django.template import Context
from django.utils import timezone

from village.accounts.models import Role
from village.accounts.predicates import organization_ids
from village.partnerships.access import visible_partnerships
from village.partnerships.models import Agreement, AgreementMetric, PartnershipOrganization, PlanTask, TaskStatus

register = template.Library()


@register.inclusion_tag("partnerships/_home_partner.html", takes_context=True)
def partner_home(context: Context) -> dict[str, object]:
    user = context["request"].user
    orgs = organization_ids(user, Role.PARTNER_STAFF)
    if not orgs:
        return {"show": False}
    today = timezone.localdate()
    partnerships = list(visible_partnerships(user).select_related("district").order_by("name"))
    signer_of = set(
        PartnershipOrganization.objects.filter(signer=user, organization_id__in=orgs).values_list(
            "partnership_id", "organization_id"
        )
    )
    awaiting = []
    agreements = Agreement.objects.filter(partnership_id__in=[p for p, _o in signer_of]).prefetch_related(
        "versions__signatures"
    )
    for agreement in agreements:
        latest = max(agreement.versions.all(), key=lambda v: v.number, default=None)
        if latest is None:
            continue
        signed = {s.organization_id for s in latest.signatures.all()}
        if any(pid == agreement.partnership_id and oid not in signed for pid, oid in signer_of):
            awaiting.append((agreement, latest))
    tasks = (
        PlanTask.objects.filter(owner=user)
        .exclude(status=TaskStatus.DONE)
        .select_related("partnership")
        .order_by("due_date")[:20]
    )
    reports = []
    metrics = AgreementMetric.objects.filter(
        version__agreement__partnership__in=partnerships,
        version__agreement__active_version=F("version"),
        version__end_date__gte=today,
    ).select_related("version__agreement")
    for metric in metrics:
        due = metric.next_report_date(today)
        if due is not None:
            reports.append((due, metric))
    reports.sort(key=lambda r: r[0])
    return {
        "show": True,
        "partnerships": partnerships,
        "awaiting": awaiting,
        "tasks": tasks,
        "reports": reports[:10],
        "today": today,
    }
