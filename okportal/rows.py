"""Rows of a list rendered once for what they show (`{% rows %}` in templatetags/portal.py).

A row's HTML is kept under a fingerprint of everything the view loaded for it — the fields of
its row and of the rows selected or prefetched with it — with the language, its number in the
list, the values given to it, the day, and the version of the row's template and of the code.
A change of any of these is a new key: nothing has to be forgotten when data changes, and a page
rendered again after a change of one of its rows renders that row alone.

The row is rendered in a context of its own (the row, `counter`, and what `with` gives), so it
cannot show something its key leaves out; it must read only what the view loaded with it (the
pinned query counts of the pages hold that: a row that read more would query per row)."""

import dataclasses
import datetime
import decimal
import hashlib
import time
import uuid
from functools import lru_cache
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from .local_copies import LocalCopies

KEPT_FOR = 24 * 3600  # the day is part of the key: what reads the clock is at most a day old
_PLAIN_BASES = (str, int, float, type(None), datetime.date, datetime.time, datetime.timedelta,
                decimal.Decimal, uuid.UUID)  # fmt: skip
_PLAIN = frozenset({*_PLAIN_BASES, bool, datetime.datetime, SafeString})
_CODE_SUFFIXES = {".py", ".html", ".txt", ".mo"}


def code_version() -> str:
    """The portal's code, templates and catalogues (their sizes and modification times): a
    new release renders its rows anew. Read once per process; each second while DEBUG is on,
    so that a template edited under the development server shows."""
    return _code_version(int(time.time()) if settings.DEBUG else 0)


@lru_cache(maxsize=1)
def _code_version(_second: int) -> str:
    roots = {Path(settings.BASE_DIR) / "templates", Path(settings.BASE_DIR) / "locale"}
    roots |= {Path(app.path) for app in apps.get_app_configs()}
    roots = {  # the portal's own apps, not the installed packages (in .venv, also in BASE_DIR)
        root for root in roots
        if root.is_relative_to(settings.BASE_DIR) and "site-packages" not in root.parts
    }  # fmt: skip
    digest = hashlib.blake2b(digest_size=16)
    for root in sorted(roots):
        for path in sorted(root.rglob("*")):
            if path.suffix in _CODE_SUFFIXES:
                stat = path.stat()
                digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def _feed(value, digest, memo: dict) -> None:
    """What `value` holds, into `digest`: plain values, model rows (their digests), lists and
    querysets of them (loaded already: a fingerprint never queries)."""
    kind = type(value)
    if kind is str or kind is SafeString:
        digest.update(value.encode())
        digest.update(b"\x00")
    elif kind in _PLAIN:
        digest.update(repr(value).encode())
    elif isinstance(value, models.Model):
        digest.update(_row_digest(value, memo))
    elif isinstance(value, list | tuple):
        digest.update(b"[%d" % len(value))
        for element in value:
            _feed(element, digest, memo)
    elif isinstance(value, models.QuerySet):
        if value._result_cache is None:
            raise ValueError("a row's fingerprint would need a query: prefetch it in the view")
        _feed(value._result_cache, digest, memo)
    elif isinstance(value, dict):
        digest.update(b"{%d" % len(value))
        for key, element in sorted(value.items()):
            _feed(key, digest, memo)
            if type(element) is str:  # most of a row of values: fed here, as above
                digest.update(element.encode())
                digest.update(b"\x00")
            else:
                _feed(element, digest, memo)
    elif dataclasses.is_dataclass(value):  # a row the view worked out (a comparison …)
        _feed(kind.__qualname__, digest, memo)
        _feed(dataclasses.astuple(value), digest, memo)
    elif isinstance(value, _PLAIN_BASES):  # a subclass: a lazy translation's result …
        _feed(str(value), digest, memo)
    else:
        raise TypeError(f"a row's fingerprint cannot read a {kind.__name__}")


def _row_digest(row: models.Model, memo: dict) -> bytes:
    """A model row's digest: its loaded fields (in the order its query loaded them, the same
    each time) and the rows cached on it (selected with it, prefetched, or given to it as
    lists). Worked out once per object and render (rows share their version …): `memo` maps
    the objects seen to theirs."""
    found = memo.get(id(row))
    if found is None:
        memo[id(row)] = f"{row._meta.label}:{row.pk}".encode()  # a cycle reads the key only
        digest = hashlib.blake2b(row._meta.label.encode(), digest_size=20)
        for name, value in row.__dict__.items():
            if name[0] != "_":
                _feed(value, digest, memo)
        for related in row._state.fields_cache.values():
            _feed(related, digest, memo)
        for queryset in getattr(row, "_prefetched_objects_cache", {}).values():
            _feed(queryset, digest, memo)
        found = memo[id(row)] = digest.digest()
    return found


def fingerprint(*values, memo: dict | None = None) -> str:
    digest = hashlib.blake2b(digest_size=20)
    _feed(values, digest, {} if memo is None else memo)
    return digest.hexdigest()


def rendered_rows(source: str, rows: list, given: dict, render_row, counted=True) -> list[str]:
    """Each row's HTML, kept or rendered by `render_row(row, counter)`: the process's own copy,
    or one round trip to the cache for the kept ones, one for those rendered now. A row that
    doesn't show its number (not `counted`) is kept for any place in any list."""
    memo: dict = {}  # the objects stay alive while it is used: their ids are theirs
    shared = hashlib.blake2b(digest_size=20)  # what every row's key begins with, fed once
    _feed((source, code_version(), get_language(), timezone.localdate(), given), shared, memo)
    keys = []
    for counter, row in enumerate(rows, 1):
        digest = shared.copy()
        _feed((counter if counted else 0, row), digest, memo)
        keys.append(f"row:{digest.hexdigest()}")
    kept = _local_rows.get_many(keys)
    if len(kept) < len(keys):
        found = cache.get_many([key for key in keys if key not in kept])
        _local_rows.put_many(found)
        kept.update(found)
    rendered = {}
    html = []
    for counter, (row, key) in enumerate(zip(rows, keys, strict=True), 1):
        if key not in kept:
            kept[key] = rendered[key] = render_row(row, counter)
        html.append(kept[key])
    if rendered:
        cache.set_many(rendered, KEPT_FOR)
        _local_rows.put_many(rendered)
    return html


# A row's key is what it shows: a process's own copy of it is never out of date.
_local_rows = LocalCopies(size=4096)
