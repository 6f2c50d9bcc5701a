"""Queries per public page, pinned exactly and the same however much data there is: the pages of
the benchmark (bench/), filled by the benchmark's own builders at two sizes, rendered for an
anonymous visitor whose address misses the page cache and for a signed-in visitor. Once the page
is rendered, its shared parts serve a new address and the next signed-in visitor with no query
of the page's own: nothing for an anonymous visitor, nor for a signed-in one (the person was
read once and is kept, okportal/auth_backends.py)."""

import pytest
from django.core.cache import cache
from django.test import Client

from bench import agreements_pages, dialogues_event, organisations_directory
from organisations.models import Municipality
from tests.organisations.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

# path → queries when rendered for an anonymous visitor (a signed-in one adds the person the
# first time; the session comes from the cache)
PAGES = {
    # agreement, versions, the version out for consultation beside the adopted one, sections,
    # their principles, comments, minutes items, cited topics, cited notes, phases
    "/overenskommelsen/": 10,
    # meeting with group, items, attachments, agreement sections, season dates, adjusters,
    # attendance
    f"/moten/{agreements_pages.MEETING_SLUG}/": 7,
    # agreement, versions, sections of the two compared versions
    "/overenskommelsen/versioner/?old=1&new=2": 3,
    # groups that meet, archive years, upcoming, archive of one year, its items
    "/moten/": 5,
    # agreement, current phase, next meetings, newest minutes, newest dialogues
    "/": 5,
    # municipalities and themes of the filter form, count, page, its municipalities and themes
    # (one query)
    "/organisationer/": 5,
    "/organisationer/?sector=ideburen&municipality=karlstad": 6,
    # … a search's page and its count in one (its rows tell whether the words found anything)
    "/organisationer/?q=idrott": 4,
    # event with themes, topics, questions, dialogues, their notes, statements, sources
    f"/dialoger/{dialogues_event.SLUG}/": 8,
}


@pytest.fixture(params=[1, 4], ids=["small", "four times as much"])
def data(request):
    size = request.param
    agreements_pages.build(items=5 * size, sections=4 * size)
    dialogues_event.build_event(notes=20 * size)
    organisations_directory.build(count=30 * size)
    for _ in range(size):  # at least one found by the filtered address below, whatever the draw
        OrganisationFactory(sector="ideburen").municipalities.add(
            Municipality.objects.get(slug="karlstad")
        )


@pytest.mark.parametrize("path", PAGES)
def test_queries_per_page_do_not_grow_with_the_data(data, path, django_assert_num_queries):
    with django_assert_num_queries(PAGES[path]):
        assert Client().get(path).status_code == 200
    separator = "&" if "?" in path else "?"
    with django_assert_num_queries(0):  # a new address: the shared parts
        assert Client().get(f"{path}{separator}utm_source=nyhetsbrev").status_code == 200
    cache.clear()  # nothing shared yet: the signed-in visitor's page is rendered too
    signed_in = Client()
    signed_in.force_login(UserFactory())
    with django_assert_num_queries(PAGES[path] + 1):
        assert signed_in.get(path).status_code == 200
    with django_assert_num_queries(0):  # the shared parts, the person kept
        assert signed_in.get(path).status_code == 200
