"""Cached public pages: each page declares, beside its view, the models whose rows it shows.

    agreement_page = CachedPage("agreements:agreement", shows=["agreements.Section", …])

    @agreement_page
    def agreement_text(request): …

A `CachedPage` is a content version of its own, kept in the cache. Every save, delete or change
of a many-to-many relation of a model it shows starts a new version of that page (and only of
the pages that show that model), at once and again when the transaction commits (a page
rendered in between saw the old rows and must not outlive the commit). Whatever was cached
under an older version is rebuilt on its next request. Code that changes rows without signals
(`update()`, `bulk_create()`) calls `changed(Model)` itself.

Three layers, each keyed by the language and the address:

- The whole page, for visitors who are not signed in and have no session or messages cookie
  (most of the public), kept for the address as it was asked (when it asks for nothing the
  page does not read: see the shared parts below), content and headers, and served
  by PageCacheMiddleware before the rest of the middleware runs. Each process also keeps its
  own copy of recently served pages, so that a hit costs one round trip to the cache (the
  page's version).
- The page's shared parts (its title, head and content blocks, marked `{% shared_part %}` in
  base.html): for everybody else but coordinators — a new address, a signed-in person — the
  view is not called at all; the page around the parts (header, account links, messages,
  language links) is rendered for this visitor. Kept for the page's canonical address: its
  path and the query parameters it `reads` (a newsletter's `utm_source` asks for no new page;
  the view is given only those parameters, so what it renders depends on nothing else).
- `cached_fragment(page, name, request, build)`: a part of a page that is the same for
  everybody at this address (a list, the members) on a page whose parts are not shared (the
  group page's buttons are the visitor's own); `cached_fragments(page, request, {...})`:
  parts that depend on less than the address (a filter's field for its value). Read with the
  version, one round trip for them all, none when the request has read the version already and
  the process has its own copies (each GET reads a version once).
"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import activate, get_language, get_language_from_path

from .local_copies import LocalCopies


class ContentVersion:
    """The version of what a page shows, kept in the cache under `name`.

    `timeout` (seconds) bounds how long a page is kept at all: what depends on the clock
    (coming meetings versus the archive) is at most that old."""

    in_parts = True  # see CachedPage

    def __init__(self, name: str, timeout: int = 600, reads: Iterable[str] | None = None) -> None:
        self.name = name
        self.key = f"{name}:content-version"
        self.timeout = timeout
        self.reads = None if reads is None else frozenset(reads)

    def __repr__(self) -> str:
        return f"ContentVersion({self.name!r})"

    def current(self) -> int:
        """The version now. It starts from the clock (in microseconds), not from 1, so that after
        the cache is emptied no old number comes back: processes still keep pages under them."""
        current = cache.get(self.key)
        if current is None:
            start = time.time_ns() // 1000
            if cache.add(self.key, start, timeout=None):
                return start
            current = cache.get(self.key, start)
        return current

    def current_for(self, request: HttpRequest) -> int:
        """The version this request is answered from (a subclass may read it with more)."""
        return self.current()

    def bump(self, **_signal: Any) -> None:
        """Everything cached is out of date: now, and again when the transaction commits."""
        self._increment()
        transaction.on_commit(self._increment)

    def _increment(self) -> None:
        try:
            cache.incr(self.key)
        except ValueError:  # not set: nothing is cached under a version yet
            self.current()


class Fields:
    """A model's rows as a page shows them: only a change of these fields (or a row added or
    removed) makes the page out of date — a directory's page shows an organisation whole, the
    agreement page only the name of one that commented. Give it in `shows` instead of the
    model's label. Names are the model's concrete fields (a foreign key by its name)."""

    def __init__(self, label: str, *names: str) -> None:
        self.label = label
        self.names = frozenset(names)


# model label ("app_label.Model") → the pages that show its rows, each with the fields it shows
# (None: the whole row)
_SHOWN_ON: dict[str, list[tuple[ContentVersion, frozenset[str] | None]]] = defaultdict(list)
# every declared page, by name
PAGES: dict[str, CachedPage] = {}


class CachedPage(ContentVersion):
    """A page (or the pages of one view) and the models whose rows it shows (labels, or
    `Fields` of a model); used as the view's decorator (`shared_with_signed_in`: see
    cached_public_page). `reads`: the query parameters that change what the page shows (None:
    all of them). `fragments_of`: other versions its view keeps fragments under (its form's
    choices), read with its own. `in_parts`: False for answers that are not pages of base.html
    (the open data), which have no shared parts to look for. Declare it at import time of a
    module that the app's ready() imports (its views), so that every process — web, worker,
    shell — keeps it up to date."""

    def __init__(
        self,
        name: str,
        *,
        shows: Iterable[str | Fields],
        reads: Iterable[str] | None = None,
        timeout: int = 600,
        shared_with_signed_in: bool = True,
        in_parts: bool = True,
        fragments_of: Iterable[ContentVersion] = (),
    ) -> None:
        super().__init__(name, timeout, reads)
        self.shared_with_signed_in = shared_with_signed_in
        self.in_parts = in_parts
        self.fragments_of = tuple(fragments_of)
        shown = [(s, None) if isinstance(s, str) else (s.label, s.names) for s in shows]
        # model label → the fields shown (None: the whole row)
        self.fields_shown = {apps.get_model(label)._meta.label: names for label, names in shown}
        self.shows = tuple(self.fields_shown)
        if name in PAGES:
            raise ValueError(f"a cached page named {name!r} is declared twice")
        PAGES[name] = self
        for label, names in self.fields_shown.items():
            _SHOWN_ON[label].append((self, names))
            _watch(label)

    def __repr__(self) -> str:
        return f"CachedPage({self.name!r})"

    def __call__(self, view):
        return cached_public_page(self, self.shared_with_signed_in)(view)


def changed(model: type[models.Model] | str, fields: Iterable[str] | None = None) -> None:
    """Rows of `model` changed (only `fields` of them, when known): every page that shows
    them is out of date."""
    label = model if isinstance(model, str) else model._meta.label
    fields = None if fields is None else frozenset(fields)
    for page, names in _SHOWN_ON.get(label, ()):
        if fields is None or names is None or names & fields:
            page.bump()


def _narrowed_fields(label: str) -> frozenset[str]:
    """The fields that some page watches alone, of all the pages showing `label`."""
    return frozenset().union(*(n for _page, n in _SHOWN_ON[label] if n is not None))


def _watch(label: str) -> None:
    """Connect the signals of a model once: saves, deletes, its many-to-many relations. A save
    of a row that existed tells which watched fields it changed (read before the save)."""
    model = apps.get_model(label)

    def before_save(instance, raw: bool = False, update_fields=None, **_signal: Any) -> None:
        watched = _narrowed_fields(label)
        if update_fields is not None:
            watched = watched & frozenset(update_fields)
        if watched and not raw and not instance._state.adding and instance.pk is not None:
            fields = [model._meta.get_field(name).attname for name in watched]
            before = model._base_manager.filter(pk=instance.pk).values(*fields).first()
            instance._page_cache_before = before

    def on_save(instance, created: bool = False, update_fields=None, **_signal: Any) -> None:
        before = instance.__dict__.pop("_page_cache_before", None)
        if created or before is None:
            fields = None if update_fields is None or created else update_fields
        else:
            fields = {name for name, value in before.items() if getattr(instance, name) != value}
            fields = {model._meta.get_field(name).name for name in fields}
        changed(label, fields)

    def on_delete(**_signal: Any) -> None:
        changed(label)

    def on_relation_change(action: str, **_signal: Any) -> None:
        if action.startswith("post_"):
            changed(label)

    uid = f"page-cache:{label}"
    pre_save.connect(before_save, sender=model, weak=False, dispatch_uid=uid)
    post_save.connect(on_save, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(on_delete, sender=model, weak=False, dispatch_uid=uid)
    for field in model._meta.local_many_to_many:
        m2m_changed.connect(
            on_relation_change,
            sender=field.remote_field.through,
            weak=False,
            dispatch_uid=f"{uid}.{field.name}",
        )


def _canonical_address(version: ContentVersion, request: HttpRequest) -> str:
    """The path and the query parameters the page reads, in a fixed order."""
    if version.reads is None:
        return request.get_full_path()
    query = sorted((name, value) for name, value in _read_parameters(version, request).items())
    return f"{request.path}?{urlencode(query, doseq=True)}"


def _read_parameters(version: ContentVersion, request: HttpRequest) -> dict[str, list[str]]:
    return {name: request.GET.getlist(name) for name in request.GET if name in version.reads}


def _given_only_what_it_reads(version: ContentVersion, request: HttpRequest) -> None:
    if version.reads is not None:
        query = QueryDict(mutable=True)
        for name, values in _read_parameters(version, request).items():
            query.setlist(name, values)
        query._mutable = False
        request.GET = query


def _key(version: ContentVersion, kind: str, request: HttpRequest, canonical=False) -> str:
    address = _canonical_address(version, request) if canonical else request.get_full_path()
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    return f"{version.name}:{kind}:{get_language()}:{digest}"


def cached_fragment(
    version: ContentVersion,
    name: str,
    request: HttpRequest,
    build: Callable[[], Any],
    vary: Iterable[Any] | None = None,
) -> Any:
    """The fragment `name` of this address in the current language, from the cache or from
    `build()` (anything the cache can store: a string of HTML, a dict of them). `vary`: what
    the fragment depends on, when that is less than the address (see cached_fragments).

    A fragment of the whole address is not kept a second time while the page's shared parts,
    which hold it, are being kept for this address (it serves those who get the page rendered:
    coordinators, and the visitors of a page whose parts are not shared)."""
    if vary is not None:
        return cached_fragments(version, request, {name: (vary, build)})[name]
    parts = getattr(request, "page_parts", None)
    if parts is not None and parts.given is None:
        return build()
    key = _key(version, f"fragment:{name}", request, canonical=True)
    return _fragments(version, request, {key: build})[key]


def cached_fragments(
    version: ContentVersion,
    request: HttpRequest,
    fragments: dict[str, tuple[Iterable[Any], Callable[[], Any]]],
) -> dict[str, Any]:
    """Fragments that depend on less than the address, each `name: (what it depends on,
    build)`, in the current language: from the process's own copy or the cache (one round
    trip at most for them all), or built."""
    language = get_language()
    keys = {}
    for name, (vary, _build) in fragments.items():
        digest = hashlib.sha256(repr(tuple(vary)).encode()).hexdigest()[:32]
        keys[name] = f"{version.name}:fragment:{name}:{language}:{digest}"
    found = _fragments(
        version, request, {keys[name]: build for name, (_, build) in fragments.items()}
    )
    return {name: found[key] for name, key in keys.items()}


def _fragments(version: ContentVersion, request: HttpRequest, builds: dict[str, Callable]) -> dict:
    stored, current = _kept(version, request, list(builds))
    built = {key: (current, build()) for key, build in builds.items() if key not in stored}
    if built:
        cache.set_many(built, version.timeout)
        _local_kept.put_many(built)
    return {key: (stored.get(key) or built[key])[1] for key in builds}


# A session may hold a signed-in person or waiting messages; the messages cookie holds messages.
# Other cookies (the CSRF token, a language choice) do not change a public page.
_MESSAGES_COOKIE = "messages"


def _without_personal_cookies(request: HttpRequest) -> bool:
    return not any(
        name in request.COOKIES for name in (settings.SESSION_COOKIE_NAME, _MESSAGES_COOKIE)
    )


def _is_anonymous_visit(request: HttpRequest) -> bool:
    """A GET by somebody not signed in, with nothing personal waiting for them."""
    return (
        request.method == "GET"
        and _without_personal_cookies(request)
        and not request.user.is_authenticated
    )


# set by django.middleware.csrf.get_token: the visitor's CSRF token is in what was rendered
_CSRF_USED = "CSRF_COOKIE_NEEDS_UPDATE"


def _complete(response: HttpResponse) -> bool:
    """A whole answer, setting no cookie for this visitor."""
    return response.status_code == 200 and not response.streaming and not response.cookies


def _shareable(request: HttpRequest, response: HttpResponse) -> bool:
    """A whole page that anybody else may be given: complete, and no CSRF token of this
    visitor's in it (using one renews their cookie after the view)."""
    return _complete(response) and not request.META.get(_CSRF_USED)


