"""Background work of the referrals app."""

from __future__ import annotations

from django.tasks import task


@task()
def run_allocation(run_id: int) -> str:
    """Solve one stored allocation; its rows and fairness table are written to the run."""
    from django.conf import settings
    from django.utils import translation

    from village.referrals.allocations import compute
    from village.referrals.models import AllocationRun

    run = AllocationRun.objects.select_related("school", "created_by").get(pk=run_id)
    # The reasons stored with each row are written in the language of the coordinator who reviews them.
    with translation.override(run.created_by.preferred_language or settings.LANGUAGE_CODE):
        return str(compute(run).status)
