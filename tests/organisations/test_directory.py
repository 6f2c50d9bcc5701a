import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from okportal.forms import WORDS
from organisations.models import Municipality, Organisation, Representative, Theme
from tests.helpers import page_queries

from .factories import MembershipFactory, OrganisationFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    return re.findall(r'<h3 class="h5"><a href="[^"]+">([^<]+)</a>', response.content.decode())


def test_only_approved_organisations_are_listed(client):
    OrganisationFactory(name="Godkänd förening")
    OrganisationFactory(name="Väntande förening", status=Organisation.Status.PENDING)
    OrganisationFactory(name="Avslagen förening", status=Organisation.Status.REJECTED)
    assert names(client.get("/organisationer/")) == ["Godkänd förening"]


def test_the_order_is_swedish_with_a_a_o_last(client):
    for name in ["Örebro vänner", "Zeta", "Ängens IF", "Åmåls kör", "alfa", "Ödmjuka", "Éclair"]:
        OrganisationFactory(name=name)
    assert names(client.get("/organisationer/")) == [
        "alfa",
        "Éclair",
        "Zeta",
        "Åmåls kör",
        "Ängens IF",
        "Ödmjuka",
        "Örebro vänner",
    ]


def test_filters_by_sector_legal_form_level_municipality_and_theme(client):
    arvika = Municipality.objects.get(slug="arvika")
    integration = Theme.objects.get(slug="integration")
    match = OrganisationFactory(
        name="Träffen", sector="ideburen", legal_form="stiftelse", level="lokal"
    )
    match.municipalities.add(arvika)
    match.themes.add(integration)
    OrganisationFactory(name="Annan", sector="offentlig", legal_form="myndighet", level="lokal")
    other_place = OrganisationFactory(name="Annan plats", legal_form="stiftelse", level="lokal")
    other_place.municipalities.add(Municipality.objects.get(slug="kil"))
    query = "sector=ideburen&legal_form=stiftelse&level=lokal&municipality=arvika&theme=integration"
    assert names(client.get(f"/organisationer/?{query}")) == ["Träffen"]
    assert names(client.get("/organisationer/?municipality=kil")) == ["Annan plats"]
    assert names(client.get("/organisationer/?sector=offentlig")) == ["Annan"]


def test_search_finds_words_in_name_and_description_name_first(client):
    OrganisationFactory(name="Fritidsbanken Karlstad", description="Lånar ut utrustning.")
    OrganisationFactory(name="Idrottsföreningen", description="Samarbetar med Fritidsbanken.")
    OrganisationFactory(name="Körsångarna", description="Vi sjunger.")
    assert names(client.get("/organisationer/?q=fritidsbanken")) == [
        "Fritidsbanken Karlstad",
        "Idrottsföreningen",
    ]
    # a typing error still finds the name (trigram similarity)
    assert names(client.get("/organisationer/?q=fritdsbanken")) == ["Fritidsbanken Karlstad"]
    assert names(client.get("/organisationer/?q=sjunger")) == ["Körsångarna"]


def test_a_search_lists_the_names_that_hold_the_words_first_and_counts_on_its_last_page(client):
    """Names holding the words first, then the other hits, each part in alphabetical order,
    as `search()` orders them; the hits are not counted until the last page shows how many."""
    for number in range(45):
        OrganisationFactory(
            name=f"Fritidsgården {number:02d}" if number % 3 else f"Kören {number:02d}",
            description="Vi har fritidsgården öppen." if number % 2 else "Sång.",
        )
    OrganisationFactory(name="Fritidsgården 99", status=Organisation.Status.PENDING)
    found = [o.name for o in Organisation.objects.public().search("fritidsgården")]
    assert len(found) == 37
    assert found[:30] == [f"Fritidsgården {n:02d}" for n in range(45) if n % 3]
    assert found[30:] == [f"Kören {n:02d}" for n in range(45) if n % 3 == 0 and n % 2]
    pages = [client.get(f"/organisationer/?q=fritidsgården&page={n}") for n in (1, 2)]
    pages.append(client.get("/organisationer/?q=fritidsgården&page=2&sector=ideburen"))
    assert names(pages[0]) + names(pages[1]) == found
    first = pages[0].content.decode()
    assert "Fler än 20 organisationer" in first and ">Sida 1</li>" in first
    assert 'rel="next"' in first
    last = pages[1].content.decode()
    assert "37 organisationer" in last and "Sida 2 av 2" in last and 'rel="next"' not in last
    assert "37 organisationer" in pages[2].content.decode()  # every factory's is idéburen
    english = client.get("/en/organisationer/?q=fritidsgården").content.decode()
    assert "More than 20 organisations" in english and ">Page 1</li>" in english
    assert client.get("/organisationer/?q=fritidsgården&page=3").status_code == 404


