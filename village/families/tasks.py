"""Background work of the families app."""

from __future__ import annotations

from pathlib import Path

from django.core.files.storage import default_storage
from django.tasks import task

from village.families.models import RosterSync


@task()
def run_roster_sync(sync_id: int) -> str:
    """Run a stored roster sync; progress and rejections are written to its row."""
    from village.families.roster import run

    sync = RosterSync.objects.select_related("district", "started_by").get(pk=sync_id)
    result = run(sync, Path(default_storage.path(sync.stored_path)))
    return str(result.status)
