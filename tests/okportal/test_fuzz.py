"""Odd input never makes a 500: every route of the URL resolver, with odd values in its path
parameters and in every query parameter its page offers (links and forms' fields), as GET and as
POST, as an anonymous visitor and as a coordinator (the admin's changelists, their filters and
forms included).

The portal holds the demo content. Each request runs inside a savepoint that is rolled back, so
one request's failure cannot spill into the next."""

import copy
import io
import os
import re
from collections import Counter
from urllib.parse import quote, unquote

import pytest
from django.contrib.admin.sites import site as admin_site
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern
from django.utils.regex_helper import normalize
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okportal import demo
from okportal.models import User

pytestmark = pytest.mark.django_db

# Already as they travel in an address: percent-escapes stay as written.
ODD_VALUES = [
    "%00",  # NUL
    "a%00b",
    "%C2%B2",  # superscript two: isdigit() but not int()
    "%D9%A3",  # Arabic-Indic three
    "99999999999999999999999999",  # past any integer column
    "-1",
    "0",
    "1e9",
    "%FF%FE",  # not UTF-8
    "%C3%28",  # a broken UTF-8 sequence
    "%E2%80%AE",  # right-to-left override
    "%27",  # '
    "%22",  # "
    "%27%22%3E%3Cscript%3E",
    "%5C",  # backslash
    "..%2F..%2Fetc%2Fpasswd",
    "%20",
    "",
    "x" * 10_000,
]

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", 1500))  # per role

# Query parameters asked on every page besides those it offers itself.
ALWAYS_ASKED = ["page", "q", "ar", "grupp", "old", "new", "next", "o", "p", "e", "_to_field"]

_QUERY_NAME = re.compile(r"""[?&](?:amp;)?([\w.-]+)=""")
_FIELD_NAME = re.compile(r"""<(?:input|select|textarea)[^>]*\bname="([\w.-]+)\"""")


def _regex_of(pattern) -> str:
    if isinstance(pattern, LocalePrefixPattern):
        return ""  # Swedish, at the root; English is drawn as a prefix
    return pattern.regex.pattern.removeprefix("^").removesuffix(r"\Z").removesuffix("$")


def routes(patterns=None, prefix="") -> list[tuple[str, tuple[str, ...]]]:
    """Every route of the resolver as (format string, parameter names), e.g.
    ("moten/%(slug)s/", ("slug",))."""
    found = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        regex = prefix + _regex_of(entry.pattern)
        if isinstance(entry, URLResolver):
            found += routes(entry.url_patterns, regex)
        else:
            template, params = normalize(regex)[0]
            found.append((template, tuple(params)))
    return sorted(set(found))


def real_values() -> dict[str, list[str]]:
    """Values that lead somewhere, by parameter name: the demo content's slugs, keys, codes."""
    from agreements.models import Meeting
    from dialogues.models import BarometerStatement, DialogueEvent, Topic
    from organisations.models import Organisation, WorkingGroup

    slugs = [
        *Organisation.objects.values_list("slug", flat=True)[:3],
        *WorkingGroup.objects.values_list("slug", flat=True)[:3],
        *DialogueEvent.objects.values_list("slug", flat=True)[:3],
        *Meeting.objects.values_list("slug", flat=True)[:3],
    ]
    keys = [str(pk) for pk in Topic.objects.values_list("pk", flat=True)[:3]] + ["1"]
    models = [(model._meta.app_label, model._meta.model_name) for model in admin_site._registry]
    return {
        "slug": slugs,
        "pk": keys,
        "object_id": keys,
        "id": keys,
        "code": list(BarometerStatement.objects.values_list("code", flat=True)[:3]),
        "app_label": sorted({app for app, _ in models}),
        "model_name": sorted({model for _, model in models}),
        "token": ["6f1c2a9e-0000-4000-8000-000000000000"],
        "key": ["abc"],
    }


def fill(template: str, params, values: dict[str, str]) -> str:
    return "/" + template % {name: values[name] for name in params}


