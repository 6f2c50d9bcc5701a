"""Conditional requests for the open data (ETag, Last-Modified, 304 Not Modified).

The data's version is a declared page of the page cache (okportal/page_cache.py), renewed by
every change of a model the API shows; beside it the cache keeps the time of the last change. A
client that sends back the ETag or the date it got is answered 304 before any query is made.
"""

import hashlib
import time
from datetime import UTC, datetime

from django.core.cache import cache
from django.utils.translation import get_language
from django.views.decorators.http import condition

from okportal.page_cache import CachedPage


class ChangeTrackingVersion(CachedPage):
    """A declared page version that also remembers when the data last changed."""

    @property
    def changed_key(self) -> str:
        return f"{self.name}:changed-at"

    def _increment(self) -> None:
        super()._increment()
        cache.set(self.changed_key, int(time.time()), timeout=None)

    def changed_at(self) -> datetime:
        """When the data last changed; the first time anyone asks, if nothing has since the
        cache was emptied (a later date than the real one is only a needless full answer)."""
        changed = cache.get(self.changed_key)
        if changed is None:
            changed = int(time.time())
            if not cache.add(self.changed_key, changed, timeout=None):
                changed = cache.get(self.changed_key, changed)
        return datetime.fromtimestamp(changed, tz=UTC)

    def current_for(self, request) -> int:
        return _state(request)[0]

    def state(self) -> tuple[int, datetime]:
        """The version and when the data last changed, read together: one round trip to the
        cache for both headers of an answer."""
        found = cache.get_many([self.key, self.changed_key])
        version = found.get(self.key) or self.current()
        changed = found.get(self.changed_key)
        if changed is None:
            return version, self.changed_at()
        return version, datetime.fromtimestamp(changed, tz=UTC)


open_data = ChangeTrackingVersion(
    "api:open-data",
    shows=[
        "organisations.Theme", "organisations.Municipality", "organisations.Organisation",
        "organisations.WorkingGroup", "organisations.Membership",
        "dialogues.DialogueEvent", "dialogues.Topic", "dialogues.GuidingQuestion",
        "dialogues.Dialogue", "dialogues.Note",
        "agreements.Agreement", "agreements.AgreementVersion", "agreements.Section",
        "agreements.Principle", "agreements.Signature", "agreements.Meeting",
        "agreements.AgendaItem",
    ],
    in_parts=False,
)  # fmt: skip


def _state(request) -> tuple[int, datetime]:
    if not hasattr(request, "open_data_state"):
        request.open_data_state = open_data.state()
    return request.open_data_state


def data_version(request) -> int:
    """The open data's version this request is answered from (its ETag's)."""
    return _state(request)[0]


def _etag(request, *args, **kwargs) -> str:
    address = f"{get_language()}:{request.get_full_path()}"
    return hashlib.sha256(f"{_state(request)[0]}:{address}".encode()).hexdigest()[:32]


def _last_modified(request, *args, **kwargs) -> datetime:
    return _state(request)[1]


conditional = condition(etag_func=_etag, last_modified_func=_last_modified)
