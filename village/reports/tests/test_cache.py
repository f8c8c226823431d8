"""Public reports are rendered once per release and language, and anew when a release is stored."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import World
from village.indicators.models import Period
from village.indicators.tests.test_indicators import HEADER, setup_framework, upload

pytestmark = pytest.mark.django_db


def _published(login: Any, world: World, rows: str) -> Any:
    lead = setup_framework(login, world)
    upload(lead, HEADER + rows)
    period = Period.objects.get(label="Q1")
    lead.post(reverse("indicators:refresh", kwargs={"slug": "riverbend"}), {"period": period.pk})
    lead.logout()
    return lead


def test_the_public_report_is_rendered_once_and_again_when_a_new_release_is_stored(
    login: Any, world: World, client: Any
) -> None:
    _published(login, world, "attendance,Lincoln Elementary,Q1,,9300,10000,100\n")
    url = reverse("reports:public_district", kwargs={"slug": "riverbend"})
    with CaptureQueriesContext(connection) as first:
        page = client.get(url).content.decode()
    with CaptureQueriesContext(connection) as second:
        again = client.get(url).content.decode()
    article = page[page.index('<article class="printable">') : page.index("</article>")]
    assert "93.0%" in article and article in again
    assert len(second) < len(first) / 2, (len(first), len(second))
    # Arabic is its own page.
    assert 'dir="rtl"' in client.get(url, headers={"accept-language": "ar"}).content.decode()
    # New figures, computed and stored as a new release: the page shows them at once.
    lead = login("dana")
    upload(lead, HEADER + "attendance,Lincoln Elementary,Q1,,9000,10000,100\n")
    period = Period.objects.get(label="Q1")
    lead.post(reverse("indicators:refresh", kwargs={"slug": "riverbend"}), {"period": period.pk})
    lead.logout()
    fresh = client.get(url).content.decode()
    assert "90.0%" in fresh and "93.0%" not in fresh


def test_the_report_pdf_is_rendered_once_per_release_and_language(
    login: Any, world: World, client: Any, monkeypatch: Any
) -> None:
    from village.reports import render

    rendered: list[str] = []
    real = render.report_pdf

    def counting(*args: Any) -> bytes:
        from django.utils import translation

        rendered.append(translation.get_language() or "")
        return real(*args)

    monkeypatch.setattr(render, "report_pdf", counting)
    _published(login, world, "attendance,Lincoln Elementary,Q1,,9300,10000,100\n")
    url = reverse("reports:public_district_pdf", kwargs={"slug": "riverbend"})
    first = client.get(url)
    second = client.get(url)
    assert first["Content-Type"] == "application/pdf" and first.content == second.content
    assert first.content.startswith(b"%PDF")
    client.get(url, headers={"accept-language": "es"})
    client.get(url, headers={"accept-language": "es"})
    assert rendered == ["en", "es"]


QUEUED_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}


def test_a_pdf_not_yet_rendered_is_asked_of_the_worker_and_never_rendered_in_the_request(
    login: Any, world: World, client: Any, monkeypatch: Any, settings: Any
) -> None:
    from django.tasks import default_task_backend

    from village.reports import actions, render

    _published(login, world, "attendance,Lincoln Elementary,Q1,,9300,10000,100\n")
    settings.TASKS = QUEUED_TASKS
    rendered: list[str] = []
    real = render.report_pdf
    monkeypatch.setattr(render, "report_pdf", lambda *args: rendered.append("x") or real(*args))
    url = reverse("reports:public_district_pdf", kwargs={"slug": "riverbend"})
    client.cookies.load({"django_language": "en"})
    waiting = [client.get(url) for _ in range(3)]
    assert {r.status_code for r in waiting} == {202} and waiting[0]["Retry-After"] == "30"
    page = waiting[0].content.decode()
    assert "The PDF is being prepared" in page and "Read the report on this page" in page
    assert rendered == []  # nothing rendered in any request
    queued = [r for r in default_task_backend.results if r.task.name == actions.render_pdf.name]
    assert len(queued) == 1  # three readers, one task
    # The worker runs it; the next request is served from the file.
    result = queued[0]
    assert actions.render_pdf.call(*result.args) == "rendered" and rendered == ["x"]
    served = client.get(url)
    assert served.status_code == 200 and served.content.startswith(b"%PDF") and rendered == ["x"]
