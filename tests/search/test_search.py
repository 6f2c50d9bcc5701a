"""/sok/: Swedish full-text search over everything public, misspellings, filters, bad input."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agreements.models import Meeting
from organisations.models import Organisation, Theme
from search.query import search
from tests.agreements.factories import (
    AgendaItemFactory,
    MeetingFactory,
    PrincipleFactory,
    SectionFactory,
    VersionFactory,
)
from tests.dialogues.factories import NoteFactory, TopicFactory
from tests.organisations.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def page(client, query: str | dict, status: int = 200, prefix: str = "") -> str:
    response = client.get(f"{prefix}/sok/", {"q": query} if isinstance(query, str) else query)
    assert response.status_code == status, response.content.decode()[:500]
    return response.content.decode()


def published_meeting(start=None, **kwargs):
    start = start or timezone.make_aware(datetime.datetime(2021, 4, 29, 9))
    return MeetingFactory(
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        status=Meeting.Status.PUBLISHED,
        **kwargs,
    )


def test_a_stem_finds_its_other_forms_in_notes(client):
    NoteFactory(text="Nå ut via föreningarna i länet")
    NoteFactory(text="En ny förening i hela Värmland")
    NoteFactory(text="Inget om det här")
    html = page(client, "föreningar")
    assert "Dialoganteckningar" in html and "(2)" in html
    assert "via <mark>föreningarna</mark> i länet" in html
    assert "ny <mark>förening</mark> i" in html
    assert "Inget om det här" not in html


def test_an_organisation_is_found_by_its_theme_and_its_municipality(client):
    organisation = OrganisationFactory(name="Stödlinjen", description="Samtal dygnet runt.")
    organisation.themes.add(Theme.objects.get(slug="psykisk-halsa"))
    html = page(client, "psykisk hälsa")
    assert "Stödlinjen" in html
    assert organisation.get_absolute_url() in html
    organisation.themes.clear()
    assert "Stödlinjen" not in page(client, "psykisk hälsa")
    organisation.municipalities.add(organisation.municipalities.model.objects.get(slug="arvika"))
    assert "Stödlinjen" in page(client, "Arvika")


def test_renaming_a_theme_renews_the_organisations_found_by_it(client):
    theme = Theme.objects.get(slug="ensamhet")
    OrganisationFactory(name="Fikagruppen").themes.add(theme)
    theme.name = "Ofrivillig ensamhet bland äldre"
    theme.save()
    assert "Fikagruppen" in page(client, "ofrivillig")


def test_a_misspelling_finds_the_nearest_words(client):
    TopicFactory(title="Psykisk hälsa")
    html = page(client, "psykisk halsa")
    assert "närmaste stavningarna" in html
    assert "Psykisk hälsa" in html


def test_web_syntax_leaves_words_out_and_keeps_phrases(client):
    NoteFactory(text="Psykisk hälsa hos unga")
    NoteFactory(text="Psykisk hälsa under covid")
    NoteFactory(text="Hälsa, psykiskt och fysiskt")
    html = page(client, '"psykisk hälsa" -covid')
    assert "hos unga" in html
    assert "under covid" not in html
    assert "fysiskt" not in html


def test_titles_rank_above_text(client):
    NoteFactory(text="Vi pratade om integration en stund", topic__title="Skolan")
    TopicFactory(title="Integration")
    results = search("integration")
    assert [g.kind.key for g in results.groups if g.total] == ["topic", "note"]
    AgendaItemFactory(meeting=published_meeting(), title="Övrigt", minutes="integration")
    AgendaItemFactory(
        meeting=published_meeting(timezone.now(), group__name="Rådet"),
        title="Integration",
        minutes="",
    )
    items = next(g for g in search("integration").groups if g.kind.key == "item")
    assert items.hits[0].title == f"§{items.hits[0].title.split()[0][1:]} Integration"


def test_only_what_the_public_may_see_is_found(client):
    NoteFactory(text="hemlig anteckning", topic__event__is_published=False)
    OrganisationFactory(name="Hemliga föreningen", status=Organisation.Status.PENDING)
    AgendaItemFactory(title="Hemlig punkt", meeting=MeetingFactory(status="minutes_draft"))
    version = VersionFactory(status="withdrawn")
    SectionFactory(version=version, heading="Hemlig paragraf")
    assert "Hemlig" not in page(client, "hemlig").replace("hemlig</", "")
    assert search("hemlig").total == 0


def test_every_kind_is_found_and_linked_to_its_place(client):
    OrganisationFactory(name="Kulturföreningen Ljus", slug="ljus")
    section = SectionFactory(
        heading="Samverkan om ljus",
        version__status="adopted",
        version__adopted_on=datetime.date(2020, 1, 1),
    )
    PrincipleFactory(agreement=section.version.agreement, name="Ljus", slug="ljus")
    topic = TopicFactory(title="Ljus i mörkret")
    topic.event.questions.create(text="Hur sprider vi ljus?")
    topic.event.dialogues.create(title="Samtal", summary="Om ljus och värme")
    note = NoteFactory(topic=topic, text="Mer ljus i parken")
    item = AgendaItemFactory(meeting=published_meeting(), title="Ljus", decision="Beslut")
    html = page(client, "ljus")
    for label in ("Organisationer", "Avsnitt i överenskommelsen", "Principer", "Dialogämnen",
                  "Frågeställningar", "Dialoger och sammanfattningar", "Dialoganteckningar",
                  "Mötespunkter"):  # fmt: skip
        assert label in html, label
    assert 'href="/organisationer/ljus/"' in html
    assert f'href="/overenskommelsen/#{section.slug}"' in html
    assert 'href="/overenskommelsen/principer/#ljus"' in html
    assert f'href="{topic.get_absolute_url()}"' in html
    assert f'href="/dialoger/anteckning/{note.pk}/"' in html
    assert f'href="{item.meeting.get_absolute_url()}#p{item.number}"' in html
    assert f'href="{topic.event.get_absolute_url()}#questions-heading"' in html


def test_filters_by_kind_year_and_theme(client):
    theme = Theme.objects.get(slug="folkhalsa")
    old = NoteFactory(text="Folkhälsa på väggen", topic__event__date=datetime.date(2015, 10, 23))
    old.topic.themes.add(theme)
    NoteFactory(text="Folkhälsa i skolan")
    AgendaItemFactory(meeting=published_meeting(), title="Rådet om folkhälsa")
    html = page(client, {"q": "folkhälsa", "year": "2015"})
    assert "på väggen" in html and "i skolan" not in html and "Rådet om" not in html
    html = page(client, {"q": "folkhälsa", "theme": "folkhalsa"})
    assert "på väggen" in html and "i skolan" not in html
    html = page(client, {"q": "folkhälsa", "kind": "item"})
    assert "Rådet om" in html and "på väggen" not in html


def test_one_kind_is_paged(client):
    topic = TopicFactory()
    for n in range(25):
        NoteFactory(topic=topic, text=f"Samverkan nummer {n}")
    html = page(client, {"q": "samverkan", "kind": "note"})
    assert "Sida 1 av 2" in html and html.count('class="hit-title"') == 20
    html = page(client, {"q": "samverkan", "kind": "note", "page": "2"})
    assert "Sida 2 av 2" in html and html.count('class="hit-title"') == 5
    assert client.get("/sok/", {"q": "samverkan", "kind": "note", "page": "3"}).status_code == 404
    overview = page(client, "samverkan")
    assert overview.count('class="hit-title"') == 5
    assert "Alla 25 träffar bland dialoganteckningar" in overview


def test_snippets_are_escaped(client):
    NoteFactory(text='<script>alert("x")</script> samverkan <b>fet</b> & 1 < 2')
    html = page(client, "samverkan")
    assert "<script>alert" not in html and "<b>fet" not in html
    assert "<mark>samverkan</mark>" in html and "&amp; 1 &lt; 2" in html


@pytest.mark.parametrize(
    "query",
    ["", "   ", "&|!():*<->", "'\"", '"unbalanced', "a" * 200, "-", "OR", "och", "\ufffd",
     "'; DROP TABLE x; --", "!!!", "a:*", "(", "\\", "ö" * 199],
)  # fmt: skip
def test_any_query_is_answered_without_an_error(client, query):
    NoteFactory(text="Samverkan")
    assert client.get("/sok/", {"q": query}).status_code == 200


def test_a_nul_byte_is_refused_before_the_search_with_400(client):
    # okportal's middleware answers for every address, before the search form is read
    assert client.get("/sok/", {"q": "ab\x00c"}).status_code == 400


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "a" * 10_000}, "högst 200 tecken"),
        ({"q": "x", "year": "tjugo"}, "Ange året med siffror"),
        ({"q": "x", "theme": "finns-inte"}, "giltigt"),
        ({"q": "x", "kind": "bomb"}, "giltigt"),
        ({"q": "x", "page": "0"}, "Det finns ingen sådan sida."),
    ],
)
def test_bad_input_is_a_400_with_a_message(client, params, message):
    html = page(client, params, status=400)
    # the portal's one error presentation: a summary at the top, each error linked to its field
    summary = html[
        html.index('class="error-summary') : html.index("</ul>", html.index("error-summary"))
    ]
    assert "Rätta följande" in summary and message in summary
    if "page" not in params:  # the page number is no field of the form: no link
        assert 'href="#id_' in summary


def test_invalid_utf8_in_the_address_is_answered(client):
    assert client.get("/sok/?q=%ff%fe%00abc").status_code in (200, 400)
    assert client.get("/sok/?q=%C3%28").status_code == 200


@pytest.mark.parametrize("rows", [2, 40])
def test_queries_are_counted_and_do_not_grow_with_the_hits(client, django_assert_num_queries, rows):
    for n in range(rows):
        NoteFactory(text=f"Samverkan nummer {n}")
        OrganisationFactory(name=f"Samverkan {n}")
        AgendaItemFactory(meeting=published_meeting(), title=f"Samverkan {n}")
    # the themes of the filter, the search
    with django_assert_num_queries(2):
        html = page(client, "samverkan")
    assert html.count('class="hit-title"') == 3 * min(rows, 5)
    # the filters' fields are kept each for its value: the theme's (none given) is the first's
    with django_assert_num_queries(1):
        html = page(client, {"q": "samverkan", "kind": "note", "page": "2" if rows > 20 else "1"})
    assert html.count('class="hit-title"') == (20 if rows > 20 else rows)
    # the themes, the theme asked for, the search, the search for misspellings
    with django_assert_num_queries(4):
        page(client, {"q": "samvarkan", "theme": "folkhalsa"})


def test_english_visitors_see_translated_kinds_in_english(client):
    PrincipleFactory(name="Självständighet och oberoende", name_en="Independence",
                     description="Föreningarnas självständighet.",
                     description_en="The organisations' independence.")  # fmt: skip
    PrincipleFactory(name="Öppenhet och insyn", description="Öppenhet mot föreningarna.")
    english = page(client, {"q": "föreningarna"} | {"kind": "principle"}, prefix="/en")
    assert ">Independence</a>" in english and "organisations&#x27; independence" in english
    # a principle without an English name keeps its Swedish one
    assert ">Öppenhet och insyn</a>" in english
    swedish = page(client, {"q": "föreningarna", "kind": "principle"})
    assert ">Självständighet och oberoende</a>" in swedish and "Independence" not in swedish


def test_every_page_has_a_search_field_in_the_header(client):
    html = client.get("/").content.decode()
    assert 'role="search"' in html and 'action="/sok/"' in html
    assert 'action="/en/sok/"' in client.get("/en/").content.decode()


def plan_of_the_search(text: str) -> str:
    """The plan of the search's SQL with the other ways to the rows priced out, as the planner
    would choose it on large tables: whether each kind's match can use its index."""
    with CaptureQueriesContext(connection) as queries:
        search(text)
    with connection.cursor() as cursor:
        # every other way to a kind's rows priced out (on a few rows the planner may read a
        # whole table through any index, or reach it row by row from a joined one): what is
        # left for a condition on the text is its full-text index, if it can serve it
        for way in ("seqscan", "indexscan", "indexonlyscan", "nestloop", "mergejoin"):
            cursor.execute(f"SET LOCAL enable_{way} = off")
        cursor.execute("EXPLAIN " + queries.captured_queries[-1]["sql"])
        return "\n".join(row[0] for row in cursor.fetchall())


