"""Keeping the search rows (`SearchEntry`) in step with the directory: every directory action
that changes a listing calls `reindex` in its own transaction."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db import transaction
from django.db.models import Prefetch

from village.directory.models import SearchEntry, Service, ServiceAtLocation
from village.directory.search.index import entries_for


def _services(ids: Iterable[int]) -> Iterator[Service]:
    return (
        Service.objects.filter(pk__in=list(ids))
        .select_related("organization")
        .prefetch_related(
            "languages",
            "schedules",
            "categories",
            Prefetch(
                "service_at_locations",
                queryset=ServiceAtLocation.objects.select_related("location").prefetch_related(
                    "schedules", "location__schedules"
                ),
            ),
        )
        .iterator(chunk_size=2000)
    )


def reindex(service_ids: Iterable[int]) -> int:
    """Rebuild the search rows of these services (in the caller's transaction). Returns rows written."""
    ids = list(service_ids)
    written = 0
    with transaction.atomic():
        for start in range(0, len(ids), 2000):
            chunk = ids[start : start + 2000]
            SearchEntry.objects.filter(service_id__in=chunk).delete()
            rows = [entry for service in _services(chunk) for entry in entries_for(service)]
            SearchEntry.objects.bulk_create(rows, batch_size=2000)
            written += len(rows)
    return written


def reindex_all() -> int:
    return reindex(Service.objects.values_list("pk", flat=True).order_by("pk"))
