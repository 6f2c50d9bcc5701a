"""The cache backend: Redis (Valkey), and what the portal does while that server is gone.

While the server cannot be reached (connection refused, timed out), every operation answers as
an empty cache would: reads miss, writes store nothing, `incr` finds no key. So public pages are
rendered afresh and not cached, and a request that saved its rows answers as it would have: a
cache write after the save cannot turn it into a 500. The backend logs once when the server goes
and once when it is back, and after a failure leaves the server alone for `retry_after` seconds,
so that a server that hangs costs a request at most one timeout, not one per cache call.

Rate limits, chosen on purpose: keys under `local_prefixes` (allauth's rate limits) are kept in
this process's memory meanwhile. Sign-in keeps working and its limits keep holding, counted per
web process (with N processes an attacker gets at most N times the limit) — rather than failing
open (no limit at all during an outage) or closed (nobody could sign in, coordinators included).
Those counts are dropped when the server is back: a limit starts afresh then.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

UNREACHABLE = (redis.ConnectionError, redis.TimeoutError)

# Per server address, shared by the threads of a process (each has its own backend instance):
# until when (time.monotonic()) the server is left alone after a failure.
_unreachable_until: dict[str, float] = {}


class ReusedRedisClients(RedisCacheClient):
    """Django makes a new `redis.Redis` for every cache call, and each builds its table of some
    two hundred response callbacks: a quarter of a cached page's time. One client per
    connection pool does (a client is safe to share between threads; the pool holds the
    connections)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, redis.Redis] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    local_prefixes: tuple[str, ...] = ("allauth:rl:",)
    retry_after: float = 5.0

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusedRedisClients
        self.location = server
        # One memory store per server and process (LocMemCache shares storage by name).
        self.local = LocMemCache(
            f"{__name__}:{server}",
            {"TIMEOUT": params.get("TIMEOUT", 300), "OPTIONS": {"MAX_ENTRIES": 10_000}},
        )

    def _kept_locally(self, key: str) -> bool:
        return key.startswith(self.local_prefixes)

    def _try(self, operation: Callable[[], Any], otherwise: Callable[[], Any]) -> Any:
        """`operation()` on the server; `otherwise()` while it cannot be reached."""
        until = _unreachable_until.get(self.location)
        if until is not None and time.monotonic() < until:
            return otherwise()
        try:
            result = operation()
        except UNREACHABLE as error:
            if until is None:
                logger.error(
                    "Cache server unreachable (%s): pages are served uncached and rate limits "
                    "are counted per process until it is back",
                    error,
                )
            _unreachable_until[self.location] = time.monotonic() + self.retry_after
            return otherwise()
        if until is not None and _unreachable_until.pop(self.location, None) is not None:
            logger.warning("Cache server reachable again: caching resumes")
        return result

    def _one(self, key: str, operation: Callable[[], Any], local: Callable[[], Any], empty: Any):
        return self._try(operation, local if self._kept_locally(key) else lambda: empty)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._one(
            key,
            lambda: super(ResilientRedisCache, self).add(key, value, timeout, version),
            lambda: self.local.add(key, value, timeout, version),
            False,
        )

    def get(self, key, default=None, version=None):
        return self._one(
            key,
            lambda: super(ResilientRedisCache, self).get(key, default, version),
            lambda: self.local.get(key, default, version),
            default,
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._one(
            key,
            lambda: super(ResilientRedisCache, self).set(key, value, timeout, version),
            lambda: self.local.set(key, value, timeout, version),
            None,
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._one(
            key,
            lambda: super(ResilientRedisCache, self).touch(key, timeout, version),
            lambda: self.local.touch(key, timeout, version),
            False,
        )

    def delete(self, key, version=None):
        return self._one(
            key,
            lambda: super(ResilientRedisCache, self).delete(key, version),
            lambda: self.local.delete(key, version),
            False,
        )

    def has_key(self, key, version=None):
        return self._one(
            key,
            lambda: super(ResilientRedisCache, self).has_key(key, version),
            lambda: self.local.has_key(key, version),
            False,
        )

    def incr(self, key, delta=1, version=None):
        def missing():
            raise ValueError(f"Key '{key}' not found.")  # as for any key the cache lacks

        return self._try(
            lambda: super(ResilientRedisCache, self).incr(key, delta, version),
            (lambda: self.local.incr(key, delta, version)) if self._kept_locally(key) else missing,
        )

    def get_many(self, keys, version=None):
        keys = list(keys)
        return self._try(
            lambda: super(ResilientRedisCache, self).get_many(keys, version),
            lambda: self.local.get_many([k for k in keys if self._kept_locally(k)], version),
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        """The keys that could not be stored, as Django's set_many() answers."""

        def locally():
            kept = {k: v for k, v in data.items() if self._kept_locally(k)}
            self.local.set_many(kept, timeout, version)
            return [k for k in data if k not in kept]

        return self._try(
            lambda: super(ResilientRedisCache, self).set_many(data, timeout, version), locally
        )

    def delete_many(self, keys, version=None):
        keys = list(keys)
        return self._try(
            lambda: super(ResilientRedisCache, self).delete_many(keys, version),
            lambda: self.local.delete_many([k for k in keys if self._kept_locally(k)], version),
        )

    def clear(self):
        self.local.clear()
        return self._try(super().clear, lambda: False)