# The kinds with the most rows (in bench/search.py, 100,000 notes and 20,000 minutes items). On
# the few rows of a test, the planner may reach a small kind through another index (a section by
# its version, an organisation by its status, a topic by its event).
SEARCH_INDEXES = ["topic_search", "note_search", "agenda_item_search"]


def test_the_large_kinds_are_matched_through_their_full_text_index():
    NoteFactory(text="Samverkan")
    plan = plan_of_the_search("samverkan")
    for name in SEARCH_INDEXES:
        assert f"Bitmap Index Scan on {name}" in plan, name


@pytest.mark.parametrize(
    "data",
    [None, {"q": ""}, {"q": "psykisk hälsa"}, {"q": '"psykisk hälsa" -covid'},
     {"q": "<b>&amp; 'x'\ue003"}, {"q": "x" * 201}, {"q": "unga", "year": "abc"}],
)  # fmt: skip
@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_words_field_is_crispys_own_rendering_with_the_words_put_in(data, language):
    from crispy_forms.utils import render_crispy_form
    from django.utils import translation

    from okportal.forms import portal_helper, words_field
    from search.forms import SearchForm

    with translation.override(language):
        kept = words_field(SearchForm(data))
        form = SearchForm(data)
        assert kept == render_crispy_form(form, portal_helper(form, ["q"]))


@pytest.mark.parametrize("language", ["sv", "en"])
def test_hits_show_their_title_and_day_as_the_template_filters_did(language):
    from django.template import Context, Template
    from django.utils import translation

    from search.templatetags.search_hits import day, title

    titles = ["Kort", "Å" * 160, "Ä" * 161, "A\u0308" * 160 + "ö", "x" * 300]
    filters = Template('{{ t|truncatechars:160 }}|{{ d|date:"j F Y" }}')
    with translation.override(language):
        for text in titles:
            when = datetime.date(2021, 4, 29)
            expected = filters.render(Context({"t": text, "d": when}, autoescape=False))
            assert f"{title(text)}|{day(when, language)}" == expected


def test_the_search_sql_gets_its_values_quoted_as_psycopg_quotes_them():
    from search.query import bound

    text = 'O\'Brien \\ %s 100% "x" ; DROP TABLE x; --'
    with connection.cursor() as cursor:
        cursor.execute(bound("SELECT %s::text, %s::int, %s::text, '%%'", [text, 7, None]))
        assert cursor.fetchone() == (text, 7, None, "%")
