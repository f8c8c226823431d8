"""Links that work outside Village's pages: a mail or a text message has no page to be relative to,
so every link in a message starts with the site's address (`VILLAGE_SITE_URL`)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse


def absolute_url(path: str) -> str:
    """`path` ("/referrals/27/") as a link anyone can open ("https://village.example.org/referrals/27/").
    A value that is already absolute is returned unchanged."""
    if path.startswith(("http://", "https://")):
        return path
    if not path.startswith("/"):
        raise ValueError(f"Expected a path starting with '/', not {path!r}.")
    return f"{settings.VILLAGE_SITE_URL.rstrip('/')}{path}"


def absolute_reverse(viewname: str, **kwargs: str | int) -> str:
    """`reverse(viewname, kwargs=kwargs)` as an absolute link."""
    return absolute_url(reverse(viewname, kwargs=kwargs or None))
