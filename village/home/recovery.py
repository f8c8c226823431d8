"""Tasks a dead worker left "running": found and, where running them again is safe, run again.

A task worker killed mid-task (out of memory, a deploy, a lost machine) leaves its task marked
running for ever, and whatever waits on it (an import's progress page, a report's PDF, an
allocation) waits with it. `requeue_stalled_tasks` (cron, every few minutes) marks such a task
failed once it has run longer than any task should, and enqueues it again when the task is one
that is safe to run twice: each of those checks what is already done (an import whose writes
were rolled back with the dead transaction starts again; a release or a PDF already made is not
made twice). Sending tasks are not among them: `reconcile_deliveries` settles those message by
message, asking the provider first, so nobody gets a text twice.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import partial

from django.db import transaction
from django.tasks import Task, TaskResultStatus
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

RERUNNABLE = frozenset(
    {
        "village.directory.actions.imports.run_directory_import",
        "village.families.actions.roster.run_roster_sync",
        "village.indicators.actions.releases.publish_period",
        "village.matching.actions.run_allocation",
        "village.reports.actions.render_pdf",
        "village.transit.actions.run_feed_import",
        "village.transit.actions.compute_windows",
    }
)
STALLED_AFTER = datetime.timedelta(minutes=30)


class WorkerLost(Exception):
    """The worker running this task stopped before it finished (found by requeue_stalled_tasks)."""


@dataclass
class Recovery:
    requeued: list[str] = field(default_factory=list)  # task paths enqueued again
    failed: list[str] = field(default_factory=list)  # marked failed, not safe to run twice


def requeue_stalled(now: datetime.datetime | None = None, after: datetime.timedelta = STALLED_AFTER) -> Recovery:
    """Mark tasks running since before `now - after` failed; enqueue again those safe to rerun."""
    now = now or timezone.now()
    done = Recovery()
    stalled = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=now - after)
    for pk in list(stalled.values_list("pk", flat=True)):
        with transaction.atomic():
            row = DBTaskResult.objects.select_for_update().filter(pk=pk, status=TaskResultStatus.RUNNING).first()
            if row is None:  # it finished, or another run of this command took it
                continue
            row.set_failed(WorkerLost(f"no worker finished it; running since {row.started_at:%Y-%m-%d %H:%M} UTC"))
            if row.task_path in RERUNNABLE:
                task: Task[..., object] = import_string(row.task_path)
                arguments = row.args_kwargs or {}
                transaction.on_commit(partial(task.enqueue, *arguments.get("args", []), **arguments.get("kwargs", {})))
                done.requeued.append(row.task_path)
            else:
                done.failed.append(row.task_path)
    return done
