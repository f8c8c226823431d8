from __future__ import annotations

from django.tasks import task


@task()
def run_directory_import(job_id: int) -> str:
    """Run a stored directory import; progress and rejections are written to its row."""
    from pathlib import Path

    from django.core.files.storage import default_storage

    from village.directory.imports import run
    from village.directory.models import DirectoryImport

    job = DirectoryImport.objects.select_related("region", "started_by").get(pk=job_id)
    return str(run(job, Path(default_storage.path(job.source))).status)
