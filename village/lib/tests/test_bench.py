"""The load harness's hooks: mounted only under VILLAGE_BENCH, and the query count they report is real."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from village.lib.bench import QUERIES_HEADER, QueryCountMiddleware, floor
from village.orgs.models import District


def test_the_do_nothing_view_is_not_mounted_without_the_bench_setting(client: Any) -> None:
    response = client.get("/bench/floor/")
    assert response.status_code == 404
    assert QUERIES_HEADER not in response


@pytest.mark.django_db
def test_the_query_counter_reports_the_queries_a_request_ran() -> None:
    def two_queries(request: HttpRequest) -> HttpResponse:
        District.objects.count()
        list(District.objects.all())
        return HttpResponse("ok")

    request = RequestFactory().get("/")
    assert QueryCountMiddleware(two_queries)(request)[QUERIES_HEADER] == "2"
    assert QueryCountMiddleware(floor)(request)[QUERIES_HEADER] == "0"
