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


def test_before_adoption_the_version_out_for_consultation_is_shown_clearly_marked(
    client, agreement
):
    out = VersionFactory(agreement=agreement, number=1, status="consultation", title="Andra")
    SectionFactory(version=out, heading="Syfte", slug="syfte", text="Alla **behövs**.")
    html = client.get("/overenskommelsen/").content.decode()
    assert "Detta är ett utkast." in html
    assert '<a href="#syfte">Syfte</a>' in html
    assert 'id="syfte"' in html
    assert "Alla <strong>behövs</strong>." in html


def test_a_draft_is_not_public_until_sent_out_or_adopted(client, agreement):
    draft = VersionFactory(agreement=agreement, number=1)
    SectionFactory(version=draft, heading="Hemligt utkast", slug="syfte")
    html = client.get("/overenskommelsen/").content.decode()
    assert "Hemligt utkast" not in html
    assert "Ingen text har skrivits ännu." in html
    html = client.get("/overenskommelsen/versioner/").content.decode()
    assert "Version 1" not in html
    draft.status = AgreementVersion.Status.CONSULTATION
    draft.save()
    assert "Hemligt utkast" in client.get("/overenskommelsen/").content.decode()


def test_a_new_draft_leaves_the_version_out_for_consultation_in_public(client, agreement):
    """The probe: version 3 created as a draft while version 2 is out for consultation must not
    replace version 2's text for anonymous visitors."""
    adopted = VersionFactory(
        agreement=agreement, number=1, status="adopted", adopted_on="2024-01-10"
    )
    SectionFactory(version=adopted, heading="Gällande text", slug="syfte", text="Antagen.")
    out = VersionFactory(
        agreement=agreement, number=2, status="consultation", consultation_closes_on="2099-12-31"
    )
    SectionFactory(version=out, heading="Remisstext", slug="syfte", text="På remiss.")
    before = client.get("/overenskommelsen/").content.decode()
    draft = VersionFactory(agreement=agreement, number=3)
    SectionFactory(version=draft, heading="Utkast tre", slug="syfte", text="Ej klar.")
    html = client.get("/overenskommelsen/").content.decode()
    assert html == before
    assert "Utkast tre" not in html and "Ej klar." not in html
    # the adopted text is the one in force; the one out for consultation beside it, marked
    assert html.index("Gällande text") < html.index("Remisstext")
    assert "Version 2 är ute på remiss." in html
    assert "Ute på remiss, inte antagen: version 2" in html
    assert "remissen stänger 31 december 2099" in html
    assert 'href="/overenskommelsen/versioner/?old=1&amp;new=2"' in html
    assert (
        "Utkast tre" not in client.get("/overenskommelsen/versioner/?old=2&new=3").content.decode()
    )
    assert "Utkast tre" not in client.get("/en/overenskommelsen/").content.decode()


def test_coordinators_see_drafts_on_the_versions_page_the_public_does_not(client, agreement):
    from .factories import CoordinatorFactory

    VersionFactory(agreement=agreement, number=1, status="consultation")
    SectionFactory(version=VersionFactory(agreement=agreement, number=2), text="Utkastets ord.")
    assert (
        "Utkastets ord."
        not in client.get("/overenskommelsen/versioner/?old=1&new=2").content.decode()
    )
    client.force_login(CoordinatorFactory())
    html = client.get("/overenskommelsen/versioner/?old=1&new=2").content.decode()
    assert "Utkastets ord." in html
    assert "Utkastets ord." not in client.get("/overenskommelsen/").content.decode()


def test_the_version_rule_lives_in_the_queryset(agreement):
    from .factories import CoordinatorFactory, UserFactory

    for number, status in enumerate(AgreementVersion.Status.values, start=1):
        VersionFactory(agreement=agreement, number=number, status=status,
                       adopted_on="2024-01-01" if status == "adopted" else None)  # fmt: skip
    versions = AgreementVersion.objects.filter(agreement=agreement)
    shown = {v.status for v in versions.public()}
    assert shown == {"consultation", "adopted", "superseded"}
    assert {v.status for v in versions.visible_to(UserFactory())} == shown
    coordinator = {v.status for v in versions.visible_to(CoordinatorFactory())}
    assert coordinator == shown | {"draft"}


