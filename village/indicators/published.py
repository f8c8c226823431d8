"""The release a page reads (`village.indicators.release`): never built on a request.

- the release published for the figures as they are now, when there is one;
- otherwise publishing is asked of the task worker (once, whatever the number of pages asking),
  and meanwhile the page reads the last release published for the period (protected as a whole
  for the figures it was built from, so it can be read beside every other output of that
  release), or, before the period's first release, a release whose every cell says it is being
  published.

With the test-only seam `release.PROTECT` off, the figures print as they did before releases
(each output alone), built here.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from village.indicators import actions, release
from village.indicators.cells import Release
from village.indicators.models import Period

_CACHE: OrderedDict[str, Release] = OrderedDict()
_LOCK = threading.Lock()


def current(district_id: int, period: Period) -> Release:
    key = release.fingerprint(district_id, period)
    with _LOCK:
        found = _CACHE.get(key)
        if found is not None:
            _CACHE.move_to_end(key)
            return found
    if not release.PROTECT:
        return release.build(district_id, period)
    built = release.stored(district_id, period, key)
    if built is None:
        actions.request_publishing(district_id, period, key)
        # The immediate task backend (tests, demos) has published it by now; a worker has not.
        built = release.stored(district_id, period, key)
    if built is None:
        last = release.stored(district_id, period, None)
        return last or Release(district_id, period.pk, pending=True, current=False)
    with _LOCK:
        _CACHE[key] = built
        while len(_CACHE) > 64:
            _CACHE.popitem(last=False)
    return built
