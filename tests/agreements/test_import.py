import datetime
import io
from pathlib import Path

import docx
import pytest
from django.core.management import CommandError, call_command

from agreements.importing.save import import_minutes
from agreements.models import AgendaItem, Meeting
from okportal.documents import DocumentError

from .factories import CouncilFactory, WorkingGroupFactory

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[2] / "agreements" / "seeds"
COUNCIL_SEED = SEEDS / "radet-for-ideburna-2021-minnesanteckningar.txt"
INSPIRATION_SEED = SEEDS / "inspirationsdag-2015-10-23.txt"


def test_council_seed_becomes_eleven_items_with_chair_note_taker_and_dates():
    result = import_minutes(
        COUNCIL_SEED.read_text(), group=CouncilFactory(), date=datetime.date(2021, 4, 29)
    )
    meeting = result.meeting
    assert result.created
    items = list(meeting.items.all())
    assert [i.number for i in items] == list(range(1, 12))
    assert items[5].title == "Nära vård"
    assert meeting.chair == "Elisabeth Kihlström"
    assert meeting.note_taker == "Elisabeth Ehne"
    assert meeting.next_meeting_at.date() == datetime.date(2021, 9, 2)
    assert [d.date for d in meeting.season_dates.all()] == [
        datetime.date(2021, 9, 2), datetime.date(2021, 12, 9)
    ]  # fmt: skip
    assert meeting.status == Meeting.Status.DRAFT
    # the URL broken over two lines in the seed is whole again
    assert (
        "https://www.regionvarmland.se/politik/Samverkansrad/radet-for-ideburna-organisationer/"
        in items[2].minutes + items[2].links
    )


def test_importing_the_same_document_again_creates_nothing():
    group = CouncilFactory()
    text = COUNCIL_SEED.read_text()
    first = import_minutes(text, group=group, date=datetime.date(2021, 4, 29))
    second = import_minutes(text, group=group, date=datetime.date(2021, 4, 29))
    assert not second.created and second.meeting == first.meeting
    assert Meeting.objects.count() == 1 and AgendaItem.objects.count() == 11


def test_a_document_without_a_date_needs_one_and_nothing_is_saved():
    with pytest.raises(DocumentError) as caught:
        import_minutes(COUNCIL_SEED.read_text(), group=CouncilFactory())
    assert caught.value.field == "date"
    assert Meeting.objects.count() == 0


def test_inspiration_day_is_one_item_per_heading_on_its_own_date():
    result = import_minutes(INSPIRATION_SEED.read_text(), group=WorkingGroupFactory())
    assert result.meeting.starts_at.date() == datetime.date(2015, 10, 23)
    assert result.meeting.items.count() == 9
    assert result.warnings  # no time in the document: said so


def test_an_overlapping_import_is_refused_with_a_message_and_nothing_saved():
    group = CouncilFactory()
    import_minutes(COUNCIL_SEED.read_text(), group=group, date=datetime.date(2021, 4, 29))
    with pytest.raises(match="redan ett möte"):
        import_minutes(
            "1\nÖppnande\nMötet öppnas.\n2\nAvslut\nMötet avslutas.\n",
            group=group,
            date=datetime.date(2021, 4, 29),
        )
    assert Meeting.objects.count() == 1


def test_text_without_items_is_refused():
    with pytest.raises(DocumentError):
        import_minutes("   \n", group=CouncilFactory(), date=datetime.date(2021, 1, 1))


def test_command_imports_a_seed_and_reports(tmp_path, capsys):
    CouncilFactory()
    call_command("import_minutes", str(COUNCIL_SEED), "--date", "2021-04-29", "--publish")
    out = capsys.readouterr().out
    assert "11 items" in out and "§6 Nära vård" in out
    call_command("import_minutes", str(COUNCIL_SEED), "--date", "2021-04-29")
    assert "Already imported" in capsys.readouterr().out
    assert Meeting.objects.get().status == Meeting.Status.PUBLISHED


def test_command_reports_bad_input_clearly(tmp_path):
    CouncilFactory()
    with pytest.raises(CommandError, match="date"):
        call_command("import_minutes", str(COUNCIL_SEED))
    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"%PDF")
    with pytest.raises(CommandError, match="Filtypen stöds inte"):
        call_command("import_minutes", str(bad))
    with pytest.raises(CommandError):
        call_command("import_minutes", str(tmp_path / "missing.txt"))


def test_command_reads_a_word_document(tmp_path, capsys):
    document = docx.Document()
    document.add_heading("1. Mötet öppnas", level=2)
    document.add_paragraph("Ordförande Anna Berg öppnar mötet.")
    document.add_heading("2. Nära vård", level=2)
    document.add_paragraph("Information om Nära vård.")
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / "protokoll.docx"
    path.write_bytes(buffer.getvalue())
    group = WorkingGroupFactory()
    call_command("import_minutes", str(path), "--group", group.slug, "--date", "2024-03-01")
    meeting = Meeting.objects.get()
    assert [i.title for i in meeting.items.all()][-1] == "Nära vård"


ADJUSTED_MINUTES = """Styrelsemöte 2022-03-10
Justerare: Anna Berg och Per Ek

§ 1 Mötets öppnande
Ordföranden öppnade mötet.

§ 2 Bidrag
Beslut: att bevilja bidraget.
"""


def test_adjusters_named_in_the_minutes_become_the_meetings_adjusters():
    from agreements import workflow

    group = WorkingGroupFactory()
    meeting = import_minutes(ADJUSTED_MINUTES, group=group).meeting
    assert list(meeting.adjusters.values_list("name", "approved_at")) == [
        ("Anna Berg", None),
        ("Per Ek", None),
    ]
    # a draft with named adjusters goes the admin's way: they are asked before it is published
    assert workflow.pending_adjusters(meeting) == ["Anna Berg", "Per Ek"]


def test_a_reimport_keeps_an_adjuster_who_approved_and_drops_one_no_longer_named():
    from django.utils import timezone

    from agreements.importing.minutes import parse_minutes
    from agreements.importing.save import MinutesOptions

    group = WorkingGroupFactory()
    meeting = import_minutes(ADJUSTED_MINUTES, group=group).meeting
    meeting.adjusters.filter(name="Anna Berg").update(approved_at=timezone.now())
    # imported again with the Justerare line left out in the preview
    parsed = parse_minutes(ADJUSTED_MINUTES, {2: "ignore"})
    result = import_minutes(
        ADJUSTED_MINUTES, group=group, parsed=parsed, options=MinutesOptions(replace=True)
    )
    assert result.replaced and result.meeting.pk == meeting.pk
    kept = list(meeting.adjusters.values_list("name", flat=True))
    assert kept == ["Anna Berg"] and meeting.adjusters.get().approved_at is not None