class PageParts:
    """The shared parts of one page being served: `given` (from the cache: base.html shows them
    instead of rendering its blocks), or being kept as they are rendered."""

    def __init__(self, given: dict[str, str] | None = None) -> None:
        self.given = given
        self.kept: dict[str, str] = {}
        self.personal = False

    def render(self, request: HttpRequest, name: str, render_block: Callable[[], str]) -> str:
        if self.given is not None:
            return self.given.get(name, "")
        before = request.META.pop(_CSRF_USED, None)
        html = render_block()
        # a form with this visitor's CSRF token is theirs alone
        self.personal = self.personal or bool(request.META.get(_CSRF_USED))
        if before:
            request.META[_CSRF_USED] = before
        self.kept[name] = html
        return html


def shared_part(request: HttpRequest | None, name: str, render_block: Callable[[], str]) -> str:
    """A part of the page (base.html's `{% shared_part %}`): given, kept or just rendered."""
    parts = getattr(request, "page_parts", None)
    return render_block() if parts is None else parts.render(request, name, render_block)


# the headers of a view's own response that its parts are served with again
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Last-Modified", "X-Robots-Tag")


def _served_in_parts(
    version: ContentVersion,
    kind: str,
    request: HttpRequest,
    view: Callable[[], HttpResponse],
) -> tuple[HttpResponse, int]:
    """The page from its shared parts, rendered around them for this visitor; or, when they
    are not kept yet, the view's own page, whose parts are kept for the next visitor. With the
    version of the content it shows."""
    key = _parts_key(version, kind, request)
    stored, current = _kept(version, request, [key])
    stored = stored.get(key)
    if stored is not None:
        request.page_parts = PageParts(given=stored[1])
        response = render(request, "okportal/shell.html")
        for header, value in stored[2]:
            response[header] = value
        return response, current
    parts = request.page_parts = PageParts()
    response = view()
    if hasattr(response, "render"):  # a TemplateResponse: its content is needed now
        response.render()
    if _complete(response) and "content" in parts.kept and not parts.personal:
        headers = [(name, response[name]) for name in _KEPT_HEADERS if response.has_header(name)]
        _keep(key, (current, parts.kept, headers), version.timeout)
    return response, current


