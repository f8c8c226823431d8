"""Search answers exactly what a brute-force scan answers (recall@10 = 1.0), on whichever database runs."""

from __future__ import annotations

import random
from typing import Any

import pytest

from village.directory import search
from village.directory.taxonomy import Accessibility
from village.directory.tests.factories import WORDS, need_terms, seed_directory


@pytest.fixture
def seeded(world: Any) -> Any:
    seed_directory(world.clinic, 600, seed=11)
    return world


def _queries(n: int) -> list[search.Query]:
    rng = random.Random(5)
    terms = [t.pk for t in need_terms()]
    out = []
    for i in range(n):
        lat, lon = 41.88 + rng.uniform(-0.2, 0.2), -87.63 + rng.uniform(-0.25, 0.25)
        kind = i % 4
        out.append(
            search.Query(
                latitude=lat,
                longitude=lon,
                category=rng.choice(terms) if kind in (0, 1) else 0,
                language=rng.choice(["", "ar", "es", "vi"]) if kind == 0 else "",
                flags_all=rng.choice(
                    [0, search.EVENING, search.WEEKEND, search.accessibility_bit(Accessibility.WHEELCHAIR)]
                )
                if kind == 0
                else 0,
                flags_any=rng.choice([0, search.FREE | search.SLIDING]) if kind == 0 else 0,
                age=rng.choice([None, 8, 14]) if kind == 0 else None,
                text=rng.choice(WORDS) if kind == 2 else "",
                max_km=rng.choice([None, 3.0]) if kind == 1 else None,
            )
        )
    return out


def test_index_search_returns_the_brute_force_top_ten(seeded: Any) -> None:
    checked = 0
    for query in _queries(80):
        expected = search.brute_force(query)
        got = search.nearest(query)
        assert [h.entry_id for h in got] == [h.entry_id for h in expected], query
        checked += bool(expected)
    assert checked > 60  # the queries do find things, so the comparison means something


def test_distance_filter_excludes_farther_services(seeded: Any) -> None:
    query = search.Query(latitude=41.88, longitude=-87.63, max_km=1.5, limit=50)
    hits = search.nearest(query)
    assert hits and all(h.distance_km <= 1.5 for h in hits)
    wider = search.nearest(search.Query(latitude=41.88, longitude=-87.63, limit=50))
    assert any(h.distance_km > 1.5 for h in wider)


def test_text_search_matches_whole_words_only(seeded: Any) -> None:
    hits = search.nearest(search.Query(latitude=41.88, longitude=-87.63, text="homework", limit=100))
    assert hits
    assert not search.nearest(search.Query(latitude=41.88, longitude=-87.63, text="homewor"))


def test_uses_the_backend_of_the_running_database(seeded: Any) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        table = "directory_searchentry_rtree" if connection.vendor == "sqlite" else "directory_searchentry"
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
        (rows,) = cursor.fetchone()
    assert rows > 600  # one row per service and category, plus the "any category" rows
