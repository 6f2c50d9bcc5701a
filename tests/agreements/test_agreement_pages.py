import pytest

from agreements.models import AgreementVersion, Principle

from .factories import (
    AgreementFactory,
    OrganisationFactory,
    PhaseFactory,
    PrincipleFactory,
    SectionFactory,
    SignatureFactory,
    VersionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement():
    return AgreementFactory()


def test_agreement_pages_are_404_before_there_is_an_agreement(client):
    for path in ("/overenskommelsen/", "/overenskommelsen/principer/"):
        assert client.get(path).status_code == 404


def test_the_adopted_version_is_shown_rather_than_a_newer_draft(client, agreement):
    adopted = VersionFactory(
        agreement=agreement, number=1, status="adopted", adopted_on="2024-01-10",
        adopted_by="Regionfullmäktige §12",
    )  # fmt: skip
    SectionFactory(version=adopted, heading="Antagen text", slug="a")
    draft = VersionFactory(agreement=agreement, number=2)
    SectionFactory(version=draft, heading="Ny utkasttext", slug="a")
    html = client.get("/overenskommelsen/").content.decode()
    assert "Antagen text" in html
    assert "Ny utkasttext" not in html
    assert "Detta är ett utkast." not in html
    assert "Regionfullmäktige §12" in html


def test_before_adoption_the_newest_draft_is_shown_clearly_marked(client, agreement):
    VersionFactory(agreement=agreement, number=1)
    draft = VersionFactory(agreement=agreement, number=2, title="Andra")
    SectionFactory(version=draft, heading="Syfte", slug="syfte", text="Alla **behövs**.")
    html = client.get("/overenskommelsen/").content.decode()
    assert "Detta är ett utkast." in html
    assert '<a href="#syfte">Syfte</a>' in html
    assert 'id="syfte"' in html
    assert "Alla <strong>behövs</strong>." in html


def test_agreement_page_in_english_under_en(client, agreement):
    SectionFactory(version=VersionFactory(agreement=agreement))
    html = client.get("/en/overenskommelsen/").content.decode()
    assert "This is a draft." in html
    assert "Contents" in html


def test_timeline_marks_the_current_phase_in_words(client, agreement):
    PhaseFactory(agreement=agreement, kind="forfas", order=1)
    PhaseFactory(agreement=agreement, kind="dialogprocess", order=2, is_current=True)
    html = client.get("/overenskommelsen/").content.decode()
    assert 'aria-current="step"' in html
    assert 'Dialogprocess <span class="current-label">(pågående fas)</span>' in html


def test_principles_are_split_into_national_and_regional(client, agreement):
    PrincipleFactory(agreement=agreement, name="Dialog", scope=Principle.Scope.NATIONAL)
    PrincipleFactory(agreement=agreement, name="Förnyelse", scope=Principle.Scope.REGIONAL)
    html = client.get("/overenskommelsen/principer/").content.decode()
    assert html.index("Nationella principer") < html.index("<h3>Dialog</h3>")
    assert html.index("Regionala principer") < html.index("<h3>Förnyelse</h3>")


def test_comparison_marks_changes_with_ins_and_del_and_words(client, agreement):
    old = VersionFactory(agreement=agreement, number=1)
    new = VersionFactory(agreement=agreement, number=2)
    SectionFactory(version=old, slug="syfte", heading="Syfte", text="Parterna ska samverka.")
    SectionFactory(version=new, slug="syfte", heading="Syfte", text="Parterna ska alltid samverka.")
    SectionFactory(version=old, slug="gammal", heading="Gammalt avsnitt", text="Borta <nu>.")
    SectionFactory(version=new, slug="ny", heading="Nytt avsnitt", text="Helt nytt.")
    html = client.get("/overenskommelsen/versioner/?old=1&new=2").content.decode()
    assert '<ins><span class="visually-hidden">tillagt: </span>alltid ' in html
    assert "avsnittet borttaget" in html and "nytt avsnitt" in html
    assert "Borta &lt;nu&gt;." in html  # escaped, never markup
    assert "3 avsnitt skiljer sig" in html


@pytest.mark.parametrize("query", ["?old=1&new=1", "?old=x&new=2", "?old=99&new=1"])
def test_a_bad_comparison_request_gets_a_message_not_an_error(client, agreement, query):
    VersionFactory(agreement=agreement, number=1)
    VersionFactory(agreement=agreement, number=2)
    response = client.get("/overenskommelsen/versioner/" + query)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary' in html and '<a href="#id_' in html
    assert 'class="invalid-feedback"' in html


def test_signatories_are_counted_by_sector(client, agreement):
    version = VersionFactory(agreement=agreement, status=AgreementVersion.Status.DRAFT)
    SignatureFactory(version=version, organisation=OrganisationFactory(sector="ideburen"))
    SignatureFactory(version=version, organisation=OrganisationFactory(sector="ideburen"))
    SignatureFactory(version=version, organisation=OrganisationFactory(sector="offentlig"))
    SignatureFactory(version=version, organisation=OrganisationFactory(status="pending"))
    html = client.get("/overenskommelsen/undertecknare/").content.decode()
    assert "3 organisationer har undertecknat." in html
    assert '<th scope="row">Idéburen sektor</th><td class="num">2</td>' in html


def _fill(agreement, start, stop):
    principles = [PrincipleFactory(agreement=agreement) for _ in range(start, stop)]
    versions = [
        agreement.versions.filter(number=i).first() or VersionFactory(agreement=agreement, number=i)
        for i in (1, 2)
    ]
    for version in versions:
        for i in range(start, stop):
            section = SectionFactory(version=version, slug=f"s{i}", order=i)
            section.principles.set(principles)
    for _ in range(start, stop):
        SignatureFactory(version=versions[0])


# queries — text: agreement, versions, sections, their principles, public comments, minutes
# items, cited topics, cited notes, phases; principles: agreement, current version, principles,
# their sections; versions: agreement, versions, sections of the two compared; signatories:
# agreement, signatures with organisation and version, counts by sector
@pytest.mark.parametrize(
    "path, queries",
    [
        ("/overenskommelsen/", 9),
        ("/overenskommelsen/principer/", 4),
        ("/overenskommelsen/versioner/?old=1&new=2", 3),
        ("/overenskommelsen/undertecknare/", 3),
    ],
)
def test_agreement_pages_make_the_same_number_of_queries_however_long(
    client, agreement, path, queries, django_assert_num_queries
):
    _fill(agreement, 0, 2)
    with django_assert_num_queries(queries):
        client.get(path)
    _fill(agreement, 2, 30)
    with django_assert_num_queries(queries):
        client.get(path)


def test_a_section_and_the_minutes_item_it_came_from_link_to_each_other(client, agreement):
    from agreements.models import Meeting

    from .factories import AgendaItemFactory
    from .test_meetings import held_meeting

    meeting = held_meeting(status=Meeting.Status.PUBLISHED)
    item = AgendaItemFactory(meeting=meeting, number=6, title="Nära vård")
    section = SectionFactory(version=VersionFactory(agreement=agreement), slug="vard",
                             heading="Vård nära invånarna")  # fmt: skip
    section.minutes_items.add(item)
    html = client.get("/overenskommelsen/").content.decode()
    assert f'href="{meeting.get_absolute_url()}#p6"' in html
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert 'href="/overenskommelsen/#vard">Vård nära invånarna</a>' in html