@pytest.mark.parametrize("page", ["0", "-1", "abc", "2", str(10**20)])
def test_a_search_page_that_is_none_is_not_found(client, page):
    OrganisationFactory(name="Fritidsgården")
    assert client.get(f"/organisationer/?q=fritidsgården&page={page}").status_code == 404
    assert client.get(f"/organisationer/?q=fritdsgarden&page={page}").status_code == 404


def test_names_like_a_search_that_finds_nothing_are_paged_too(client):
    for number in range(25):
        OrganisationFactory(name=f"Fritidsbanken {number:02d}")
    first = client.get("/organisationer/?q=fritdsbanken")
    assert len(names(first)) == 20 and "25 organisationer" in first.content.decode()
    second = client.get("/organisationer/?q=fritdsbanken&page=2")
    assert len(names(second)) == 5
    assert set(names(first) + names(second)) == {f"Fritidsbanken {n:02d}" for n in range(25)}
    assert client.get("/organisationer/?q=fritdsbanken&page=3").status_code == 404


def test_a_search_that_finds_nothing_says_so(client):
    OrganisationFactory(name="Körsångarna", description="Vi sjunger.")
    html = client.get("/organisationer/?q=xyzzyqq").content.decode()
    assert "0 organisationer" in html
    assert "Ingen organisation matchar" in html
    assert client.get("/organisationer/?q=xyzzyqq&page=2").status_code == 404


def test_each_hit_shows_its_municipalities_and_themes_in_order(client):
    organisation = OrganisationFactory(name="Träffen")
    organisation.municipalities.add(*Municipality.objects.filter(slug__in=["sunne", "arvika"]))
    iop = Theme.objects.get(slug="iop")
    health = Theme.objects.get(slug="folkhalsa")
    health.name_en = ""  # not yet translated: shown in Swedish, marked as Swedish
    health.save()
    organisation.themes.add(iop, health)
    everywhere = OrganisationFactory(name="Trädet")
    everywhere.municipalities.add(*Municipality.objects.all())
    html = client.get("/organisationer/?q=träffen").content.decode()
    assert "Arvika, Sunne</p>" in html
    assert f"<li>{health.name_sv}</li><li>{iop.name_sv}</li>" in html
    html = client.get("/en/organisationer/?q=träffen").content.decode()
    assert f'<li><span lang="sv">{health.name_sv}</span></li><li>{iop.name_en}</li>' in html
    html = client.get("/organisationer/?q=trädet").content.decode()
    assert "Hela Värmland (alla 16 kommuner)" in html


def test_the_signatory_filter_shows_those_who_signed(client):
    import datetime

    from agreements.models import Agreement, AgreementVersion, Signature

    signed = OrganisationFactory(name="Region Värmland")
    OrganisationFactory(name="Inte undertecknat")
    agreement = Agreement.objects.create(name="Överenskommelsen", slug="ok", parties="Parter")
    for number in (1, 2):
        version = AgreementVersion.objects.create(agreement=agreement, number=number)
        Signature.objects.create(
            organisation=signed,
            version=version,
            signed_on=datetime.date(2016, 5, number),
            signed_by="Ordföranden",
        )
    assert names(client.get("/organisationer/?signatory=on")) == ["Region Värmland"]
    assert len(names(client.get("/organisationer/"))) == 2


