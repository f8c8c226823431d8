"""Rendered fragments kept in each web process: HTML that is the same for every request with the
same key (a language, a version of the options it lists, the values chosen) is rendered once.

Bounded (least recently used goes first), so keys built from what people type cannot grow it
without end. A key must hold everything the fragment depends on; callers include the language.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from django.utils.safestring import SafeString


class FragmentCache:
    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, SafeString] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get_or_render(self, key: Hashable, render: Callable[[], SafeString]) -> SafeString:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                self.hits += 1
                return found
        html = render()
        with self._lock:
            self.misses += 1
            self._items[key] = html
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return html

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.hits = self.misses = 0
