"""Directory import at scale: `python -m bench.directory_import [SERVICES]` (default 100,000).

Writes a seeded HSDS 3 CSV data package (organizations, locations, addresses, services,
service-at-locations, two schedules and two languages per service, one category each), then
times reading it, the first import, and a second import of the same file (every row an
update). Baseline in the same run: a plain bulk_create of the same number of services.
Prints `name: value` lines.
"""

from __future__ import annotations

import csv
import io
import os
import random
import sys
import time
import zipfile

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


def main() -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(n)
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


def run(n: int) -> None:
    from village.directory.actions.imports import apply_tables
    from village.directory.hsds.formats import read_package
    from village.directory.models import SearchEntry, Service
    from village.orgs.models import Organization, PartnerType, Region

    region = Region.objects.create(name="Bench", slug="bench")
    data = package(n)
    started = time.perf_counter()
    tables = read_package(data, "bench.zip")
    read_seconds = time.perf_counter() - started
    assert not tables.rejections, tables.rejections[:3]

    started = time.perf_counter()
    first = apply_tables(tables, region=region, source="bench", actor=None, dry_run=False, apply_valid=False)
    first_seconds = time.perf_counter() - started
    assert first.applied and Service.objects.count() == n

    tables = read_package(data, "bench.zip")
    started = time.perf_counter()
    apply_tables(tables, region=region, source="bench", actor=None, dry_run=False, apply_valid=False)
    second_seconds = time.perf_counter() - started
    assert Service.objects.count() == n

    org = Organization.objects.create(region=region, name="Baseline", partner_type=PartnerType.NONPROFIT)
    started = time.perf_counter()
    Service.objects.bulk_create(
        [Service(organization=org, name={"en": f"Baseline {i}"}) for i in range(n)], batch_size=2000
    )
    baseline_seconds = time.perf_counter() - started

    print(f"database: {connection_vendor()}")
    print(f"services: {n}")
    print(f"search_rows: {SearchEntry.objects.count()}")
    print(f"read_seconds: {read_seconds:.2f}")
    print(f"first_import_seconds: {first_seconds:.2f}")
    print(f"reimport_seconds: {second_seconds:.2f}")
    print(f"baseline_bulk_create_seconds: {baseline_seconds:.2f}")
    print(f"ratio_first_import_vs_baseline: {first_seconds / baseline_seconds:.1f}")


def connection_vendor() -> str:
    from django.db import connection

    return connection.vendor


if __name__ == "__main__":
    main()
