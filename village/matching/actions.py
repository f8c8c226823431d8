"""Every write of the matching app: allocation runs are started, computed and approved here.

A run's computation is the background half of `start_run`, so its task is defined here too:
the action enqueues it on commit and the task takes only the run's id.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from village.accounts.models import User
from village.directory.models import Service, ServiceStatus
from village.families.disclosure import NotCovered
from village.families.models import Need
from village.matching import runs
from village.matching.models import AllocationRun, AllocationStatus
from village.orgs.models import School
from village.referrals.actions import refer, request_consent
from village.referrals.models import ConsentRequest, RequestState

# What a placement carries to the partner when it becomes a referral.
PLACEMENT_ELEMENTS = ["name", "grade", "school", "needs"]


def start_run(actor: User, school: School, services: Sequence[Service], needs: Sequence[Need]) -> AllocationRun:
    """Check the choice, store it, and run it in the background after commit."""
    if not services:
        raise ValidationError({"services": _("Choose at least one program.")})
    empty = [s for s in services if not runs.seats(s)]
    if empty:
        raise ValidationError(
            {"services": _("%(program)s has no seats to share. Set its seats first.") % {"program": empty[0]}}
        )
    if not needs:
        raise ValidationError({"needs": _("Choose at least one need to place.")})
    with transaction.atomic():
        run = AllocationRun.objects.create(
            district_id=school.district_id, school=school, created_by=actor, total=len(needs)
        )
        run.services.set(services)
        run.needs.set(needs)
        transaction.on_commit(lambda: run_allocation.enqueue(run.pk))
    return run


def compute_run(run: AllocationRun) -> AllocationRun:
    """Solve a stored run and keep its rows and fairness table (or why it could not run)."""
    AllocationRun.objects.filter(pk=run.pk).update(status=AllocationStatus.RUNNING)

    def progress(done: int) -> None:
        AllocationRun.objects.filter(pk=run.pk).update(processed=done)

    outcome = runs.compute(run, progress)
    if outcome.error:
        run.status = AllocationStatus.FAILED
        run.error = outcome.error
    else:
        run.result = outcome.rows
        run.fairness = outcome.fairness
        run.status = AllocationStatus.READY
        run.processed = len(outcome.rows)
    run.save()
    return run


@task()
def run_allocation(run_id: int) -> str:
    """Solve one stored allocation in the background; its rows and fairness table are written to the run."""
    run = AllocationRun.objects.select_related("school", "created_by").get(pk=run_id)
    # The reasons stored with each row are written in the language of the coordinator who reviews them.
    with translation.override(run.created_by.preferred_language or settings.LANGUAGE_CODE):
        return str(compute_run(run).status)


def approve(actor: User, run: AllocationRun, keep: set[int]) -> dict[str, int]:
    """Turn the kept placements into referrals (each through the consent check). A placement
    without consent asks the family instead, unless a request about that service is already
    waiting for them. Approving twice sends nothing twice."""
    if run.status != AllocationStatus.READY:
        raise ValidationError(_("Only an allocation ready for review can be approved."))
    counts = {"referred": 0, "consent_requested": 0, "left_out": 0}
    needs = {n.pk: n for n in Need.objects.filter(pk__in=[r["need"] for r in run.result]).select_related("student")}
    services = {s.pk: s for s in Service.objects.filter(pk__in=[r["service"] for r in run.result if r["service"]])}
    for row in run.result:
        if row["service"] is None:
            continue
        if row["need"] not in keep:
            counts["left_out"] += 1
            continue
        need, service = needs[row["need"]], services[row["service"]]
        if service.status != ServiceStatus.ACTIVE:
            counts["left_out"] += 1
            continue
        try:
            refer(
                actor,
                need.student,
                service,
                elements=PLACEMENT_ELEMENTS,
                need=need,
                submission_key=f"allocation-{run.pk}-{need.pk}",
            )
            counts["referred"] += 1
        except NotCovered:
            # A family already asked about this partner's service (from the referral form) is not asked twice.
            asked = ConsentRequest.objects.filter(
                student=need.student, service=service, state=RequestState.PENDING
            ).exists()
            if not asked:
                request_consent(actor, need.student, service, elements=PLACEMENT_ELEMENTS, need=need)
            counts["consent_requested"] += 1
        except ValidationError:
            counts["left_out"] += 1
    with transaction.atomic():
        AllocationRun.objects.filter(pk=run.pk).update(
            status=AllocationStatus.APPROVED, approved_by=actor, approved_at=timezone.now()
        )
    return counts
