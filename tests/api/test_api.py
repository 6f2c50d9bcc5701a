"""/api/: read-only open data, public rows and fields only, paged, filtered, conditional."""

import csv
import datetime
import io
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agreements.models import Meeting
from organisations.models import Membership, Organisation, Theme
from tests.agreements.factories import (
    AgendaItemFactory,
    MeetingFactory,
    SectionFactory,
    SignatureFactory,
    VersionFactory,
)
from tests.dialogues.factories import EventFactory, NoteFactory, TopicFactory
from tests.organisations.factories import (
    MembershipFactory,
    OrganisationFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db


def get(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, response.content[:300]
    return response


def test_organizations_are_the_approved_ones_with_public_fields_in_popolo_names(client):
    organisation = OrganisationFactory(
        name="Föreningen Ljus", slug="ljus", email="kassor@example.org",
        organisation_number="802000-1234", website="https://ljus.example.org",
    )  # fmt: skip
    organisation.themes.add(Theme.objects.get(slug="folkhalsa"))
    OrganisationFactory(name="Väntande", status=Organisation.Status.PENDING)
    body = get(client, "/api/organizations/").json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["id"] == "ljus" and row["name"] == "Föreningen Ljus"
    assert row["classification"] == "ideburen"
    assert row["themes"] == [{"id": "folkhalsa", "name": "Folkhälsa"}]
    assert row["identifiers"] == [{"scheme": "se-organisationsnummer", "identifier": "802000-1234"}]
    assert row["links"] == [{"url": "https://ljus.example.org", "note": "website"}]
    assert "@" not in get(client, "/api/organizations/").content.decode()
    assert get(client, "/api/organizations/ljus/").json()["name"] == "Föreningen Ljus"
    get(client, "/api/organizations/vantande/", status=404)


def test_organizations_take_the_directory_filters(client):
    OrganisationFactory(name="Ljusföreningen").themes.add(Theme.objects.get(slug="folkhalsa"))
    OrganisationFactory(name="Mörkerföreningen")
    rows = get(client, "/api/organizations/", theme="folkhalsa").json()["results"]
    assert [r["name"] for r in rows] == ["Ljusföreningen"]
    assert get(client, "/api/organizations/", q="mörker").json()["count"] == 1
    body = get(client, "/api/organizations/", status=400, theme="finns-inte").json()
    assert "theme" in body


def test_lists_are_paged(client):
    for n in range(3):
        OrganisationFactory(name=f"Förening {n}")
    OrganisationFactory(name="Väntande", status=Organisation.Status.PENDING)
    body = get(client, "/api/organizations/", page_size=2).json()
    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"]
    last = get(client, "/api/organizations/", page_size=2, page=2).json()
    assert last["count"] == 3 and len(last["results"]) == 1 and not last["next"]
    assert get(client, "/api/organizations/", page_size=2, page="last").json() == last
    Organisation.objects.get(name="Förening 1").themes.add(Theme.objects.get(slug="ensamhet"))
    filtered = get(client, "/api/organizations/", theme="ensamhet").json()
    assert filtered["count"] == 1 and filtered["results"][0]["name"] == "Förening 1"
    get(client, "/api/organizations/", status=404, page=9)
    get(client, "/api/organizations/", status=404, page="x")


def test_memberships_name_the_member_and_the_group_never_a_person(client):
    group = WorkingGroupFactory(slug="radet")
    membership = MembershipFactory(group=group, status=Membership.Status.ACTIVE, role="ordforande")
    MembershipFactory(group=group, status=Membership.Status.REQUESTED)
    rows = get(client, "/api/memberships/", organization_id="radet").json()["results"]
    assert rows[0].pop("start_date") == membership.joined_at.astimezone().isoformat()
    assert rows == [
        {
            "id": membership.pk,
            "member": {"id": membership.organisation.slug, "name": membership.organisation.name},
            "organization_id": "radet",
            "role": "ordforande",
            "end_date": None,
        }
    ]


def test_events_are_meetings_with_published_minutes(client):
    start = timezone.make_aware(datetime.datetime(2021, 4, 29, 9))
    published = MeetingFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=2),
                               status=Meeting.Status.PUBLISHED)  # fmt: skip
    AgendaItemFactory(meeting=published, number=4, title="Folkhälsa", decision="Beslutat.")
    MeetingFactory(status=Meeting.Status.DRAFT)
    rows = get(client, "/api/events/").json()["results"]
    assert [r["id"] for r in rows] == [published.slug]
    assert rows[0]["classification"] == "meeting"
    assert rows[0]["organization_id"] == published.group.slug
    detail = get(client, f"/api/events/{published.slug}/").json()
    assert detail["items"][0]["title"] == "Folkhälsa"
    assert detail["items"][0]["decision"] == "Beslutat."
    assert get(client, "/api/events/", year="2020").json()["count"] == 0


