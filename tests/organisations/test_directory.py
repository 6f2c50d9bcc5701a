import re

import pytest
from django.core.cache import cache

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
    # filter choices: municipalities, themes; count; page; page's municipalities and themes;
    # with a municipality filter, one more to look up the chosen municipality; with a search,
    # one more to ask whether the words find anything (else names like them are looked for)
    assert page_queries(client, url) == few <= 8


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


def test_the_whole_page_cache_serves_only_visitors_without_a_session(client, person):
    OrganisationFactory(name="Träffen")
    assert "Mina uppgifter" not in client.get("/organisationer/").content.decode()
    assert page_queries(client, "/organisationer/") == 0
    client.force_login(person)
    html = client.get("/organisationer/").content.decode()
    assert "Mina uppgifter" in html
    assert f">{person.get_full_name()}</li>" in html  # signed in as, by name


def test_every_condition_of_the_search_can_be_served_by_an_index():
    """The full-text vector and the substring of the name each have an index
    (organisation_search, organisation_name_trigram): EXPLAIN can answer a search from a bitmap
    of the two, without reading the table through (forced here: the table is small). Names
    like the words (a typing error) are looked for only when the words find nothing."""
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
    assert "organisation_search" in plan and "organisation_name_trigram" in plan, plan
