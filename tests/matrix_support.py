"""The vocabulary of the authorization matrix, kept apart from the test module that merges
every app's `tests/matrix.py`: app matrices import from here, so importing one of them never
starts a merge half-way through its own import."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from conftest import PERSONAS, World

ALL_SIGNED_IN = tuple(p for p in PERSONAS if p != "anonymous")
STAFF = ("dana", "rosa", "sam", "mai", "omar", "pat")
LINCOLN_COMMUNITY = ("dana", "rosa", "sam", "amina", "lucas", "grace")


@dataclass(frozen=True)
class Page:
    kwargs: Callable[[World], dict[str, Any]] = lambda w: {}
    allowed: tuple[str, ...] = ()  # personas answered 200
    public: bool = False  # anonymous gets 200 (otherwise a redirect to sign in)
    method: str = "GET"
    denied_status: int = 404
    extra: dict[str, int] = field(default_factory=dict)  # persona -> status, for exceptions
