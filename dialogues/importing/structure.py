"""What the dialogue parser returns: plain data, no Django, no database.

Every parsed element keeps the 1-based numbers of the source lines it came from, so an importer
can show the coordinator exactly which line went where, and so nothing can be dropped unnoticed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field

from okportal.importing.doubts import Doubt

UNPLACED_REASONS = {
    "page_artifact": "Sidhuvud, sidfot eller sidnummer från en PDF.",
    "bare_link": "En ensam länk utan sammanhang.",
    "separator": "En skiljelinje.",
    "empty_item": "En tom punkt i en lista.",
    "not_a_statement": (
        "Text i åsiktsbarometern som inte är ett påstående, ett utfall eller en kommentar."
    ),
    "parser_error": "Raden kunde inte tolkas automatiskt.",
    "ignored": "Utelämnad av samordnaren.",
    "note_without_topic": "En anteckning utan något ämne ovanför.",
}


# Unplaced lines that have a role of their own in the preview.
_UNPLACED_ROLES = {"page_artifact": "dropped", "separator": "dropped", "ignored": "ignore"}


@dataclass
class ParsedNote:
    """One note as written: Markdown emphasis kept, sub-notes nested under it."""

    text: str
    children: list[ParsedNote] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)

    def walk(self) -> Iterator[ParsedNote]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class ParsedTopic:
    """A proposed topic. Each time its heading occurs (e.g. on two walls) adds a note group."""

    title: str
    discussed_on_own: bool = True
    grid_row: int | None = None
    grid_column: int | None = None
    note_groups: list[list[ParsedNote]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)

    def notes(self) -> Iterator[ParsedNote]:
        for group in self.note_groups:
            for note in group:
                yield from note.walk()


@dataclass
class ParsedQuestion:
    text: str
    lines: list[int] = field(default_factory=list)


@dataclass
class ParsedDialogue:
    """A dialogue: its written summary and its raw material, both Markdown."""

    title: str
    summary: str = ""
    raw_material: str = ""
    questions: list[ParsedQuestion] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    # The document names no dialogue; the title comes from the event's title or the filename,
    # and a title the coordinator gives on import wins over it.
    title_is_fallback: bool = False
    # Which of `lines` went to the summary and which to the raw material (the rest: heading).
    summary_lines: list[int] = field(default_factory=list)
    raw_lines: list[int] = field(default_factory=list)


@dataclass
class ParsedBarometerStatement:
    """An opinion barometer statement and where the room placed itself on the scale."""

    statement: str
    outcome: str = ""
    comments: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)


@dataclass
class UnplacedLine:
    line: int
    text: str
    reason: str

    @property
    def message(self) -> str:
        return UNPLACED_REASONS.get(self.reason, self.reason)


@dataclass
class ParsedEvent:
    title: str | None = None
    date: datetime.date | None = None
    place: str | None = None
    legend: str | None = None
    intro: list[str] = field(default_factory=list)
    topics: list[ParsedTopic] = field(default_factory=list)
    questions: list[ParsedQuestion] = field(default_factory=list)
    dialogues: list[ParsedDialogue] = field(default_factory=list)
    barometer_statements: list[ParsedBarometerStatement] = field(default_factory=list)
    # Markdown: what an Åsiktsbarometer section says before its first statement (its lines are
    # in `lines`).
    barometer_intro: str = ""
    unplaced: list[UnplacedLine] = field(default_factory=list)
    # What the parser guessed, for the preview, with code one of "no_date", the date doubts of
    # okportal.importing.doubts, "heading_guessed" (a heading found by the layout alone),
    # "sentence_case" (a heading in capitals shown in sentence case), "title_fallback" (a
    # dialogue named after the event or the file).
    doubts: list[Doubt] = field(default_factory=list)
    # Lines of the title, date, place, legend, intro, topic grid and barometer intro; of them,
    # those of the title and those the date was read from.
    lines: list[int] = field(default_factory=list)
    title_lines: list[int] = field(default_factory=list)
    date_lines: list[int] = field(default_factory=list)

    def line_roles(self) -> dict[int, str]:
        """What each source line became: title, date, event (place, introduction, grid), topic,
        note, question, dialogue (a dialogue's heading), summary, raw (raw material),
        statement, dropped (page furniture), ignore (left out by the coordinator), unplaced."""
        roles: dict[int, str] = {}

        def mark(lines, role):
            for number in lines:
                roles.setdefault(number, role)

        for item in self.unplaced:
            mark([item.line], _UNPLACED_ROLES.get(item.reason, "unplaced"))
        for question in [*self.questions, *(q for d in self.dialogues for q in d.questions)]:
            mark(question.lines, "question")
        for topic in self.topics:
            mark(topic.lines, "topic")
            for note in topic.notes():
                mark(note.lines, "note")
        for statement in self.barometer_statements:
            mark(statement.lines, "statement")
        for dialogue in self.dialogues:
            mark(dialogue.summary_lines, "summary")
            mark(dialogue.raw_lines, "raw")
            mark(dialogue.lines, "dialogue")
        mark(self.title_lines, "title")
        mark(self.date_lines, "date")
        mark(self.lines, "event")
        return roles

    def covered_lines(self) -> set[int]:
        """Every source line that ended up somewhere, unplaced ones included."""
        covered = set(self.lines)
        for topic in self.topics:
            covered.update(topic.lines)
            for note in topic.notes():
                covered.update(note.lines)
        for question in self.questions:
            covered.update(question.lines)
        for dialogue in self.dialogues:
            covered.update(dialogue.lines)
            for question in dialogue.questions:
                covered.update(question.lines)
        for statement in self.barometer_statements:
            covered.update(statement.lines)
        covered.update(item.line for item in self.unplaced)
        return covered
