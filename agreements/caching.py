"""Whole-page cache of the public agreement and meeting pages, for visitors without cookies.

A page is stored under the current *generation*; any save or delete of the agreement's and the
meetings' rows (and of organisations and groups, whose names they show) starts a new
generation, so a change is visible at once. The time limit bounds what depends on the clock
(upcoming versus archive). Signed-in people, and anyone with a session or a message waiting,
always get a freshly rendered page.
"""

import secrets
import threading
import time
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import get_language

GENERATION_KEY = "agreements:generation"
TIMEOUT = 300


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        _start()
        value = cache.get(GENERATION_KEY)
    return value


def _start() -> None:
    # A random start, not 1: after the cache is emptied, no new generation may meet a page a
    # process still keeps from before.
    cache.add(GENERATION_KEY, secrets.randbits(48), timeout=None)


def _bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet: nothing is cached under it
        _start()


def new_generation(**kwargs) -> None:
    """Signal receiver (and for bulk changes): every cached page is out of date.

    Once now, and once more when the transaction commits: a page rendered in between saw the
    old rows and must not outlive the commit."""
    _bump()
    transaction.on_commit(_bump)


class _LocalPages:
    """The process's own copy of recently served pages: one Redis round trip (the generation)
    instead of two, and no transfer of the page itself. Bounded."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self.pages: OrderedDict[str, tuple] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str):
        with self.lock:
            stored = self.pages.get(key)
            if stored is not None:
                self.pages.move_to_end(key)
            return stored

    def put(self, key: str, stored: tuple) -> None:
        with self.lock:
            self.pages[key] = stored
            self.pages.move_to_end(key)
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)


_local = _LocalPages()


# A session may hold a signed-in person or waiting messages; a messages cookie holds messages.
# Other cookies (the CSRF token, a language choice) do not change these pages.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")


def _cacheable(request) -> bool:
    return (
        request.method == "GET"
        and not any(name in request.COOKIES for name in PERSONAL_COOKIES)
        and not request.user.is_authenticated
    )


def cached_public_page(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        key = f"agreements:page:{generation()}:{get_language()}:{request.get_full_path()}"
        stored = _local.get(key)
        if stored is None or stored[0] < time.time():
            stored = cache.get(key)
            if stored is not None:
                _local.put(key, stored)
        if stored is not None:
            _expires, content, content_type = stored
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            stored = (time.time() + TIMEOUT, response.content, response["Content-Type"])
            cache.set(key, stored, TIMEOUT)
            _local.put(key, stored)
        return response

    return wrapper