def test_an_unknown_filter_value_is_not_an_error(client):
    OrganisationFactory(name="Träffen")
    response = client.get("/organisationer/?municipality=atlantis&sector=mars")
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()


def test_pages_of_twenty_keep_the_filters(client):
    for number in range(45):
        OrganisationFactory(name=f"Förening {number:02d}", level="lokal")
    first = client.get("/organisationer/?level=lokal")
    assert len(names(first)) == 20
    html = first.content.decode()
    assert "Sida 1 av 3" in html
    assert 'href="?level=lokal&amp;page=2"' in html
    third = client.get("/organisationer/?level=lokal&page=3")
    assert names(third) == [f"Förening {n}" for n in range(40, 45)]
    assert client.get("/organisationer/?page=99").status_code == 404


def test_the_directory_is_english_under_en(client):
    html = client.get("/en/organisationer/").content.decode()
    assert "Filter and search" in html
    assert "Filtrera och sök" in client.get("/organisationer/").content.decode()


def test_contact_persons_appear_only_with_consent(client, representative):
    from django.utils import timezone

    shy = RepresentativeFactory(organisation=representative.organisation, role="Kassör")
    url = representative.organisation.get_absolute_url()
    html = client.get(url).content.decode()
    assert "Karin Berg" not in html
    representative.give_consent()
    html = client.get(url).content.decode()
    assert "Karin Berg, Ordförande" in html
    assert shy.user.get_full_name() not in html
    representative.withdraw_consent()
    assert "Karin Berg" not in client.get(url).content.decode()
    assert Representative.objects.get(pk=representative.pk).consent_withdrawn_at <= timezone.now()


def test_a_profile_shows_the_groups_the_organisation_is_in(client):
    membership = MembershipFactory(
        group__name="Rådet för idéburna organisationer", role="ordforande"
    )
    html = client.get(membership.organisation.get_absolute_url()).content.decode()
    assert "Rådet för idéburna organisationer</a> – Ordförande" in html


def make_organisations(count: int) -> None:
    municipalities = list(Municipality.objects.all()[:3])
    themes = list(Theme.objects.all()[:3])
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Förening {n:05d}",
            slug=f"forening-{n:05d}",
            sector="ideburen",
            legal_form="ideell-forening",
            level="lokal",
            status=Organisation.Status.APPROVED,
        )
        for n in range(count)
    )
    Organisation.municipalities.through.objects.bulk_create(
        Organisation.municipalities.through(organisation=o, municipality=m)
        for o in organisations
        for m in municipalities
    )
    Organisation.themes.through.objects.bulk_create(
        Organisation.themes.through(organisation=o, theme=t) for o in organisations for t in themes
    )


@pytest.mark.parametrize(
    "url", ["/organisationer/", "/organisationer/?q=förening&municipality=arvika&page=2"]
)
def test_the_directory_makes_the_same_queries_for_10_and_1000_organisations(client, url):
    make_organisations(30)
    few = page_queries(client, url)
    Organisation.objects.all().delete()
    make_organisations(1000)  # bulk_create sends no signals: the cache is emptied by hand
    cache.clear()
    # filter choices: municipalities, themes; count; page; page's municipalities and themes
    # (one query); with a municipality filter, one more to look up the chosen municipality;
    # with a search, the page's keys are one query and not counted (the page's rows tell
    # whether the words found anything)
    assert page_queries(client, url) == few <= 5


def test_a_cached_directory_page_makes_no_query_and_a_change_shows_at_once(client):
    organisation = OrganisationFactory(name="Före ändringen")
    assert page_queries(client, "/organisationer/") > 0
    assert page_queries(client, "/organisationer/") == 0
    organisation.name = "Efter ändringen"
    organisation.save()
    assert names(client.get("/organisationer/")) == ["Efter ändringen"]
    organisation.themes.add(Theme.objects.get(slug="iop"))
    assert "IOP" in client.get("/organisationer/").content.decode()