# Each process keeps its own copy of the parts and fragments it served last: a page's parts are
# tens of kilobytes, its version a number, and only the number is asked of the cache then.
_local_kept = LocalCopies(size=512)


def _versions_read(request: HttpRequest | None) -> dict[str, int] | None:
    """The content versions this request has read, by their keys: a GET (which changes no
    content) asks the cache for each once, however many parts of its page are kept under it."""
    if request is None or request.method not in ("GET", "HEAD"):
        return None
    if not hasattr(request, "content_versions"):
        request.content_versions = {}
    return request.content_versions


def _kept(
    version: ContentVersion, request: HttpRequest, keys: list[str]
) -> tuple[dict[str, tuple], int]:
    """What is kept under `keys` for the content's version now, and that version: at most one
    round trip to the cache (with the versions of the page's other fragments); none when this
    request has read the versions already and the process has its own copies."""
    versions = _versions_read(request)
    if versions is None:  # not kept beyond this call
        versions = {}
    local = _local_kept.get_many(keys)
    others = (other.key for other in getattr(version, "fragments_of", ()))
    wanted = [name for name in (version.key, *others) if name not in versions]
    known = versions.get(version.key)  # copies of another version than it are asked again
    asked = [k for k in keys if k not in local or (known is not None and local[k][0] != known)]
    found = cache.get_many(wanted + asked) if wanted or asked else {}
    stored = {**local, **{key: found.pop(key) for key in asked if key in found}}
    versions.update(found)
    current = versions[version.key] = versions.get(version.key) or version.current()
    older = [key for key in keys if key not in asked and key in local and local[key][0] != current]
    if older:  # the process's copies are of an older version than the one just read
        stored.update(cache.get_many(older))
    stored = {key: kept for key, kept in stored.items() if kept[0] == current}
    _local_kept.put_many({key: kept for key, kept in stored.items() if local.get(key) is not kept})
    return stored, current


