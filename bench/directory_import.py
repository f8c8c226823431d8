"""Directory import at scale: `python -m bench.directory_import [SERVICES]` (default 100,000).

Writes a seeded HSDS 3 CSV data package (organizations, locations, addresses, services,
service-at-locations, two schedules and two languages per service, one category each), then
times reading it, the first import, and a second import of the same file (every row an
update). Baseline in the same run: a plain bulk_create of the same number of services.
Prints `name: value` lines.

Runs on in-memory SQLite, and on PostgreSQL too when one is reachable at
$VILLAGE_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/village_bench_import;
Django creates and drops its own `test_` database there), each in a child process.
Each figure is wall-clock seconds, with this process's CPU seconds beside the first import and
the baseline (the machine may be shared). `--profile` prints the first import's top functions
(cProfile, SQLite) instead of timing both backends.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import subprocess
import sys
import time
import zipfile
from typing import Any

os.environ.setdefault("VILLAGE_ENV", "test")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "village.settings")


def package(n: int, seed: int = 2026) -> bytes:
    rng = random.Random(seed)
    orgs = max(1, n // 10)
    files: dict[str, list[list[object]]] = {
        "organizations.csv": [["id", "name", "description"]],
        "locations.csv": [["id", "organization_id", "name", "latitude", "longitude"]],
        "addresses.csv": [["id", "location_id", "address_1", "city", "state_province", "postal_code", "country"]],
        "services.csv": [["id", "organization_id", "name", "description", "status", "minimum_age", "maximum_age"]],
        "service_at_location.csv": [["id", "service_id", "location_id"]],
        "schedules.csv": [["id", "service_id", "freq", "byday", "opens_at", "closes_at"]],
        "languages.csv": [["id", "service_id", "code"]],
        "taxonomy_terms.csv": [["id", "code", "name", "description", "taxonomy"]],
        "attributes.csv": [["id", "link_id", "link_type", "taxonomy_term_id"]],
    }
    needs = ["tutoring", "food", "health", "housing", "legal", "arts", "sports", "mentoring"]
    for code in needs:
        files["taxonomy_terms.csv"].append([f"t-{code}", code, code.title(), code, "Village needs"])
    for o in range(orgs):
        files["organizations.csv"].append([f"o{o}", f"Organization {o}", "Community help"])
    days = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
    for i in range(n):
        lat, lon = 41.6 + rng.random() * 0.6, -88.0 + rng.random() * 0.6
        org = f"o{i % orgs}"
        files["locations.csv"].append([f"l{i}", org, f"Site {i}", f"{lat:.5f}", f"{lon:.5f}"])
        files["addresses.csv"].append([f"a{i}", f"l{i}", f"{i} Main St", "Chicago", "IL", f"606{i % 50:02d}", "US"])
        files["services.csv"].append([f"s{i}", org, f"Service {i}", "Help near you", "active", 5, 18])
        files["service_at_location.csv"].append([f"sl{i}", f"s{i}", f"l{i}"])
        for k, day in enumerate(rng.sample(days, 2)):
            opens = rng.choice([9, 13, 17])
            files["schedules.csv"].append([f"h{i}-{k}", f"s{i}", "WEEKLY", day, f"{opens}:00", f"{opens + 2}:00"])
        for k, lang in enumerate(rng.sample(["en", "es", "ar", "vi", "zh"], 2)):
            files["languages.csv"].append([f"g{i}-{k}", f"s{i}", lang])
        files["attributes.csv"].append([f"at{i}", f"s{i}", "service", f"t-{rng.choice(needs)}"])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, rows in files.items():
            text = io.StringIO()
            csv.writer(text, lineterminator="\n").writerows(rows)
            archive.writestr(name, text.getvalue())
    return buffer.getvalue()


def child(n: int, profile: bool) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(n, profile)
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


def _postgres_reachable(url: str) -> bool:
    try:
        import psycopg

        psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", connect_timeout=3).close()
        return True
    except Exception:
        return False


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("services", type=int, nargs="?", default=100_000)
    parser.add_argument("--quick", action="store_true", help="10,000 services")
    parser.add_argument("--profile", action="store_true", help="profile the first import (SQLite only)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    n = 10_000 if args.quick else args.services
    if args.child or args.profile:
        child(n, args.profile)
        return
    postgres = os.environ.get("VILLAGE_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/village_bench_import")
    backends = [("sqlite", "")]
    if _postgres_reachable(postgres):
        backends.append(("postgresql", postgres))
    else:
        print(f"postgresql: skipped, {postgres} is not reachable")
    for name, url in backends:
        env = {**os.environ, "VILLAGE_TEST_DATABASE_URL": url}
        done = subprocess.run(
            [sys.executable, "-m", "bench.directory_import", "--child", str(n)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            print(done.stdout, done.stderr, file=sys.stderr)
            raise SystemExit(f"{name} run failed")
        for line in done.stdout.splitlines():
            print(f"{name}_{line}")
        sys.stdout.flush()


def run(n: int, profile: bool = False) -> None:
    from village.directory.actions.imports import apply_tables
    from village.directory.hsds.formats import read_package
    from village.directory.models import SearchEntry, Service
    from village.orgs.models import Region

    region = Region.objects.create(name="Bench", slug="bench")
    data = package(n)
    started = time.perf_counter()
    tables = read_package(data, "bench.zip")
    read_seconds = time.perf_counter() - started
    assert not tables.rejections, tables.rejections[:3]

    started, cpu = time.perf_counter(), time.process_time()
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        first = profiler.runcall(
            apply_tables, tables, region=region, source="bench", actor=None, dry_run=False, apply_valid=False
        )
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
        return
    first = apply_tables(tables, region=region, source="bench", actor=None, dry_run=False, apply_valid=False)
    first_seconds, first_cpu = time.perf_counter() - started, time.process_time() - cpu
    assert first.applied and Service.objects.count() == n

    tables = read_package(data, "bench.zip")
    started = time.perf_counter()
    apply_tables(tables, region=region, source="bench", actor=None, dry_run=False, apply_valid=False)
    second_seconds = time.perf_counter() - started
    assert Service.objects.count() == n

    started, cpu = time.perf_counter(), time.process_time()
    raw_rows = baseline(tables)
    baseline_seconds, baseline_cpu = time.perf_counter() - started, time.process_time() - cpu

    print(f"database: {connection_vendor()}")
    print(f"services: {n}")
    print(f"search_rows: {SearchEntry.objects.count()}")
    print(f"read_seconds: {read_seconds:.2f}")
    print(f"first_import_seconds: {first_seconds:.2f}")
    print(f"reimport_seconds: {second_seconds:.2f}")
    print(f"baseline_rows: {raw_rows}")
    print(f"baseline_bulk_create_seconds: {baseline_seconds:.2f}")
    print(f"ratio_first_import_vs_baseline: {first_seconds / baseline_seconds:.1f}")
    # CPU time of this process: on a loaded machine the fairer figure (SQLite works in-process;
    # PostgreSQL's own work is not in it).
    print(f"first_import_cpu_seconds: {first_cpu:.2f}")
    print(f"baseline_cpu_seconds: {baseline_cpu:.2f}")
    print(f"ratio_first_import_vs_baseline_cpu: {first_cpu / baseline_cpu:.1f}")


def baseline(tables: Any) -> int:
    """The same rows written raw into a second region: bulk_create of organizations, places,
    services, service-at-location links, hours, languages and category links, no checks, no
    history, no search rows. Returns the rows written."""
    from village.directory.models import Location, Schedule, Service, ServiceAtLocation, ServiceLanguage, TaxonomyTerm
    from village.orgs.models import Organization, PartnerType, Region

    region = Region.objects.create(name="Baseline", slug="baseline")
    batch = 2000
    orgs = Organization.objects.bulk_create(
        [
            Organization(region=region, name=f"Baseline {r.get('name')}", partner_type=PartnerType.NONPROFIT)
            for r in tables["organization"]
        ],
        batch_size=batch,
    )
    org_of = {r.get("id"): o for r, o in zip(tables["organization"], orgs, strict=True)}
    places = Location.objects.bulk_create(
        [
            Location(
                organization=org_of[r.get("organization_id")], name=r.get("name"), latitude=float(r.get("latitude"))
            )
            for r in tables["location"]
        ],
        batch_size=batch,
    )
    place_of = {r.get("id"): p for r, p in zip(tables["location"], places, strict=True)}
    services = Service.objects.bulk_create(
        [Service(organization=org_of[r.get("organization_id")], name={"en": r.get("name")}) for r in tables["service"]],
        batch_size=batch,
    )
    service_of = {r.get("id"): s for r, s in zip(tables["service"], services, strict=True)}
    links = ServiceAtLocation.objects.bulk_create(
        [
            ServiceAtLocation(service=service_of[r.get("service_id")], location=place_of[r.get("location_id")])
            for r in tables["service_at_location"]
        ],
        batch_size=batch,
    )
    hours = Schedule.objects.bulk_create(
        [
            Schedule(service=service_of[r.get("service_id")], freq="WEEKLY", byday=r.get("byday"))
            for r in tables["schedule"]
        ],
        batch_size=batch,
    )
    languages = ServiceLanguage.objects.bulk_create(
        [ServiceLanguage(service=service_of[r.get("service_id")], code=r.get("code")) for r in tables["language"]],
        batch_size=batch,
    )
    term = TaxonomyTerm.objects.first()
    through = Service.categories.through
    categories = through.objects.bulk_create(
        [through(service_id=service_of[r.get("link_id")].pk, taxonomyterm_id=term.pk) for r in tables["attribute"]],
        batch_size=batch,
    )
    return sum(len(x) for x in (orgs, places, services, links, hours, languages, categories))


def connection_vendor() -> str:
    from django.db import connection

    return connection.vendor


if __name__ == "__main__":
    main()
