"""Cached public pages of the directory and the working groups, in Redis.

Every key holds a content version; any change to the app's data bumps it (signals, at once and
again after the commit, so that a page rendered from the old rows in between is not kept),
and the old entries are simply never asked for again. Two layers:

- whole pages for visitors without a session or messages (most of the public), kept also in
  the process itself, so that a hit costs one Redis round trip (the version);
- fragments (the list, the members) for everybody else: what differs per person (the header,
  the join form) is rendered around them.
"""

import hashlib
import threading
import time
from collections import OrderedDict
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import get_language

VERSION_KEY = "organisations:content-version"
TIMEOUT = 60 * 10


def version() -> int:
    """The content version. It starts from the clock, so that after the cache is emptied no
    old version number comes back (the processes' own copies of pages still hold them)."""
    current = cache.get(VERSION_KEY)
    if current is None:
        cache.add(VERSION_KEY, time.time_ns() // 1000, timeout=None)
        current = cache.get(VERSION_KEY)
    return current


def bump(**_kwargs) -> None:
    def increment():
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # not set: nothing is cached under a version yet
            version()

    increment()
    transaction.on_commit(increment)


def fragment_key(name: str, request) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"organisations:{name}:{version()}:{get_language()}:{path}"


def cached_fragment(name: str, request, build) -> str:
    """The fragment `name` of this address, from the cache or from `build()`."""
    key = fragment_key(name, request)
    fragment = cache.get(key)
    if fragment is None:
        fragment = build()
        cache.set(key, fragment, TIMEOUT)
    return fragment


class _LocalPages:
    """This process's copy of recently served pages, bounded; keyed by version like Redis."""

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

# A session may hold a signed-in person or waiting messages; the messages cookie holds messages.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")


def _anonymous_visit(request) -> bool:
    return request.method == "GET" and not any(name in request.COOKIES for name in PERSONAL_COOKIES)


def cached_public_page(view):
    """Serve the whole page from the cache to visitors without a session or messages."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _anonymous_visit(request):
            return view(request, *args, **kwargs)
        key = fragment_key("page", request)
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


def connect() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from . import models

    watched = [
        models.Organisation,
        models.Representative,
        models.WorkingGroup,
        models.Membership,
        models.Theme,
        models.Municipality,
        models.PendingOrganisation,
        models.JoinRequest,
    ]
    for model in watched:
        post_save.connect(bump, sender=model, dispatch_uid=f"organisations-cache-{model.__name__}")
        post_delete.connect(
            bump, sender=model, dispatch_uid=f"organisations-cache-d-{model.__name__}"
        )
    # what other apps hang on our pages: signatures (directory filter), meetings (group pages)
    for label in ("agreements.Signature", "agreements.Meeting"):
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        post_save.connect(bump, sender=model, dispatch_uid=f"organisations-cache-{label}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"organisations-cache-d-{label}")
    for through in (models.Organisation.municipalities.through, models.Organisation.themes.through):
        m2m_changed.connect(bump, sender=through, dispatch_uid=f"organisations-cache-{through}")