def _keep(key: str, stored: tuple, timeout: int) -> None:
    cache.set(key, stored, timeout)
    _local_kept.put(key, stored)


def _parts_key(version: ContentVersion, kind: str, request: HttpRequest) -> str:
    return _key(version, f"parts:{kind}", request, canonical=True)


def _served_anonymously(version: ContentVersion, request: HttpRequest, view) -> HttpResponse:
    """The page around its shared parts; the whole page is then kept for this address by
    PageCacheMiddleware, which serves it to the next anonymous visitor."""
    if version.in_parts:
        response, current = _served_in_parts(version, "anonymous", request, view)
    else:
        current = version.current_for(request)
        response = view()
    if _shareable(request, response) and _asks_only_what_it_reads(version, request):
        request.keep_page = (version, current)
    return response


def _asks_only_what_it_reads(version: ContentVersion, request: HttpRequest) -> bool:
    """Whether the address holds no query parameter the page does not read. Others (a
    newsletter's `utm_source`, a click's own id) are served from the page's parts: a copy of
    the whole page kept for every such address would fill the cache with pages asked once."""
    asked = QueryDict(request.META.get("QUERY_STRING", ""))
    return version.reads is None or asked.keys() <= version.reads


# A page kept whole: served from this process's memory (checked against its version in the
# cache) or from the cache, before sessions, CSRF, authentication and messages are looked at.
_local_pages = LocalCopies(size=512)
_PAGE_HEADERS_NOT_KEPT = {"content-length", "set-cookie", "date"}
_CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")