def test_a_profile_makes_the_same_queries_however_many_groups_and_contacts(client):
    organisation = OrganisationFactory()
    MembershipFactory(organisation=organisation)
    few = page_queries(client, organisation.get_absolute_url())
    for _ in range(15):
        MembershipFactory(organisation=organisation)
        RepresentativeFactory(organisation=organisation).give_consent()
    # organisation; municipalities; themes; public representatives with users; memberships
    assert page_queries(client, organisation.get_absolute_url()) == few <= 5


def test_after_an_organisation_changes_the_filters_are_not_rendered_again(client):
    """The filters show municipalities and themes: a change of an organisation renders the
    list again, not the choices (their queries are not made), and a new theme shows at once."""
    organisation = OrganisationFactory(name="Före ändringen")
    client.get("/organisationer/?sector=ideburen")
    organisation.name = "Efter ändringen"
    organisation.save()
    with CaptureQueriesContext(connection) as context:
        html = client.get("/organisationer/?sector=ideburen").content.decode()
    assert "Efter ändringen" in html
    choices = ('SELECT "organisations_municipality"', 'SELECT "organisations_theme"')
    assert context.captured_queries
    assert not [q for q in context.captured_queries if q["sql"].startswith(choices)]
    Theme.objects.create(name="Helt nytt tema", slug="helt-nytt")
    assert "Helt nytt tema" in client.get("/organisationer/?sector=ideburen").content.decode()


def test_the_whole_page_cache_serves_only_visitors_without_a_session(client, person):
    OrganisationFactory(name="Träffen")
    assert "Mina uppgifter" not in client.get("/organisationer/").content.decode()
    assert page_queries(client, "/organisationer/") == 0
    client.force_login(person)
    html = client.get("/organisationer/").content.decode()
    assert "Mina uppgifter" in html
    assert f">{person.get_full_name()}</li>" in html  # signed in as, by name


def test_every_condition_of_the_search_can_be_served_by_an_index():
    """The full-text vector, the name's words and the substring of the name each have an index
    (organisation_search, organisation_name_words, organisation_name_trigram): EXPLAIN can
    answer a search from a bitmap of the three, without reading the table through (forced
    here: the table is small). Names like the words (a typing error) are looked for only when
    the words find nothing."""
    from django.db import connection

    OrganisationFactory(name="Idrottsföreningen Kil 4242")
    queryset = Organisation.objects.search("4242").values("pk")
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan" not in plan, plan
    assert "BitmapOr" in plan, plan
    for index in ("organisation_search", "organisation_name_words", "organisation_name_trigram"):
        assert index in plan, plan