def test_dialogue_events_with_topics_and_notes_published_only(client):
    topic = TopicFactory(title="Folkhälsa", event__slug="open-space")
    NoteFactory(topic=topic, text="Nå ut via föreningarna")
    EventFactory(slug="utkast", is_published=False)
    assert [r["id"] for r in get(client, "/api/dialogue-events/").json()["results"]] == [
        "open-space"
    ]
    detail = get(client, "/api/dialogue-events/open-space/").json()
    assert detail["topics"][0]["notes"][0]["text"] == "Nå ut via föreningarna"
    get(client, "/api/dialogue-events/utkast/", status=404)


def test_versions_principles_and_signatures(client):
    version = VersionFactory(number=1, status="consultation")
    SectionFactory(version=version, heading="Samverkan")
    VersionFactory(agreement=version.agreement, number=2, status="withdrawn")
    SignatureFactory(version=version, organisation=OrganisationFactory(name="Ljus"))
    versions = get(client, "/api/agreement/versions/").json()["results"]
    assert [v["number"] for v in versions] == [1]
    assert versions[0]["sections"][0]["heading"] == "Samverkan"
    signatures = get(client, "/api/agreement/signatures/").json()["results"]
    assert signatures[0]["organization"]["name"] == "Ljus" and signatures[0]["version"] == 1


