"""No public page, feed or export shows a personal e-mail address, or the name of a person who
has not agreed to be shown: a crawl of every public route over the demo content, in both
languages, starting from every route of the URL resolver that takes no argument."""

import io
import re
from collections import Counter, deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils import timezone, translation

from okportal import demo
from okportal.models import User
from organisations.models import Membership, Organisation, Representative, WorkingGroup

from .factories import UserFactory

pytestmark = pytest.mark.django_db

NOT_PUBLIC = ("admin:", "account_", "healthz", "organisations:my_data", "organisations:register")
SKIPPED_PREFIXES = ("/static/", "/media/", "/admin/", "/accounts/", "/en/admin/", "/en/accounts/")
PAGES_PER_ROUTE = 6  # filters and pages of one list: a few of each are enough


def argument_free_routes(resolver=None, prefix="", namespace=""):
    """(name, path) of every route that takes no argument, as the resolver lists them."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from argument_free_routes(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern) and entry.name and not entry.pattern.converters:
            route = prefix + str(entry.pattern)
            if not any(c in route for c in "^$(<"):
                yield f"{namespace}{entry.name}", "/" + route


def people_on_the_pages():
    """Beside the demo: a representative who agreed to be shown, one who did not, and one who
    agreed but gave no name; all three speak for their organisation in a working group."""
    organisation = Organisation.objects.public().get(slug="natverket-vi")
    group = WorkingGroup.objects.filter(memberships__organisation=organisation).first()
    shown = UserFactory(name="Karin Lindqvist", email="karin.lindqvist@privat.example")
    hidden = UserFactory(name="Olle Nilsson", email="olle.nilsson@privat.example")
    nameless = UserFactory(name="", first_name="", last_name="", email="utan.namn@privat.example")
    others = Organisation.objects.public().exclude(pk=organisation.pk)[:3]
    for user, consent, other in zip(
        (shown, hidden, nameless), (True, False, True), others, strict=True
    ):
        Representative.objects.create(
            organisation=organisation,
            user=user,
            role="Ordförande" if consent else "Kassör",
            public_consent_at=timezone.now() if consent else None,
        )
        representative = Representative.objects.create(
            organisation=other, user=user, public_consent_at=timezone.now() if consent else None
        )
        Membership.objects.filter(group=group, organisation=other).delete()
        Membership.objects.create(
            group=group,
            organisation=other,
            representative=representative,
            status=Membership.Status.ACTIVE,
        )
    return organisation, group


def personal_addresses() -> set[str]:
    addresses = set(User.objects.values_list("email", flat=True))
    for label in ("account.EmailAddress", "organisations.Invitation", "agreements.Attendance"):
        model = apps.get_model(label)
        addresses |= set(model.objects.exclude(email="").values_list("email", flat=True))
    organisations = set(Organisation.objects.values_list("email", flat=True))
    return {a.lower() for a in addresses - organisations if a}


def crawl(client, starts):
    """Every page reachable from `starts` by links, anonymously: {path: (status, type, body)}."""
    seen, pages, per_route = set(starts), {}, Counter()
    queue = deque(starts)
    while queue:
        url = queue.popleft()
        response = client.get(url)
        body = b"".join(response) if response.streaming else response.content
        kind = response.get("Content-Type", "")
        pages[url] = (response.status_code, kind, body.decode("utf-8", "replace"))
        if response.status_code != 200 or "html" not in kind:
            continue
        for href in re.findall(r'href="([^"]+)"', pages[url][2]):
            link = urldefrag(href.replace("&amp;", "&"))[0]
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not link.startswith("/") or link in seen:
                continue
            if link.startswith(SKIPPED_PREFIXES):
                continue
            try:
                route = resolve(parts.path).view_name
            except Resolver404:
                continue
            if parts.query and per_route[route] >= PAGES_PER_ROUTE:
                continue
            per_route[route] += 1
            seen.add(link)
            queue.append(link)
    return pages


def view_name(path: str) -> str:
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return ""


def test_no_public_page_feed_or_export_shows_a_personal_address(client):
    demo.load_all(io.StringIO())
    organisation, group = people_on_the_pages()
    addresses = personal_addresses()
    assert {"karin.lindqvist@privat.example", "samordnare@example.org"} <= addresses

    starts = []
    for language in ("sv", "en"):
        with translation.override(language):
            starts += [
                path
                for name, path in argument_free_routes()
                if not name.startswith(NOT_PUBLIC) and not path.startswith(SKIPPED_PREFIXES)
            ]
    pages = crawl(client, starts)

    reached = {view_name(path) for path, (status, _, _) in pages.items() if status == 200}
    assert {
        "home",
        "organisations:directory",
        "organisations:detail",
        "organisations:groups",
        "organisations:group_detail",
        "dialogues:events",
        "dialogues:event",
        "dialogues:topic",
        "agreements:agreement",
        "agreements:principles",
        "agreements:signatories",
        "agreements:meeting_list",
        "agreements:meeting_detail",
        "agreements:calendar",
        "agreements:minutes_feed",
    } <= reached
    assert len(pages) > 60
    assert not [path for path, (status, _, _) in pages.items() if status >= 500]

    for path, (_status, _kind, body) in pages.items():
        lowered = body.lower()
        shown = [address for address in addresses if address in lowered]
        assert not shown, f"{path} shows {shown}"
        assert "Olle Nilsson" not in body, path
        assert "utan.namn" not in lowered, path

    for language in ("sv", "en"):
        with translation.override(language):
            page = pages[organisation.get_absolute_url()][2]
            assert "Karin Lindqvist, Ordförande" in page
            assert "Kassör" not in page
            assert "Karin Lindqvist" in pages[group.get_absolute_url()][2]