def _language_of(request: HttpRequest) -> str:
    """The language of the page at this address, known before LocaleMiddleware runs: the
    cached pages' addresses all carry it (i18n_patterns; none for Swedish)."""
    return get_language_from_path(request.path_info) or settings.LANGUAGE_CODE


def _page_key(request: HttpRequest) -> str:
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"page:{_language_of(request)}:{digest}"


def _kept_page(request: HttpRequest, key: str) -> HttpResponse | None:
    stored = _local_pages.get(key)
    if stored is None or stored[2] < time.time():
        stored = cache.get(key)
        if stored is None:
            return None
        _local_pages.put(key, stored)
    version_key, number, _expires, content, headers = stored
    current = cache.get(version_key)
    if current != number:
        if current is not None:  # the view, called now, need not ask again
            _versions_read(request)[version_key] = current
        return None
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    return response


def _keep_page(key: str, version: ContentVersion, number: int, response: HttpResponse) -> None:
    headers = [(n, v) for n, v in response.items() if n.lower() not in _PAGE_HEADERS_NOT_KEPT]
    stored = (version.key, number, time.time() + version.timeout, response.content, headers)
    cache.set(key, stored, version.timeout)
    _local_pages.put(key, stored)


class PageCacheMiddleware:
    """Whole public pages for anonymous visitors (a GET without a session or messages
    cookie), as they were sent: content and headers. Placed at the top of MIDDLEWARE (after
    the security and static-file middleware), so that a kept page costs none of the rest; a
    page is kept when its CachedPage view says it may be (`request.keep_page`) and the
    response, all middleware done, sets no cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            not _without_personal_cookies(request)
            or request.method not in ("GET", "HEAD")
            # a client that has a copy is answered by the view (304 when it is current)
            or any(header in request.META for header in _CONDITIONAL_HEADERS)
        ):
            return self.get_response(request)
        # LocaleMiddleware has not run yet: should the cache fail, the error page is still in
        # the language of the address
        activate(_language_of(request))
        key = _page_key(request)
        if (kept := _kept_page(request, key)) is not None:
            return kept
        response = self.get_response(request)
        keep = getattr(request, "keep_page", None)
        if keep is not None and _complete(response) and get_language() == _language_of(request):
            _keep_page(key, *keep, response)
        return response


def cached_public_page(version: ContentVersion, shared_with_signed_in: bool = False):
    """Serve the view's whole page from the cache to visitors who are not signed in and have no
    session or messages cookie, and its shared parts (see the module's text) to the others.

    `shared_with_signed_in`: the page shows everybody the same but for base.html's header and
    messages, so signed-in visitors (and anonymous ones with a session) are served its parts
    too — one copy per signed-in state. Coordinators (who may see drafts and previews) always
    get the page rendered afresh."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            def call_view() -> HttpResponse:
                _given_only_what_it_reads(version, request)
                return view(request, *args, **kwargs)

            if _is_anonymous_visit(request):
                return _served_anonymously(version, request, call_view)
            if (
                not shared_with_signed_in
                or not version.in_parts
                or request.method != "GET"
                or request.user.is_staff
            ):
                return view(request, *args, **kwargs)
            kind = "signed-in" if request.user.is_authenticated else "with-session"
            return _served_in_parts(version, kind, request, call_view)[0]

        return wrapper

    return decorator
