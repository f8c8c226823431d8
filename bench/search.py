"""Directory search benchmark: `python -m bench.search [--quick]`.

Builds clustered, seeded directories (20k services with --quick; 100k and 200k by default)
in a throw-away database of the active kind (SQLite in memory, or the PostgreSQL that
VILLAGE_TEST_DATABASE_URL names), runs a seeded query mix (60% filtered nearest, 25%
text + place, 15% nearest only) through the indexed path, the brute-force scan and an
in-memory numpy scan, and prints p50/p95/p99 and ratios as `name: value` lines.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

os.environ.setdefault("VILLAGE_ENV", "test")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "village.settings")


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--queries", type=int, default=None)
    args = parser.parse_args()
    sizes = [20_000] if args.quick else [100_000, 200_000]
    n_queries = args.queries or (300 if args.quick else 2_000)

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        _run(sizes, n_queries)
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


def _run(sizes: list[int], n_queries: int) -> None:
    import numpy as np
    from django.db import connection

    from village.directory import search
    from village.directory.models import SearchEntry
    from village.directory.search import query as search_query
    from village.directory.tests.factories import WORDS, need_terms, seed_directory
    from village.orgs.models import Organization, PartnerType, Region

    print(f"database: {connection.vendor}")
    region = Region.objects.create(name="Bench", slug="bench")
    org = Organization.objects.create(region=region, name="Bench org", partner_type=PartnerType.NONPROFIT)
    built = 0
    for size in sizes:
        t0 = time.perf_counter()
        seed_directory(org, size - built, seed=size)
        built = size
        print(f"size_{size}_build_s: {time.perf_counter() - t0:.1f}")
        rows = list(
            SearchEntry.objects.values_list("id", "category", "latitude", "longitude", "flags", "languages", "text")
        )
        ids = np.array([r[0] for r in rows])
        cat = np.array([r[1] for r in rows])
        lat = np.array([r[2] for r in rows])
        lon = np.array([r[3] for r in rows])
        flags = np.array([r[4] for r in rows])
        has_lang = {code: np.array([f" {code} " in r[5] for r in rows]) for code in ("ar", "es", "vi")}
        has_word = {w: np.array([f" {w} " in r[6] for r in rows]) for w in WORDS}
        print(f"size_{size}_rows: {len(rows)}")
        rng = random.Random(size)
        terms = [t.pk for t in need_terms()]
        queries: list[tuple[str, search.Query]] = []
        for _ in range(n_queries):
            roll = rng.random()
            qlat, qlon = 41.88 + rng.uniform(-0.15, 0.15), -87.63 + rng.uniform(-0.2, 0.2)
            if roll < 0.60:
                q = search.Query(
                    qlat,
                    qlon,
                    category=rng.choice(terms),
                    language=rng.choice(["", "ar", "es", "vi"]),
                    flags_all=rng.choice([0, search.EVENING, search.WEEKEND]),
                )
                queries.append(("filtered", q))
            elif roll < 0.85:
                queries.append(("text", search.Query(qlat, qlon, text=rng.choice(WORDS))))
            else:
                queries.append(("nearest", search.Query(qlat, qlon)))

        def numpy_scan(
            q: search.Query,
            cat: Any = cat,
            lat: Any = lat,
            lon: Any = lon,
            flags: Any = flags,
            ids: Any = ids,
            has_lang: Any = has_lang,
            has_word: Any = has_word,
        ) -> list[int]:
            mask = cat == q.category
            if q.language:
                mask &= has_lang[q.language]
            if q.flags_all:
                mask &= (flags & q.flags_all) == q.flags_all
            if q.text:
                mask &= has_word[q.text]
            ky, kx = search_query._scale(q)
            d2 = ((lat - q.latitude) * ky) ** 2 + ((lon - q.longitude) * kx) ** 2
            d2 = np.where(mask, d2, np.inf)
            top = np.argpartition(d2, q.limit)[: q.limit]
            return list(ids[top[np.argsort(d2[top])]])

        paths: dict[str, Callable[[search.Query], object]] = {
            "index": search.nearest,
            "brute": search.brute_force,
            "numpy": numpy_scan,
        }
        brute_every = max(1, n_queries // 200)  # the scan is slow: time a sample of it
        timings: dict[tuple[str, str], list[float]] = {}
        recall_ok = recall_n = 0
        for i, (kind, q) in enumerate(queries):
            for name, fn in paths.items():
                if name == "brute" and i % brute_every:
                    continue
                t0 = time.perf_counter()
                result = fn(q)
                timings.setdefault((name, kind), []).append((time.perf_counter() - t0) * 1000)
                if name == "brute":
                    recall_n += 1
                    recall_ok += [h.entry_id for h in result] == [h.entry_id for h in search.nearest(q)]  # type: ignore[attr-defined]
        label = {"index": connection.vendor}
        for (name, kind), values in sorted(timings.items()):
            for p in (50, 95, 99):
                print(f"size_{size}_{label.get(name, name)}_{kind}_p{p}_ms: {_pct(values, p):.3f}")
        for kind in ("filtered", "text", "nearest"):
            idx = statistics.median(timings[("index", kind)])
            brute = statistics.median(timings.get(("brute", kind), [float("nan")]))
            npy = statistics.median(timings[("numpy", kind)])
            print(f"size_{size}_{kind}_brute_over_index: {brute / idx:.1f}")
            print(f"size_{size}_{kind}_index_over_numpy: {idx / npy:.2f}")
        print(f"size_{size}_recall_at_10: {recall_ok / max(recall_n, 1):.3f}")


if __name__ == "__main__":
    main()
