"""A process's own copies of what it keeps in the shared cache: what it served lately costs it
no round trip to the cache. Bounded: the least recently used go first."""

import threading
from collections import OrderedDict
from typing import Any

_EVERY: list["LocalCopies"] = []


class LocalCopies:
    def __init__(self, size: int) -> None:
        self.size = size
        self.copies: OrderedDict[str, Any] = OrderedDict()
        self.lock = threading.Lock()
        _EVERY.append(self)

    def get(self, key: str) -> Any:
        return self.get_many([key]).get(key)

    def get_many(self, keys: list[str]) -> dict[str, Any]:
        found = {}
        with self.lock:
            for key in keys:
                if key in self.copies:
                    self.copies.move_to_end(key)
                    found[key] = self.copies[key]
        return found

    def put(self, key: str, value: Any) -> None:
        self.put_many({key: value})

    def put_many(self, values: dict[str, Any]) -> None:
        with self.lock:
            for key, value in values.items():
                self.copies[key] = value
                self.copies.move_to_end(key)
            while len(self.copies) > self.size:
                self.copies.popitem(last=False)


def forget_every_copy() -> None:
    """As a new process starts: nothing of what this one kept (between tests)."""
    for copies in _EVERY:
        with copies.lock:
            copies.copies.clear()