def test_conditional_requests_get_304_until_something_changes(client):
    OrganisationFactory(name="Ljus")
    first = get(client, "/api/organizations/")
    etag, modified = first["ETag"], first["Last-Modified"]
    again = client.get("/api/organizations/", headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b""
    since = client.get("/api/organizations/", headers={"if-modified-since": modified})
    assert since.status_code == 304
    OrganisationFactory(name="Mörker")
    changed = client.get("/api/organizations/", headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed.json()["count"] == 2


def test_a_deep_page_works_out_places_and_themes_for_its_own_rows_only(client):
    """PostgreSQL computes a row's columns for every row an OFFSET skips: the page's keys are
    found first, so the places' and themes' subqueries run once for each row shown."""
    for n in range(45):
        OrganisationFactory(name=f"Förening {n:02}")
    with CaptureQueriesContext(connection) as queries:
        rows = get(client, "/api/organizations/", page=2).json()["results"]
    assert [row["name"] for row in rows] == [f"Förening {n:02}" for n in range(20, 40)]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + queries.captured_queries[-1]["sql"])
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    loops = list(_subplan_loops(plan[0]["Plan"]))
    assert loops and max(loops) <= 20, loops


def test_pages_are_read_by_keys_kept_until_the_data_changes(client, django_assert_num_queries):
    """The keys of all organisations, in order, are read once for each version of the data;
    a page is its slice of them (no OFFSET: page 400 of 10,000 cost as much as page 1)."""
    for n in range(45):
        OrganisationFactory(name=f"Förening {n:02}")
    # the keys in order, the page's rows by their keys (with their places and themes)
    with django_assert_num_queries(2):
        first = get(client, "/api/organizations/", page=1).json()
    # the keys kept: each other page is one query
    with django_assert_num_queries(1):
        last = get(client, "/api/organizations/", page=3).json()
    assert [row["name"] for row in last["results"]] == [f"Förening {n}" for n in range(40, 45)]
    assert first["count"] == last["count"] == 45
    # a change of the data is a new version: the keys are read again
    Organisation.objects.get(name="Förening 00").delete()
    with django_assert_num_queries(2):
        again = get(client, "/api/organizations/", page=1).json()
    assert again["count"] == 44 and again["results"][0]["name"] == "Förening 01"


def test_the_keys_in_order_are_read_from_the_directory_index_alone(client):
    """The organisations' keys in order come from the directory's index (status, sort name,
    key), not from sorting the table."""
    OrganisationFactory(name="Ljus")
    with CaptureQueriesContext(connection) as queries:
        get(client, "/api/organizations/")
    keys = next(
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('SELECT "organisations_organisation"."id"')
    )
    with connection.cursor() as cursor:
        # every other way to the keys in order priced out (on a few rows the planner would
        # read the table and sort it): what is left is an index that holds them all
        for way in ("seqscan", "sort", "indexscan", "bitmapscan"):
            cursor.execute(f"SET LOCAL enable_{way} = off")
        cursor.execute("EXPLAIN " + keys)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Only Scan using organisation_directory" in plan, plan


def _subplan_loops(node):
    if "SubPlan" in node.get("Subplan Name", ""):
        yield node["Actual Loops"]
    for child in node.get("Plans", []):
        yield from _subplan_loops(child)


def test_a_page_number_past_any_offset_is_404_not_an_error(client):
    OrganisationFactory(name="Ljus")
    response = client.get("/api/organizations/", {"page": "9" * 30})
    assert response.status_code == 404


def test_an_answer_is_kept_for_clients_until_the_data_changes(client, django_assert_num_queries):
    OrganisationFactory(name="Ljus")
    first = get(client, "/api/organizations/")
    with django_assert_num_queries(0):
        again = get(client, "/api/organizations/")
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert again["Content-Type"] == "application/json"
    # another page, filter or language is another answer
    assert get(client, "/en/api/organizations/").content != first.content
    OrganisationFactory(name="Mörker")
    changed = get(client, "/api/organizations/")
    assert changed.json()["count"] == 2 and changed["ETag"] != first["ETag"]


@pytest.mark.parametrize("organisations", [5, 45])
def test_list_queries_do_not_grow_with_the_rows(client, django_assert_num_queries, organisations):
    themes = list(Theme.objects.all()[:3])
    for n in range(organisations):
        OrganisationFactory(name=f"Förening {n}").themes.add(*themes)
    # the keys of all rows in order (once for each version of the data), the page's rows with
    # their places and themes
    with django_assert_num_queries(2):
        rows = get(client, "/api/organizations/").json()["results"]
    assert len(rows) == min(organisations, 20)
    assert all(len(row["themes"]) == 3 for row in rows)


def test_organizations_name_their_themes_in_the_visitors_language(client):
    organisation = OrganisationFactory(name="Ljus", slug="ljus")
    outdoors = Theme.objects.create(name_sv="Utomhus", slug="utomhus", name_en="")
    organisation.themes.add(Theme.objects.get(slug="folkhalsa"), outdoors)
    english = get(client, "/en/api/organizations/").json()["results"][0]
    # an English name where there is one, the Swedish one where there is none
    assert english["themes"] == [
        {"id": "folkhalsa", "name": "Public health"},
        {"id": "utomhus", "name": "Utomhus"},
    ]
    assert english["url"].endswith("/en/organisationer/ljus/")
    swedish = get(client, "/api/organizations/ljus/").json()
    assert [t["name"] for t in swedish["themes"]] == ["Folkhälsa", "Utomhus"]
    assert swedish["url"].endswith("/organisationer/ljus/")
    assert "/en/" not in swedish["url"]


def test_an_organization_has_the_fields_the_openapi_document_describes(client):
    OrganisationFactory(name="Ljus", website="https://ljus.example.org")
    schema = json.loads(get(client, "/api/openapi.json").content)
    described = schema["components"]["schemas"]["Organization"]["properties"]
    row = get(client, "/api/organizations/").json()["results"][0]
    assert list(row) == list(described)
    sectors = described["classification"]["$ref"].rsplit("/", 1)[-1]
    assert row["classification"] in schema["components"]["schemas"][sectors]["enum"]


def test_directory_and_signatures_as_csv(client):
    OrganisationFactory(name="Ljus, med komma", email="privat@example.org").themes.add(
        Theme.objects.get(slug="folkhalsa")
    )
    response = get(client, "/api/organizations.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0] == "namn" and rows[1][0] == "Ljus, med komma" and rows[1][6] == "Folkhälsa"
    assert "privat@" not in str(rows)
    SignatureFactory(organisation=OrganisationFactory(name="Undertecknaren"))
    response = get(client, "/api/agreement/signatures.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[1][0] == "Undertecknaren"


def test_the_openapi_document_and_the_page_for_people(client):
    schema = json.loads(get(client, "/api/openapi.json").content)
    assert schema["openapi"].startswith("3.")
    assert "/api/organizations/" in schema["paths"]
    page = get(client, "/api/").content.decode()
    assert "Öppna data" in page and 'href="/api/openapi.json"' in page


def test_the_count_of_a_filtered_page_is_read_from_an_index(client):
    # (without a filter, the pages count the keys they keep: see test_pages_are_read_by_keys…)
    OrganisationFactory(name="Ljus").themes.add(Theme.objects.get(slug="folkhalsa"))
    # a table of some size, mostly awaiting approval, and known to the planner: on a handful of
    # rows any plan is as good as another and which one it takes depends on what ran before
    OrganisationFactory.create_batch(300, status=Organisation.Status.PENDING)
    with CaptureQueriesContext(connection) as queries:
        assert get(client, "/api/organizations/", theme="folkhalsa").json()["count"] == 1
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE organisations_organisation")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + queries.captured_queries[-1]["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    count = plan.split("InitPlan", 1)[1].split("\n  ->", 1)[0]
    # COUNT(*) of the approved rows finds them through an index on the status (which way, an
    # index-only, index or bitmap scan, depends on how much of the table is all-visible; in a
    # test's transaction none of it is), not by filtering the table's rows
    assert re.search(r"Index Cond: \(+status", count), plan
    assert "Filter: ((status)" not in count, plan