def test_the_search_indexes_take_new_rows_at_once_not_into_a_pending_list():
    """A GIN index with fastupdate keeps new entries in a pending list that every search reads
    through, unsorted, until a vacuum sorts them in: on the benchmark's table just after it was
    filled, 8 ms of each search in each index. Organisations are saved seldom and searched
    often."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relname = ANY(%s)",
            [["organisation_search", "organisation_name_words", "organisation_name_trigram"]],
        )
        options = dict(cursor.fetchall())
    assert options == {
        "organisation_search": ["fastupdate=off"],
        "organisation_name_words": ["fastupdate=off"],
        "organisation_name_trigram": ["fastupdate=off"],
    }


@pytest.mark.parametrize("words", ["\"<b>Träff & co'", "träffen"])
def test_the_search_field_shows_the_words_as_crispy_renders_them(client, words):
    """The field is rendered once with a stand-in for the words, which are put in its place."""
    from crispy_forms.utils import render_crispy_form

    from okportal.forms import portal_helper
    from organisations.filters import DirectoryFilter

    OrganisationFactory(name="Träffen")
    client.get("/organisationer/?q=annat")  # the field kept with the stand-in
    html = client.get("/organisationer/", {"q": words}).content.decode()
    form = DirectoryFilter({"q": words}, queryset=Organisation.objects.all()).form
    assert form.is_valid()
    assert render_crispy_form(form, portal_helper(form, ["q"])) in html
    if words != "träffen":
        assert 'value="&quot;&lt;b&gt;Träff &amp; co&#x27;"' in html


def test_a_search_field_with_an_error_is_rendered_with_it(client):
    html = client.get("/organisationer/?q=idrott&municipality=atlantis").content.decode()
    assert "Välj ett giltigt alternativ" in html
    assert 'value="idrott"' in html and WORDS not in html


def test_a_search_page_reads_no_more_hits_than_it_shows_and_lists_only_its_own_rows(client):
    """The page's keys are read without counting or ordering every hit: of 1,600 hits (45 in
    the names), the keys of page 2 read a few dozen rows, in order from the indexes. Then the
    page's rows, whose places' and themes' subqueries run once for each row shown, not for
    each row an OFFSET skips."""
    import json

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    Organisation.objects.bulk_create(
        Organisation(
            name=f"Fritidsgården {n:02d}" if n < 45 else f"Förening {n:04d}",
            slug=f"organisation-{n}",
            description="Vi har fritidsgården öppen." if n % 5 else "Sång.",
            status=Organisation.Status.APPROVED,
        )
        for n in range(2000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE organisations_organisation")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/organisationer/?q=fritidsgården&page=2")
    assert names(response) == [f"Fritidsgården {n:02d}" for n in range(20, 40)]
    assert "Fler än 40 organisationer" in response.content.decode()
    [keys] = [q["sql"] for q in queries.captured_queries if "UNION ALL" in q["sql"]]
    [rows] = [q["sql"] for q in queries.captured_queries if "unnest(" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + keys)
        keys_plan = cursor.fetchone()[0]
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + rows)
        rows_plan = cursor.fetchone()[0]
    keys_plan, rows_plan = (
        json.loads(p) if isinstance(p, str) else p for p in (keys_plan, rows_plan)
    )
    read = sum(rows_read(keys_plan[0]["Plan"]))
    assert 41 <= read <= 150, read  # two parts of at most 41 rows, and the rows they passed
    loops = list(subplan_loops(rows_plan[0]["Plan"]))
    assert loops and max(loops) <= 20, loops


def rows_read(node):
    """The table rows each scan of a plan read: those it returned and those it left out."""
    if "Scan" in node["Node Type"] and node["Node Type"] != "Bitmap Index Scan":
        yield node["Actual Rows"] + node.get("Rows Removed by Filter", 0)
    for child in node.get("Plans", []):
        yield from rows_read(child)


def subplan_loops(node):
    if "SubPlan" in node.get("Subplan Name", ""):
        yield node["Actual Loops"]
    for child in node.get("Plans", []):
        yield from subplan_loops(child)


def test_the_filters_speak_each_visitors_language_though_their_form_is_made_once(client):
    client.get("/organisationer/?sector=ideburen")
    html = client.get("/en/organisationer/?sector=ideburen").content.decode()
    assert "All municipalities" in html and "All sectors" in html
    assert "Alla kommuner" in client.get("/organisationer/?level=lokal").content.decode()


def test_a_new_combination_of_filters_renders_no_field_again(client):
    """Each filter's field is kept for its value: sector and municipality seen apart, the two
    together list no municipalities or themes (only the chosen municipality is looked up)."""
    OrganisationFactory(name="Karlstads förening")
    client.get("/organisationer/?sector=ideburen")
    client.get("/organisationer/?municipality=karlstad")
    with CaptureQueriesContext(connection) as context:
        response = client.get("/organisationer/?sector=ideburen&municipality=karlstad")
    assert response.status_code == 200
    choices = ('SELECT "organisations_municipality"', 'SELECT "organisations_theme"')
    listings = [
        q["sql"] for q in context.captured_queries
        if q["sql"].startswith(choices) and "WHERE" not in q["sql"]
    ]  # fmt: skip
    assert listings == []
    html = response.content.decode()
    assert re.search(r'<option value="karlstad"[^>]* selected', html)
    assert re.search(r'<option value="ideburen"[^>]* selected', html)
