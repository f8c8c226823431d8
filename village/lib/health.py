"""/api/v1/health: is the database reachable, and is the task worker keeping up?"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import connection
from django.http import HttpRequest
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from ninja import Router, Schema, Status

router = Router(tags=["health"])

# A task waiting longer than this means no worker is taking work.
STALE_AFTER = timedelta(minutes=2)


class DatabaseHealth(Schema):
    status: str
    vendor: str


class WorkerHealth(Schema):
    status: str
    queued: int
    oldest_queued_seconds: float | None
    last_finished_at: datetime | None


class Health(Schema):
    status: str
    database: DatabaseHealth
    worker: WorkerHealth


@router.get("/health", auth=None, response={200: Health, 503: Health}, summary="Service health")
def health(request: HttpRequest) -> Status[Health]:
    """Database reachability and task-worker status. `worker.status` is `ok`, `idle` or `stalled`.

    `stalled` means tasks have waited longer than two minutes: no worker is running or it
    cannot keep up. Needs no authentication, so load balancers can poll it.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = DatabaseHealth(status="ok", vendor=connection.vendor)
    except Exception:
        database = DatabaseHealth(status="unavailable", vendor=connection.vendor)
        worker = WorkerHealth(status="unknown", queued=0, oldest_queued_seconds=None, last_finished_at=None)
        return Status(503, Health(status="unavailable", database=database, worker=worker))
    worker = _worker_health()
    overall = "ok" if worker.status != "stalled" else "degraded"
    return Status(200, Health(status=overall, database=database, worker=worker))


def _worker_health() -> WorkerHealth:
    now = timezone.now()
    queued = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    oldest = queued.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    last = (
        DBTaskResult.objects.filter(finished_at__isnull=False)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )
    waited = (now - oldest).total_seconds() if oldest else None
    if waited is not None and waited > STALE_AFTER.total_seconds():
        status = "stalled"
    elif oldest is None:
        status = "idle"
    else:
        status = "ok"
    return WorkerHealth(status=status, queued=queued.count(), oldest_queued_seconds=waited, last_finished_at=last)
