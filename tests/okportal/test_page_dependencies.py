"""Every cached page declares, beside its view, the models whose rows it shows
(okportal/page_cache.py). Saving or deleting a row of any of them must renew that page — and a
change must leave the pages that do not show it in the cache."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models

from agreements.models import ConsultationComment, SeasonDate
from dialogues.models import Dialogue, GuidingQuestion, SourceDocument
from okportal.page_cache import PAGES
from organisations.models import Municipality
from tests.agreements import factories as agreements
from tests.dialogues import factories as dialogues
from tests.organisations import factories as organisations

pytestmark = pytest.mark.django_db


def _comment():
    return ConsultationComment.objects.create(
        section=agreements.SectionFactory(),
        organisation=organisations.OrganisationFactory(),
        text="Bra text.",
    )


def _attachment():
    from agreements.models import Attachment

    return Attachment.objects.create(
        item=agreements.AgendaItemFactory(),
        title="Bilaga",
        file=SimpleUploadedFile("bilaga.txt", b"Bilaga"),
    )


# one saved row of every model a cached page may show
BUILDERS = {
    "agreements.Agreement": agreements.AgreementFactory,
    "agreements.AgreementVersion": agreements.VersionFactory,
    "agreements.Section": agreements.SectionFactory,
    "agreements.Principle": agreements.PrincipleFactory,
    "agreements.Phase": agreements.PhaseFactory,
    "agreements.Signature": agreements.SignatureFactory,
    "agreements.ConsultationComment": _comment,
    "agreements.Meeting": agreements.MeetingFactory,
    "agreements.AgendaItem": agreements.AgendaItemFactory,
    "agreements.Attachment": _attachment,
    "agreements.SeasonDate": lambda: SeasonDate.objects.create(
        meeting=agreements.MeetingFactory(), date=datetime.date(2026, 9, 1)
    ),
    "agreements.Adjuster": agreements.AdjusterFactory,
    "agreements.Attendance": agreements.AttendanceFactory,
    "organisations.Organisation": organisations.OrganisationFactory,
    "organisations.WorkingGroup": organisations.WorkingGroupFactory,
    "organisations.Membership": organisations.MembershipFactory,
    "organisations.Representative": organisations.RepresentativeFactory,
    "organisations.Municipality": lambda: Municipality.objects.order_by("pk").first(),
    "organisations.Theme": dialogues.ThemeFactory,
    "okportal.User": organisations.UserFactory,
    "dialogues.DialogueEvent": dialogues.EventFactory,
    "dialogues.Topic": dialogues.TopicFactory,
    "dialogues.Note": dialogues.NoteFactory,
    "dialogues.BarometerStatement": dialogues.StatementFactory,
    "dialogues.Dialogue": lambda: Dialogue.objects.create(
        event=dialogues.EventFactory(), title="Dialog"
    ),
    "dialogues.GuidingQuestion": lambda: GuidingQuestion.objects.create(
        event=dialogues.EventFactory(), text="Hur?"
    ),
    "dialogues.SourceDocument": lambda: SourceDocument.objects.create(
        event=dialogues.EventFactory(), filename="a.txt", content_hash="a" * 64, text="a"
    ),
}

DECLARED = [
    (page, label)
    for page in PAGES.values()
    if not page.name.startswith("tests:")
    for label in page.shows
]


def test_every_page_of_the_portal_declares_what_it_shows():
    names = {page.name for page, _label in DECLARED}
    assert {
        "okportal:start", "agreements:agreement", "agreements:principles",
        "agreements:versions", "agreements:signatories", "agreements:meeting_list",
        "agreements:meeting", "dialogues:events", "dialogues:event", "dialogues:topic",
        "organisations:directory", "organisations:group",
    } <= names  # fmt: skip


@pytest.mark.parametrize(
    ("page", "label"), DECLARED, ids=[f"{page.name}-{label}" for page, label in DECLARED]
)
def test_saving_or_deleting_a_row_a_page_shows_renews_that_page(
    page, label, django_capture_on_commit_callbacks
):
    row = BUILDERS[label]()
    with django_capture_on_commit_callbacks(execute=True):
        before = page.current()
        _change(row, page.fields_shown[label] or ())
        row.save()
    assert page.current() > before
    before = page.current()
    with django_capture_on_commit_callbacks(execute=True):
        row.delete()
    assert page.current() > before


def _change(row, names) -> None:
    """A new value in each of the fields `names` of `row` (its relations stay)."""
    for name in names:
        field = row._meta.get_field(name)
        value = getattr(row, name)
        if field.is_relation:
            continue
        if field.choices:
            value = next(v for v, _label in field.choices if v != value)
        elif isinstance(field, models.IntegerField):
            value += 1000
        elif isinstance(field, models.DateField):  # a DateTimeField too
            value -= datetime.timedelta(days=1)  # a meeting still ends after it starts
        else:
            value = f"{value}-ny"
        setattr(row, name, value)


def _plain_fields(names) -> list[str]:
    return sorted(names, key=lambda name: (name in {"meeting", "version"}, name))[:1]


NARROWED = [(page, label) for page, label in DECLARED if page.fields_shown[label]]


@pytest.mark.parametrize(
    ("page", "label"), NARROWED, ids=[f"{page.name}-{label}" for page, label in NARROWED]
)
def test_a_page_that_shows_some_fields_of_a_row_is_renewed_by_those_fields_only(
    page, label, django_capture_on_commit_callbacks
):
    row = BUILDERS[label]()
    shown = page.fields_shown[label]
    others = [
        f.name for f in row._meta.concrete_fields
        if f.name not in shown and not f.primary_key and not f.is_relation and not f.generated
        and f.get_internal_type() in {"CharField", "TextField"} and not f.choices
        and f.name not in {"password", "slug"}
    ]  # fmt: skip
    assert others, "a field the page does not show"
    for save in (lambda: row.save(), lambda: row.save(update_fields=others[:1])):
        with django_capture_on_commit_callbacks(execute=True):
            before = page.current()
            _change(row, others[:1])
            save()
        assert page.current() == before, others[0]
    with django_capture_on_commit_callbacks(execute=True):
        _change(row, _plain_fields(shown))
        row.save(update_fields=_plain_fields(shown))
    assert page.current() > before


def test_an_organisation_saving_its_profile_leaves_the_agreement_and_meeting_pages(client):
    """The issue's case: an organisation changing its description renews the directory only;
    its new name renews every page that names it."""
    organisation = organisations.OrganisationFactory(name="Föreningen Alfa")
    naming = ["agreements:agreement", "agreements:signatories", "agreements:meeting"]
    before = {name: PAGES[name].current() for name in [*naming, "organisations:directory"]}
    organisation.description = "Vi ordnar läxhjälp på lördagar."
    organisation.save()
    assert {name: PAGES[name].current() for name in naming} == {n: before[n] for n in naming}
    assert PAGES["organisations:directory"].current() > before["organisations:directory"]
    organisation.name = "Föreningen Beta"
    organisation.save()
    assert all(PAGES[name].current() > before[name] for name in naming)


def test_a_person_signing_in_leaves_the_group_pages(client):
    person = organisations.UserFactory(name="Nina Nilsson")
    before = PAGES["organisations:group"].current()
    client.force_login(person)  # stores the time of the sign-in on the person
    assert PAGES["organisations:group"].current() == before


def test_saving_an_organisation_leaves_the_pages_that_do_not_show_organisations():
    organisation = organisations.OrganisationFactory()
    untouched = [p for p in PAGES.values() if "organisations.Organisation" not in p.shows]
    assert {p.name for p in untouched} >= {"agreements:versions", "agreements:meeting_list"}
    before = {p.name: p.current() for p in untouched}
    organisation.name = "Nytt namn"
    organisation.save()
    assert {p.name: p.current() for p in untouched} == before


def test_a_saved_organisation_shows_in_the_directory_at_once(client):
    organisation = organisations.OrganisationFactory(name="Föreningen Alfa")
    assert "Föreningen Alfa" in client.get("/organisationer/").content.decode()
    organisation.name = "Föreningen Beta"
    organisation.save()
    html = client.get("/organisationer/").content.decode()
    assert "Föreningen Beta" in html and "Föreningen Alfa" not in html
