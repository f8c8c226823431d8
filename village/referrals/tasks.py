"""Background work of the referrals app."""

from __future__ import annotations

from django.tasks import task


@task()
def run_allocation(run_id: int) -> str:
    """Solve one stored allocation; its rows and fairness table are written to the run."""
    from village.referrals.allocations import compute
    from village.referrals.models import AllocationRun

    run = AllocationRun.objects.select_related("school").get(pk=run_id)
    return str(compute(run).status)
