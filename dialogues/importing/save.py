"""Save what the parser read into the database: one transaction, and idempotent.

The whole text of the document is kept as a `SourceDocument` whose SHA-256 is unique, so the
same document imported again changes nothing. A document can also be added to an existing event
(a raw transcript to the compiled notes, minutes with an opinion barometer to the day they belong
to): topics are matched by their normalised title (`Topic.key`), its notes become further note
groups of the same topics, and questions and statements already there are not added twice.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dialogues.models import (
    BarometerStatement,
    Dialogue,
    DialogueEvent,
    GuidingQuestion,
    Note,
    SourceDocument,
    Topic,
    topic_key,
)
from okportal.documents import DocumentError, read_document
from okportal.importing.history import IMPORT_REASON, changed_by_hand, when_and_who
from organisations.models import Theme

from .parser import parse_dialogue
from .structure import ParsedEvent, ParsedNote

UNPLACED_REASONS = {
    "page_artifact": gettext_lazy("A page header, footer or page number from a PDF."),
    "bare_link": gettext_lazy("A lone link without context."),
    "separator": gettext_lazy("A separator line."),
    "empty_item": gettext_lazy("An empty list item."),
    "not_a_statement": gettext_lazy(
        "Text in the opinion barometer that is not a statement, an outcome or a comment."
    ),
    "parser_error": gettext_lazy("The line could not be read automatically."),
    "ignored": gettext_lazy("Left out by you."),
}


def unplaced_reason(code: str, fallback: str = "") -> str:
    return str(UNPLACED_REASONS.get(code, fallback or code))


@dataclass
class Preview:
    """A document read and parsed, not yet saved."""

    filename: str
    text: str
    parsed: ParsedEvent
    content_hash: str
    seconds: float = 0.0

    @property
    def already_imported(self) -> SourceDocument | None:
        return (
            SourceDocument.objects.select_related("event")
            .filter(content_hash=self.content_hash)
            .first()
        )

    @property
    def note_count(self) -> int:
        return sum(1 for topic in self.parsed.topics for _note in topic.notes())


@dataclass
class ImportOptions:
    event: DialogueEvent | None = None
    title: str = ""
    date: datetime.date | None = None
    kind: str = ""
    place: str = ""
    organiser: str = ""
    is_raw: bool = False
    dialogue_title: str = ""
    replace: bool = False  # replace what an earlier import of the same document made


@dataclass
class ImportResult:
    event: DialogueEvent
    source: SourceDocument
    created: bool
    counts: dict[str, int] = field(default_factory=dict)
    replaced: bool = False


def read(data: bytes, filename: str) -> Preview:
    """Read and parse; raises DocumentError with a message for the coordinator."""
    started = time.perf_counter()
    text = read_document(data, filename)
    return _preview(filename, text, parse_dialogue(text, filename), started)


def read_text(text: str, filename: str) -> Preview:
    """Parse text already read (the admin keeps it between the preview and the save)."""
    started = time.perf_counter()
    return _preview(filename, text, parse_dialogue(text, filename), started)


def preview_of(filename: str, text: str, parsed: ParsedEvent) -> Preview:
    """A preview of a document read and parsed elsewhere (by the upload's reading task)."""
    return _preview(filename, text, parsed, time.perf_counter())


def _preview(filename: str, text: str, parsed: ParsedEvent, started: float) -> Preview:
    content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Preview(filename, text, parsed, content_hash, time.perf_counter() - started)


def import_document(data: bytes, filename: str, options: ImportOptions | None = None):
    return save(read(data, filename), options or ImportOptions())


def save(preview: Preview, options: ImportOptions) -> ImportResult:
    """Save the preview in one transaction; the same document twice is saved once, unless
    `options.replace` says to replace what its earlier import made."""
    existing = preview.already_imported
    if existing is not None and not options.replace:
        return ImportResult(existing.event, existing, created=False)
    try:
        with transaction.atomic():
            if existing is not None:
                return _replace(preview, options, existing)
            return _Saver(preview, options).save()
    except IntegrityError:
        # Someone imported the same document at the same moment: theirs stands.
        existing = preview.already_imported
        if existing is None:
            raise
        return ImportResult(existing.event, existing, created=False)


def _made_alone(source: SourceDocument) -> bool:
    """Whether the source's event was made by this document alone (no other document added
    to it): then its questions, topics and facts are this document's too."""
    return not source.event.sources.exclude(pk=source.pk).exists()


def _replace(preview: Preview, options: ImportOptions, earlier: SourceDocument) -> ImportResult:
    """Take away what the earlier import of the document made and import it again into the
    same event (its address stays)."""
    event = DialogueEvent.objects.select_for_update().get(pk=earlier.event_id)
    alone = _made_alone(earlier)
    Note.objects.filter(source=earlier).delete()
    Dialogue.objects.filter(source=earlier).delete()  # with their questions
    BarometerStatement.objects.filter(source=earlier).delete()
    if alone:
        event.questions.all().delete()
        event.topics.filter(notes__isnull=True).delete()
    earlier.delete()
    saver = _Saver(preview, dataclasses.replace(options, event=event))
    if alone:
        saver.refresh(event)
    result = saver.save()
    result.created, result.replaced = False, True
    return result


def reimport_changes(preview: Preview, earlier: SourceDocument) -> dict:
    """What importing the document again changes, for its confirmation: the dialogues that go
    and come, the counts before and after, and the edits made by hand since the import."""
    before = {
        "dialogues": list(earlier.dialogues.values_list("title", flat=True)),
        "notes": earlier.notes.count(),
        "statements": earlier.barometer_statements.count(),
    }
    after_titles = [d.title for d in preview.parsed.dialogues]
    return {
        "removed": [t for t in before["dialogues"] if t not in after_titles],
        "added": [t for t in after_titles if t not in before["dialogues"]],
        "notes": (before["notes"], preview.note_count),
        "statements": (before["statements"], len(preview.parsed.barometer_statements)),
        "edits": edits_since_import(earlier),
    }


def edits_since_import(source: SourceDocument) -> list[str]:
    """Edits made by hand since the import to the event and to the dialogues and opinion
    barometer statements the document made (notes and topics keep no history)."""
    since = source.imported_at
    edits = [
        _("%(date)s: the event was changed by %(user)s") % when_and_who(record)
        for record in changed_by_hand(source.event.history.all(), since)
    ]
    for record in changed_by_hand(Dialogue.history.filter(source_id=source.pk), since):
        edits.append(
            _("%(date)s: dialogue “%(title)s” was changed by %(user)s")
            % {**when_and_who(record), "title": record.title}
        )
    statements = BarometerStatement.history.filter(source_id=source.pk)
    for record in changed_by_hand(statements, since):
        edits.append(
            _("%(date)s: statement “%(title)s” was changed by %(user)s")
            % {**when_and_who(record), "title": _clip(record.statement, 60)}
        )
    return edits


class _Saver:
    def __init__(self, preview: Preview, options: ImportOptions):
        self.preview = preview
        self.parsed = preview.parsed
        self.options = options
        self.counts = dict.fromkeys(
            ("topics", "notes", "questions", "dialogues", "statements", "unplaced"), 0
        )

    def save(self) -> ImportResult:
        event = self._event()
        source = SourceDocument.objects.create(
            event=event,
            filename=Path(self.preview.filename.replace("\\", "/")).name[:255],
            content_hash=self.preview.content_hash,
            text=self.preview.text,
            is_raw=self.options.is_raw,
            unplaced_lines=[
                {"line": u.line, "text": u.text, "reason": u.reason, "message": u.message}
                for u in self.parsed.unplaced
            ],
        )
        self.counts["unplaced"] = len(self.parsed.unplaced)
        self.source = source
        self._topics(event)
        self._questions(event, None, self.parsed.questions)
        self._dialogues(event)
        self._statements(event)
        return ImportResult(event, source, created=True, counts=self.counts)

    # --- the event -----------------------------------------------------------------------------

    def refresh(self, event: DialogueEvent) -> None:
        """An event made by this document alone takes the facts of its new import."""
        event.title = (self.options.title or self.parsed.title or event.title)[:200]
        event.date = self.options.date or self.parsed.date or event.date
        event.kind = self.options.kind or event.kind
        event.place = (self.options.place or self.parsed.place or "")[:200]
        event.organiser = (self.options.organiser or event.organiser)[:200]
        event.introduction = "\n\n".join(self.parsed.intro)
        event.grid_legend = self.parsed.legend or ""
        event.barometer_introduction = self.parsed.barometer_intro
        event._change_reason = IMPORT_REASON
        event.save()

    def _event(self) -> DialogueEvent:
        if self.options.event is not None:
            event = DialogueEvent.objects.select_for_update().get(pk=self.options.event.pk)
            changed = []
            # a Markdown field is saved with its stored HTML (okportal.markdown)
            if not event.introduction and self.parsed.intro:
                event.introduction = "\n\n".join(self.parsed.intro)
                changed += ["introduction", "introduction_html"]
            if not event.barometer_introduction and self.parsed.barometer_intro:
                event.barometer_introduction = self.parsed.barometer_intro
                changed += ["barometer_introduction", "barometer_introduction_html"]
            if not event.grid_legend and self.parsed.legend and not self.options.is_raw:
                event.grid_legend = self.parsed.legend
                changed.append("grid_legend")
            if changed:
                event._change_reason = IMPORT_REASON
                event.save(update_fields=[*changed, "updated_at"])
            return event
        title = (self.options.title or self.parsed.title or "").strip()
        if not title:
            title = Path(self.preview.filename).stem.replace("-", " ").replace("_", " ").strip()
        date = self.options.date or self.parsed.date
        if date is None:
            raise DocumentError(
                "no_date",
                _("The document does not say on which date the event was. Give the date."),
                field="date",
            )
        slug = f"{slugify(title)[:200]}-{date:%Y-%m-%d}".strip("-")
        if DialogueEvent.objects.filter(slug=slug).exists():
            raise DocumentError(
                "event_exists",
                _(
                    "An event called “%(title)s” on %(date)s already exists, imported from "
                    "another document. Choose that event to add this document to it."
                )
                % {"title": title, "date": date.isoformat()},
            )
        kinds = DialogueEvent.Kind
        kind = self.options.kind or (
            kinds.OPEN_SPACE if "open space" in title.casefold() else kinds.OTHER
        )
        return DialogueEvent.objects.create(
            title=title[:200],
            slug=slug,
            kind=kind,
            date=date,
            place=(self.options.place or self.parsed.place or "")[:200],
            organiser=self.options.organiser[:200],
            introduction="\n\n".join(self.parsed.intro),
            grid_legend=self.parsed.legend or "",
            barometer_introduction=self.parsed.barometer_intro,
        )

    # --- topics and notes ----------------------------------------------------------------------

    def _topics(self, event: DialogueEvent) -> None:
        topics = {topic.key: topic for topic in event.topics.all()}
        next_position = max((t.position for t in topics.values()), default=-1) + 1
        next_group = dict(
            Note.objects.filter(topic__event=event)
            .values_list("topic")
            .annotate(last=Max("group"))
            .order_by()
        )
        themes = list(Theme.objects.order_by())
        pending: list[tuple[Note, ParsedNote]] = []
        for parsed_topic in self.parsed.topics:
            key = topic_key(parsed_topic.title)
            topic = topics.get(key)
            if topic is None:
                cell_taken = any(
                    t.grid_row == parsed_topic.grid_row
                    and t.grid_column == parsed_topic.grid_column
                    for t in topics.values()
                    if parsed_topic.grid_row is not None
                )
                topic = Topic.objects.create(
                    event=event,
                    title=parsed_topic.title[:200],
                    discussed_on_own=parsed_topic.discussed_on_own,
                    grid_row=None if cell_taken else parsed_topic.grid_row,
                    grid_column=None if cell_taken else parsed_topic.grid_column,
                    position=next_position,
                )
                next_position += 1
                topics[key] = topic
                self.counts["topics"] += 1
                # Themes suggested by the title (Theme.mentioned_in), corrected in the admin.
                topic.themes.add(*[t for t in themes if t.mentioned_in(topic.title)])
            group = next_group.get(topic.pk, -1) + 1
            for parsed_group in parsed_topic.note_groups:
                if not parsed_group:
                    continue
                for position, parsed_note in enumerate(parsed_group):
                    note = Note(
                        topic=topic,
                        group=group,
                        position=position,
                        text=parsed_note.text,
                        source=self.source,
                        source_lines=_lines(parsed_note.lines),
                    )
                    pending.append((note, parsed_note))
                group += 1
            next_group[topic.pk] = group - 1
        self._save_notes(pending)

    def _save_notes(self, level: list[tuple[Note, ParsedNote]]) -> None:
        """One INSERT per depth of nesting, however many notes."""
        while level:
            Note.objects.bulk_create([note for note, _parsed in level], batch_size=1000)
            self.counts["notes"] += len(level)
            deeper = []
            for parent, parsed in level:
                for position, child in enumerate(parsed.children):
                    deeper.append(
                        (
                            Note(
                                topic=parent.topic,
                                dialogue=parent.dialogue,
                                parent=parent,
                                group=parent.group,
                                position=position,
                                text=child.text,
                                source=self.source,
                                source_lines=_lines(child.lines),
                            ),
                            child,
                        )
                    )
            level = deeper

    # --- questions, dialogues, statements -------------------------------------------------------

    def _questions(self, event, dialogue, parsed_questions) -> None:
        if not parsed_questions:
            return
        existing = {
            " ".join(q.casefold().split())
            for q in GuidingQuestion.objects.filter(event=event, dialogue=dialogue).values_list(
                "text", flat=True
            )
        }
        start = GuidingQuestion.objects.filter(event=event).count()
        for parsed in parsed_questions:
            key = " ".join(parsed.text.casefold().split())
            if key in existing or not key:
                continue
            existing.add(key)
            GuidingQuestion.objects.create(
                event=event, dialogue=dialogue, text=parsed.text, position=start
            )
            start += 1
            self.counts["questions"] += 1

    def _dialogues(self, event: DialogueEvent) -> None:
        by_title = {d.title.casefold(): d for d in event.dialogues.all()}
        position = len(by_title)
        for parsed in self.parsed.dialogues:
            given = self.options.dialogue_title if parsed.title_is_fallback else ""
            title = (
                given
                or parsed.title.strip()
                or self.options.dialogue_title
                or (
                    _("Dialogue %(number)s") % {"number": position + 1}
                    if len(self.parsed.dialogues) > 1 or by_title
                    else event.title
                )
            )
            dialogue = by_title.get(title.casefold())
            if dialogue is None:
                dialogue = Dialogue.objects.create(
                    event=event,
                    title=title[:200],
                    summary=parsed.summary,
                    raw_material=parsed.raw_material,
                    position=position,
                    source=self.source,
                )
                by_title[title.casefold()] = dialogue
                position += 1
                self.counts["dialogues"] += 1
            else:
                changed = []
                for name in ("summary", "raw_material"):
                    addition = getattr(parsed, name).strip()
                    current = getattr(dialogue, name)
                    if addition and addition not in current:
                        setattr(dialogue, name, f"{current}\n\n{addition}".strip())
                        changed.append(name)
                if "summary" in changed:
                    changed.append("summary_html")  # saved with its stored HTML
                if changed:
                    dialogue._change_reason = IMPORT_REASON
                    dialogue.save(update_fields=changed)
            self._questions(event, dialogue, parsed.questions)

    def _statements(self, event: DialogueEvent) -> None:
        existing = {
            " ".join(s.casefold().split())
            for s in event.barometer_statements.values_list("statement", flat=True)
        }
        position = len(existing)
        for parsed in self.parsed.barometer_statements:
            key = " ".join(parsed.statement.casefold().split())
            if key in existing or not key:
                continue
            existing.add(key)
            BarometerStatement.objects.create(
                event=event,
                statement=parsed.statement,
                outcome=parsed.outcome,
                comments="\n".join(parsed.comments),
                position=position,
                status=BarometerStatement.Status.RECORDED,
                source=self.source,
            )
            position += 1
            self.counts["statements"] += 1


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _lines(numbers: list[int]) -> str:
    return ",".join(str(n) for n in numbers)[:200]