def test_agreement_page_in_english_under_en(client, agreement):
    SectionFactory(version=VersionFactory(agreement=agreement, status="consultation"))
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
    old = VersionFactory(agreement=agreement, number=1, status="superseded")
    new = VersionFactory(agreement=agreement, number=2, status="consultation")
    SectionFactory(version=old, slug="syfte", heading="Syfte", text="Parterna ska samverka.")
    SectionFactory(version=new, slug="syfte", heading="Syfte", text="Parterna ska alltid samverka.")
    SectionFactory(version=old, slug="gammal", heading="Gammalt avsnitt", text="Borta <nu>.")
    SectionFactory(version=new, slug="ny", heading="Nytt avsnitt", text="Helt nytt.")
    html = client.get("/overenskommelsen/versioner/?old=1&new=2").content.decode()
    assert '<ins><span class="visually-hidden">tillagt: </span>alltid ' in html
    assert "avsnittet borttaget" in html and "nytt avsnitt" in html
    assert "Borta &lt;nu&gt;." in html  # escaped, never markup
    assert "3 avsnitt skiljer sig" in html


def test_comparison_shows_the_rendered_text_with_its_markers(client, agreement):
    # drafts are not public, so the compared versions are ones the public may see
    old = VersionFactory(agreement=agreement, number=1, status="superseded")
    new = VersionFactory(agreement=agreement, number=2, status="consultation")
    SectionFactory(
        version=old, slug="mal", heading="Mål",
        text="Vi ska vara **tydliga**.\n\n- dialog\n- *långsiktighet*\n- kvalitet",
    )  # fmt: skip
    SectionFactory(
        version=new, slug="mal", heading="Mål",
        text="Vi ska vara **mycket tydliga**.\n\n- dialog\n- *långsiktighet*\n- öppenhet",
    )  # fmt: skip
    html = client.get("/overenskommelsen/versioner/?old=1&new=2").content.decode()
    new_column = html[html.index('<div class="diff-new">') :]
    new_column = new_column[: new_column.index("</article>")]
    assert "**" not in html and "- dialog" not in html  # no raw Markdown
    assert "<strong><ins>" in new_column and "mycket" in new_column  # emphasis kept, marked
    assert "<li><em>långsiktighet</em></li>" in new_column  # an unchanged item, as rendered
    assert "<li><ins>" in new_column and "öppenhet" in new_column
    assert "<li><del>" in html and "kvalitet" in html  # the removed item, struck through
    assert new_column.count("<ul>") == new_column.count("</ul>") == 1  # the list stays whole


@pytest.mark.parametrize("query", ["?old=1&new=1", "?old=x&new=2", "?old=99&new=1"])
def test_a_bad_comparison_request_gets_a_message_not_an_error(client, agreement, query):
    VersionFactory(agreement=agreement, number=1, status="superseded")
    VersionFactory(agreement=agreement, number=2, status="consultation")
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
        agreement.versions.filter(number=i).first()
        or VersionFactory(agreement=agreement, number=i, **status)
        for i, status in (
            (1, {"status": "adopted", "adopted_on": "2024-01-10"}),
            (2, {"status": "consultation"}),
        )  # fmt: skip
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
        ("/overenskommelsen/", 10),
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
    section = SectionFactory(version=VersionFactory(agreement=agreement, status="adopted",
                                                    adopted_on="2024-01-10"), slug="vard",
                             heading="Vård nära invånarna")  # fmt: skip
    section.minutes_items.add(item)
    html = client.get("/overenskommelsen/").content.decode()
    assert f'href="{meeting.get_absolute_url()}#p6"' in html
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert 'href="/overenskommelsen/#vard">Vård nära invånarna</a>' in html