class Tally:
    def __init__(self, client):
        self.client = client
        self.statuses: Counter = Counter()
        self.failures: list[str] = []

    def get(self, url: str, post: dict[str, str] | None = None):
        """GET `url`, or POST `post` to it; what it changes, rows and cookies, is undone."""
        savepoint = transaction.savepoint()
        cookies = copy.deepcopy(self.client.cookies)
        try:
            response = self.client.get(url) if post is None else self.client.post(url, post)
        finally:
            transaction.savepoint_rollback(savepoint)
            self.client.cookies = cookies
        self.statuses[response.status_code] += 1
        if response.status_code >= 500:
            self.failures.append(f"{'POST' if post is not None else 'GET'} {url[:300]} {post}")
        return response


def offered_parameters(tally, all_routes, values) -> dict[str, list[str]]:
    """Per route, the query parameters its page offers: in its links and its forms' fields."""
    offered = {}
    for template, params in all_routes:
        url = fill(template, params, {name: values.get(name, ["x"])[0] for name in params})
        response = tally.get(url)
        names = set(ALWAYS_ASKED)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            html = response.content.decode(errors="replace")
            names |= set(_QUERY_NAME.findall(html)) | set(_FIELD_NAME.findall(html))
        offered[template] = sorted(names - {"csrfmiddlewaretoken"})
    return offered


def fuzz(client, examples: int) -> Tally:
    tally = Tally(client)
    all_routes = routes()
    values = real_values()
    public_routes = [route for route in all_routes if not route[0].startswith("admin/")]
    offered = offered_parameters(tally, all_routes, values)

    def value_for(name):
        return st.one_of(
            st.sampled_from(ODD_VALUES),
            st.sampled_from(values.get(name) or ["x"]),
            st.text(st.characters(exclude_categories=("Cs",)), max_size=30).map(
                lambda text: quote(text, safe="")
            ),
        )

    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def one_request(data):
        # half the draws among the public routes, which the admin's many would crowd out
        template, params = data.draw(
            st.one_of(st.sampled_from(public_routes), st.sampled_from(all_routes)), "route"
        )
        path = fill(template, params, {name: data.draw(value_for(name), name) for name in params})
        language = data.draw(st.sampled_from(["", "/en"]), "language")
        names = data.draw(
            st.lists(st.sampled_from(offered[template]), max_size=3, unique=True), "query"
        )
        if "logout" not in template and data.draw(st.integers(0, 3), "method") == 0:
            # a POST of the page's fields (signing out would end the coordinator's visit)
            form = {name: unquote(data.draw(value_for(name), name)) for name in names}
            tally.get(language + path, post=form)
            return
        query = "&".join(f"{quote(name)}={data.draw(value_for(name), name)}" for name in names)
        url = language + path + (f"?{query}" if query else "")
        tally.get(url)  # every 500 is listed at the end, not only the first one

    one_request()
    return tally


@pytest.fixture
def demo_content():
    call_command("load_demo", stdout=io.StringIO())


def report(role, tally, capsys):
    with capsys.disabled():
        total = sum(tally.statuses.values())
        print(
            f"\nfuzz as {role}: {total} requests, statuses {dict(sorted(tally.statuses.items()))}"
        )


def test_no_odd_input_makes_a_500_for_an_anonymous_visitor(demo_content, capsys):
    tally = fuzz(Client(raise_request_exception=False), examples=EXAMPLES)
    report("anonymous", tally, capsys)
    assert tally.failures == []


def test_no_odd_input_makes_a_500_for_a_coordinator(demo_content, capsys):
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(email=demo.COORDINATOR_EMAIL))
    tally = fuzz(client, examples=EXAMPLES)
    report("coordinator", tally, capsys)
    assert tally.failures == []


def test_every_route_of_the_resolver_is_fuzzed():
    """The walk of the resolver finds the public pages, the barometer, allauth and the admin."""
    templates = {template for template, _ in routes()}
    for expected in ["moten/", "b/%(code)s/", "accounts/login/", "admin/", "overenskommelsen/"]:
        assert expected in templates
    assert any(t.startswith("admin/organisations/organisation/") for t in templates)
    assert len(templates) > 80
