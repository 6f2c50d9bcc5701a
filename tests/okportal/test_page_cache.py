"""The shared page cache: whole pages for anonymous visitors, fragments for everybody, both
out of date as soon as a model the page shows changes (and only those pages)."""

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.utils import translation

from okportal.page_cache import CachedPage, PageCacheMiddleware, cached_fragment

pytestmark = pytest.mark.django_db

version = CachedPage("tests:groups", shows=["auth.Group"])
# a page that shows other rows: a change of the groups leaves it as it is
permissions_page = CachedPage("tests:permissions", shows=["auth.Permission"])
rendered = []


@pytest.fixture(autouse=True)
def forget_rendered():
    rendered.clear()


@version
def groups_view(request):
    """The groups with their number of permissions, in the active language."""
    rendered.append(request)
    groups = ", ".join(f"{g.name} ({g.permissions.count()})" for g in Group.objects.all())
    return HttpResponse(f"{translation.get_language()}: {groups}")


@version
def form_view(request):
    rendered.append(request)
    return HttpResponse(f"<input name=csrfmiddlewaretoken value={get_token(request)}>")


# as served: whole pages are kept and served by the middleware
groups_page = PageCacheMiddleware(groups_view)
page_with_a_form = PageCacheMiddleware(form_view)


def visit(path="/grupper/", user=None, cookies=None, method="get"):
    request = getattr(RequestFactory(), method)(path)
    request.user = user or AnonymousUser()
    request.COOKIES.update(cookies or {})
    return request


def test_an_anonymous_visitor_gets_the_cached_page_without_a_query(
    django_assert_num_queries,
):
    Group.objects.create(name="Styrgruppen")
    first = groups_page(visit())
    with django_assert_num_queries(0):
        again = groups_page(visit())
    assert again.content == first.content == b"sv: Styrgruppen (0)"
    assert len(rendered) == 1


def test_the_cache_keeps_a_page_for_each_address():
    groups_page(visit("/grupper/"))
    groups_page(visit("/grupper/?sida=2"))
    assert len(rendered) == 2


def test_a_change_to_a_watched_model_is_seen_at_once():
    group = Group.objects.create(name="Före")
    assert groups_page(visit()).content == b"sv: F\xc3\xb6re (0)"
    group.name = "Efter"
    group.save()
    assert groups_page(visit()).content == b"sv: Efter (0)"
    group.permissions.add(Permission.objects.first())  # a many-to-many relation
    assert groups_page(visit()).content == b"sv: Efter (1)"
    group.delete()
    assert groups_page(visit()).content == b"sv: "


def test_a_change_leaves_the_pages_that_do_not_show_it():
    before = permissions_page.current()
    Group.objects.create(name="Ny")
    assert permissions_page.current() == before


def test_a_page_rendered_before_the_commit_is_not_kept(django_capture_on_commit_callbacks):
    group = Group.objects.create(name="Före")
    with django_capture_on_commit_callbacks(execute=True):
        group.name = "Efter"
        group.save()
        groups_page(visit())  # another process may still see the old rows here
    groups_page(visit())
    assert len(rendered) == 2


@pytest.mark.parametrize(
    "cookies",
    [{settings.SESSION_COOKIE_NAME: "a-session"}, {"messages": "Du är utloggad."}],
    ids=["session", "messages"],
)
def test_a_visitor_with_a_session_or_messages_is_not_served_the_anonymous_page(cookies):
    groups_page(visit())
    groups_page(visit(cookies=cookies))
    assert len(rendered) == 2


def test_a_signed_in_person_is_not_served_the_anonymous_page(django_user_model):
    groups_page(visit())
    person = django_user_model.objects.create_user(username="nina", password="x")
    groups_page(visit(user=person, cookies={settings.SESSION_COOKIE_NAME: "their-session"}))
    groups_page(visit(method="post"))
    assert len(rendered) == 3


def test_each_language_has_its_own_page():
    with translation.override("en"):  # as LocaleMiddleware does for /en/…
        assert groups_page(visit("/en/grupper/")).content == b"en: "
    with translation.override("sv"):
        assert groups_page(visit()).content == b"sv: "
    with translation.override("en"):
        assert groups_page(visit("/en/grupper/")).content == b"en: "
    assert len(rendered) == 2


@version
def english_view(request):
    translation.activate("en")  # a language taken from elsewhere than the address
    rendered.append(request)
    return HttpResponse(translation.get_language())


def test_a_page_in_another_language_than_its_address_is_not_kept():
    english_page = PageCacheMiddleware(english_view)
    assert english_page(visit("/grupper/")).content == b"en"
    english_page(visit("/grupper/"))
    assert len(rendered) == 2


def test_a_page_with_the_visitors_csrf_token_is_never_shared():
    page_with_a_form(visit())
    page_with_a_form(visit())
    assert len(rendered) == 2


def test_a_fragment_is_shared_by_everybody_until_a_change(django_user_model):
    built = []

    def build():
        built.append(1)
        return {"body": "<ul></ul>"}

    person = django_user_model.objects.create_user(username="nina", password="x")
    for request in (visit(), visit(user=person, cookies={settings.SESSION_COOKIE_NAME: "s"})):
        assert cached_fragment(version, "list", request, build) == {"body": "<ul></ul>"}
    assert len(built) == 1
    Group.objects.create(name="Ny")
    cached_fragment(version, "list", visit(), build)
    assert len(built) == 2


def test_after_the_cache_is_emptied_no_old_version_comes_back():
    before = version.current()
    for _ in range(3):
        version.bump()
    cache.clear()
    assert version.current() > before + 3
