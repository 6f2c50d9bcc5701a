"""Themes, principles, phases and the topic-grid legend in both languages; where the English
text is missing, the Swedish one is shown and marked lang="sv"."""

import re

import pytest
from django.apps import apps
from django.utils import translation

from agreements.models import Phase, Principle
from dialogues.models import DialogueEvent
from okportal import english_content
from organisations.models import Theme
from tests.agreements.factories import AgreementFactory, PhaseFactory, PrincipleFactory
from tests.dialogues.factories import EventFactory, TopicFactory
from tests.organisations.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_seeded_themes_have_english_names_after_migrate():
    theme = Theme.objects.get(slug="folkhalsa")
    assert (theme.name_sv, theme.name_en) == ("Folkhälsa", "Public health")
    with translation.override("en"):
        assert Theme.objects.get(slug="barn-och-unga").name == "Children and young people"


def test_the_original_column_keeps_the_swedish_whoever_saves():
    with translation.override("en"):
        theme = Theme.objects.create(name="Friluftsliv", slug="friluftsliv")
        theme.name = "Outdoor life"
        theme.save()
    row = Theme.objects.filter(pk=theme.pk).values("name", "name_sv", "name_en").get()
    assert row == {"name": "Friluftsliv", "name_sv": "Friluftsliv", "name_en": "Outdoor life"}


def test_filling_english_again_changes_nothing_a_coordinator_wrote():
    theme = Theme.objects.get(slug="ensamhet")
    Theme.objects.filter(pk=theme.pk).update(name_en="Solitude")
    english_content.fill_all(apps)
    assert Theme.objects.get(pk=theme.pk).name_en == "Solitude"


def test_english_page_marks_swedish_text_that_has_no_translation(client):
    agreement = AgreementFactory()
    PrincipleFactory(
        agreement=agreement, name="Dialog", slug="dialog", description="Parterna samtalar."
    )
    PrincipleFactory(agreement=agreement, name="Lokal förankring", slug="lokal", order=9)
    english_content.fill(Principle, ("name", "description"))
    html = client.get("/en/overenskommelsen/principer/").content.decode()
    assert "<h3>Dialogue</h3>" in html
    assert '<h3><span lang="sv">Lokal förankring</span></h3>' in html
    assert '<div lang="sv"><p>Parterna samtalar.</p>' in html
    swedish = client.get("/overenskommelsen/principer/").content.decode()
    assert "<h3>Dialog</h3>" in swedish
    assert 'lang="sv"><' not in swedish.split("<main", 1)[1]


def test_phase_descriptions_and_theme_names_follow_the_page_language(client):
    agreement = AgreementFactory()
    PhaseFactory(
        agreement=agreement,
        kind=Phase.Kind.DRAFTING,
        description="Remiss, förankring i organisationerna och beslut.",
    )
    english_content.fill(Phase, ("description",))
    organisation = OrganisationFactory()
    organisation.themes.set([Theme.objects.get(slug="aldre")])
    html = client.get("/en/overenskommelsen/").content.decode()
    assert "<p>Consultation, anchoring in the organisations and decision.</p>" in html
    detail = client.get(f"/en/organisationer/{organisation.slug}/").content.decode()
    assert "<dd>Older people</dd>" in detail
    assert "<dd>Äldre</dd>" in client.get(f"/organisationer/{organisation.slug}/").content.decode()


def test_grid_legend_in_english_or_marked_swedish(client):
    legend = (
        "Ämnen som kom upp som förslag, de med *kursiv* stil diskuterades inte som separata ämnen."
    )
    known = EventFactory(grid_legend=legend)
    unknown = EventFactory(grid_legend="Ämnen i *kursiv* stil togs inte upp.")
    for event in (known, unknown):
        TopicFactory(event=event)
    english_content.fill(DialogueEvent, ("grid_legend",))
    html = client.get(f"/en/dialoger/{known.slug}/").content.decode()
    assert "those in <em>italics</em> were not discussed" in html
    html = client.get(f"/en/dialoger/{unknown.slug}/").content.decode()
    assert re.search(r'<span lang="sv">\s*(<p>)?Ämnen i <em>kursiv</em>', html)


def test_admin_edits_swedish_and_english_side_by_side(admin_client):
    theme = Theme.objects.get(slug="demokrati")
    html = admin_client.get(f"/admin/organisations/theme/{theme.pk}/change/").content.decode()
    assert 'name="name_sv"' in html and 'name="name_en"' in html
    agreement = AgreementFactory()
    html = admin_client.get(f"/admin/agreements/agreement/{agreement.pk}/change/").content.decode()
    assert 'name="principles-__prefix__-name_en"' in html
    assert 'name="phases-__prefix__-description_en"' in html


def test_principles_keep_obj_name_for_other_code():
    principle = PrincipleFactory(name="Kvalitet", slug="kvalitet")
    english_content.fill(Principle, ("name", "description"))
    principle.refresh_from_db()
    with translation.override("en"):
        assert principle.name == "Quality"
        assert str(principle) == "Quality"
    with translation.override("sv"):
        assert principle.name == "Kvalitet"
