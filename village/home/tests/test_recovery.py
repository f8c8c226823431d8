"""A worker killed mid-task: the task is found, marked failed, and run again where that is safe."""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conftest import World
from village.transit.models import FeedVersion, WindowMatrix
from village.transit.travel import DEFAULT_WINDOWS

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
ROOT = Path(__file__).resolve().parents[3]


def _die(row: DBTaskResult, minutes_ago: int) -> None:
    """What a worker killed mid-task leaves behind: the task claimed and running, no one running it."""
    row.claim("worker-that-died")
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=timezone.now() - datetime.timedelta(minutes=minutes_ago))


@pytest.mark.django_db
def test_stalled_tasks_are_failed_and_the_safe_ones_enqueued_again_once(
    settings: Any, capsys: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from village.messaging.actions import deliver
    from village.transit.actions import compute_windows

    settings.TASKS = DB_TASKS
    windows = DBTaskResult.objects.get(pk=compute_windows.enqueue(987654).id)
    sending = DBTaskResult.objects.get(pk=deliver.enqueue(123).id)
    recent = DBTaskResult.objects.get(pk=compute_windows.enqueue(111).id)
    _die(windows, 45)
    _die(sending, 45)
    _die(recent, 5)  # running for five minutes: maybe still working, left alone

    with django_capture_on_commit_callbacks(execute=True):
        call_command("requeue_stalled_tasks")

    out = capsys.readouterr().out
    assert "1 requeued, 1 marked failed" in out and "not safe to run twice: village.messaging" in out
    windows.refresh_from_db()
    sending.refresh_from_db()
    assert windows.status == sending.status == TaskResultStatus.FAILED
    assert windows.exception_class_path == "village.home.recovery.WorkerLost"
    again = DBTaskResult.objects.exclude(pk__in=[windows.pk, sending.pk, recent.pk]).get()
    assert (again.status, again.task_path, again.args_kwargs["args"]) == (
        TaskResultStatus.READY,
        "village.transit.actions.compute_windows",
        [987654],
    )
    assert DBTaskResult.objects.get(pk=recent.pk).status == TaskResultStatus.RUNNING
    # A second run finds nothing more to do.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("requeue_stalled_tasks")
    assert DBTaskResult.objects.count() == 4


def _worker(*extra: str, var_dir: Path | None = None) -> subprocess.Popen[bytes]:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {
        **os.environ,
        "VILLAGE_ENV": "development",
        "DATABASE_URL": url,
        "VILLAGE_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }
    env.pop("VILLAGE_TEST_DATABASE_URL", None)
    if var_dir is not None:  # where its mail goes
        env["VILLAGE_VAR_DIR"] = str(var_dir)
    command = [
        sys.executable,
        "manage.py",
        "db_worker",
        "--no-reload",
        "--no-startup-delay",
        "--interval",
        "0.2",
        *extra,
    ]
    return subprocess.Popen(  # noqa: S603 (this Python, manage.py and fixed arguments)
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_while_computing_bus_times_is_recovered(settings: Any, world: World) -> None:
    """A real worker process, killed with SIGKILL halfway through a feed's travel-time matrices."""
    if connection.vendor != "postgresql":
        pytest.skip("A second process shares the test database only on PostgreSQL (SQLite's is in memory).")
    from village.transit.actions import import_feed_now
    from village.transit.tests.feeds import cairns_path

    settings.TASKS = DB_TASKS
    import_feed_now(None, world.region, cairns_path(), name="sunbus", dry_run=False)
    row = DBTaskResult.objects.get(task_path="village.transit.actions.compute_windows")
    worker = _worker()
    try:
        deadline = time.monotonic() + 120
        while not WindowMatrix.objects.exists():  # killed once it has written part of its work
            assert time.monotonic() < deadline, "the worker never started the task"
            time.sleep(0.05)
        os.killpg(worker.pid, signal.SIGKILL)  # the worker and anything it started, with no chance to clean up
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
    row.refresh_from_db()
    assert row.status == TaskResultStatus.RUNNING  # and it would stay so for ever
    assert WindowMatrix.objects.count() < len(DEFAULT_WINDOWS)

    call_command("requeue_stalled_tasks", "--minutes", "0")
    rerun = _worker("--batch")
    assert rerun.wait(timeout=300) == 0

    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED
    again = DBTaskResult.objects.exclude(pk=row.pk).get(task_path="village.transit.actions.compute_windows")
    assert again.status == TaskResultStatus.SUCCESSFUL
    version = FeedVersion.objects.get(is_current=True)
    assert WindowMatrix.objects.filter(version=version).count() == len(DEFAULT_WINDOWS)


@pytest.mark.django_db(transaction=True)
def test_two_workers_on_one_queue_send_each_message_once(settings: Any, world: World, tmp_path: Path) -> None:
    """Two real worker processes draining one queue in which every delivery was enqueued twice (a
    retry racing the first try): every task runs once, and every person gets exactly one email."""
    if connection.vendor != "postgresql":
        pytest.skip("A second process shares the test database only on PostgreSQL (SQLite's is in memory).")
    from village.accounts.models import User
    from village.messaging.actions import Rendered, deliver, queue_email
    from village.messaging.models import Delivery, DeliveryStatus

    settings.TASKS = DB_TASKS
    people = [User.objects.create_user(email=f"parent{i}@example.org", password=None) for i in range(24)]
    outbox = queue_email(
        "referrals.family_update",
        [Rendered(p, f"Update {i}", f"Message number {i}.", "en") for i, p in enumerate(people)],
        district_id=world.riverbend.pk,
    )
    assert outbox is not None
    for delivery in Delivery.objects.filter(outbox=outbox):
        deliver.enqueue(delivery.pk)  # the second task for the same delivery
    tasks = DBTaskResult.objects.filter(task_path="village.messaging.actions.deliver")
    assert tasks.count() == 48

    workers = [_worker("--batch", var_dir=tmp_path) for _ in range(2)]
    try:
        assert [w.wait(timeout=300) for w in workers] == [0, 0]
    finally:
        for worker in workers:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGKILL)

    assert set(tasks.values_list("status", flat=True)) == {TaskResultStatus.SUCCESSFUL}
    assert sorted(tasks.values_list("return_value", flat=True)) == ["sent"] * 24 + ["skipped"] * 24
    assert set(Delivery.objects.filter(outbox=outbox).values_list("status", flat=True)) == {DeliveryStatus.SENT}
    mail = "".join(path.read_text() for path in (tmp_path / "mail").glob("*"))
    for person in people:
        assert mail.count(f"To: {person.email}\n") == 1, person.email
