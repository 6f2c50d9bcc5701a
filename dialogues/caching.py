"""Rendered public pages, cached for everyone who sees the same thing (not coordinators).

Every cached page carries the content version it was built from; any change to the app's data
bumps the version (signals, at once and again after the commit, so a page rendered from the old
rows in between is not kept), and a page of an older version is rebuilt on its next request.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

VERSION_KEY = "dialogues:content-version"
TIMEOUT = 60 * 10


def version() -> int:
    current = cache.get(VERSION_KEY)
    if current is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        current = cache.get(VERSION_KEY, 1)
    return current


def bump(**_kwargs) -> None:
    def increment():
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.add(VERSION_KEY, 1, timeout=None)

    increment()
    transaction.on_commit(increment)


def page_key(request) -> str | None:
    """The key of this page for this visitor, or None when it must not be cached."""
    if request.user.is_staff or request.method != "GET":
        return None
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"dialogues:page:{get_language()}:{path}"


def cached_page(request, build) -> dict:
    """`build()` gives {"title": …, "body": …}; cached unless the visitor is a coordinator.

    One round trip to the cache: the page is stored with the content version it was built
    from, and read together with the current version; a page of an older version is rebuilt.
    """
    key = page_key(request)
    if key is None:
        return build()
    found = cache.get_many([VERSION_KEY, key])
    current = found.get(VERSION_KEY)
    if current is None:
        current = version()
    entry = found.get(key)
    if entry is not None and entry[0] == current:
        return entry[1]
    page = build()
    cache.set(key, (current, page), TIMEOUT)
    return page


def connect() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from organisations.models import Theme

    from . import models

    watched = [
        models.DialogueEvent,
        models.SourceDocument,
        models.Topic,
        models.Dialogue,
        models.GuidingQuestion,
        models.Note,
        models.BarometerStatement,
        Theme,
    ]
    for model in watched:
        post_save.connect(bump, sender=model, dispatch_uid=f"dialogues-cache-{model.__name__}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"dialogues-cache-d-{model.__name__}")
    for through in (
        models.DialogueEvent.themes.through,
        models.Topic.themes.through,
        models.Dialogue.themes.through,
    ):
        m2m_changed.connect(bump, sender=through, dispatch_uid=f"dialogues-cache-{through}")
