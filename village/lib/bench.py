"""What the load harness (`python -m bench.load`) mounts, only when `VILLAGE_BENCH` is on.

- `floor`: a view that does nothing, the ceiling every page is compared with in the same run;
- `QueryCountMiddleware`: tells the harness how many SQL queries each request ran, in the
  `X-Village-Queries` response header.

Neither is mounted otherwise (village/urls.py and settings read the flag), so production never
answers them.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack

from django.db import connections
from django.http import HttpRequest, HttpResponse

QUERIES_HEADER = "X-Village-Queries"


def floor(request: HttpRequest) -> HttpResponse:
    """Does nothing: the fastest answer Django gives on this machine, through the same middleware."""
    return HttpResponse(b"ok", content_type="text/plain")


class QueryCountMiddleware:
    """Counts the SQL queries a request runs, on every database connection, into a response header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        count = [0]

        def counter(execute: Callable[..., object], sql: str, params: object, many: bool, context: object) -> object:
            count[0] += 1
            return execute(sql, params, many, context)

        with ExitStack() as stack:
            for alias in connections:
                stack.enter_context(connections[alias].execute_wrapper(counter))
            response = self.get_response(request)
        response[QUERIES_HEADER] = str(count[0])
        return response
