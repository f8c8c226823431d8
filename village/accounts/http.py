"""Typed requests for views: who is asking is known to the type checker, not only at run time."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from village.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request behind `login_required`: the person is signed in."""

    user: User
    htmx: HtmxDetails


class PublicHttpRequest(HttpRequest):
    """A request to a page anyone may open: the person may be signed in or not."""

    user: User | AnonymousUser
    htmx: HtmxDetails
