"""The event: the preamble, and each section routed to topics, dialogues, questions, barometer."""

from __future__ import annotations

import datetime
import re
from dataclasses import replace

from okportal.importing.casing import is_capitals, sentence_case
from okportal.importing.dates import DateReading, find_dates, swedish_date
from okportal.importing.doubts import Doubt, date_doubt

from ..structure import (
    ParsedDialogue,
    ParsedEvent,
    ParsedNote,
    ParsedQuestion,
    ParsedTopic,
    UnplacedLine,
)
from .barometer import _BarometerReader
from .grid import _find_grid
from .headings import LABELLED_TEXT, _Heading, _HeadingFinder
from .lines import (
    _LEGEND,
    QUOTES,
    _assign_gaps,
    _detect_layout,
    _Line,
    _scan,
    _terminated,
    normalise_title,
    strip_emphasis,
)
from .notes import _adopt_introduced_items, _Block, _block_markdown, _BlockBuilder, _render_markdown

_DATE_LABEL = re.compile(r"^(?:datum|date|dag|när)\s*:\s*(.+)$", re.IGNORECASE)
_PLACE_LABEL = re.compile(r"^(?:plats|lokal|place|venue|ort)\s*:\s*(.+)$", re.IGNORECASE)
_QUESTION_LABEL = re.compile(
    r"^(?:fråga|frågeställning|question)\s*\d*\s*[:.]\s*(.+)$", re.IGNORECASE
)
_LIST_NUMBER = re.compile(r"^\d{1,3}[.)]\s+")
_QUOTED = re.compile(rf"^[{QUOTES}]([^{QUOTES}]+)[{QUOTES}]\s*(\?)?\s*[.!]?$")


# --- questions ---------------------------------------------------------------------------------


def _question_text(text: str) -> str | None:
    plain = strip_emphasis(text).strip()
    labelled = _QUESTION_LABEL.match(plain)
    if labelled:
        return _unquote(labelled.group(1))
    quoted = _QUOTED.match(plain)
    if quoted and (quoted.group(1).rstrip().endswith("?") or quoted.group(2)):
        return quoted.group(1).strip() + ("?" if quoted.group(2) else "")
    return None


def _unquote(text: str) -> str:
    text = text.strip()
    quoted = _QUOTED.match(text)
    if quoted:
        return quoted.group(1).strip() + ("?" if quoted.group(2) else "")
    return text


# --- the event ---------------------------------------------------------------------------------


def _find_date(text: str) -> datetime.date | None:
    """The first date with a year in `text` (every form okportal.importing.dates reads)."""
    found = find_dates(text)
    return found[0].date if found else None


_FILENAME_DATE = re.compile(r"[-_ ]*\d{4}-\d{2}-\d{2}[-_ ]*")


def _title_from_filename(filename: str, date: datetime.date | None) -> str:
    """'inspirationsdag-2015-10-23.txt' → 'Inspirationsdag 23 oktober 2015'; '' without a name."""
    stem = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    words = " ".join(_FILENAME_DATE.sub(" ", stem).replace("-", " ").replace("_", " ").split())
    if not words:
        return ""
    words = words[0].upper() + words[1:]
    if date is None:
        return words
    return f"{words} {swedish_date(date)}"


class _EventBuilder:
    def __init__(
        self, raw_lines: list[str], filename: str = "", corrections: dict[int, str] | None = None
    ) -> None:
        self.filename = filename
        self.lines = _scan(raw_lines)
        self.layout = _detect_layout(self.lines)
        _assign_gaps(self.lines, self.layout)
        self.grid = _find_grid(self.lines)
        finder = _HeadingFinder(self.lines, self.layout, self.grid, corrections)
        self.headings, fragments = finder.find()
        self.vocabulary = finder.vocabulary
        self.finder_doubts = finder.doubts
        self.raw_part = False
        self.title_lines: list[
            int
        ] = []  # after a "Råmaterial" heading of its own: headings name dialogues
        self.blocks = _BlockBuilder(self.layout, fragments)
        self.event = ParsedEvent()
        self.topics: dict[str, ParsedTopic] = {}
        self.dialogue: ParsedDialogue | None = None
        self.default_dialogue: ParsedDialogue | None = None
        # (priority, the reading, its line numbers): the best priority is the event's date
        self.date_candidates: list[tuple[int, DateReading, list[int]]] = []
        self.previous: _Heading | None = None  # the section a "resume" goes on with
        self.headed_topics: set[str] = set()
        self.italic_topics: set[str] = set()

    def build(self) -> ParsedEvent:
        preamble, sections = self._sections()
        self._add_grid_topics()
        self._read_preamble(preamble)
        for heading, lines in sections:
            self._read_section(heading, self.blocks.build(lines))
        self._finish()
        self.event.doubts = [*self._date_doubts(), *self.finder_doubts]
        return self.event

    def _sections(self) -> tuple[list[_Line], list[tuple[_Heading, list[_Line]]]]:
        """The lines before the first heading, and each heading with the lines under it."""
        preamble: list[_Line] = []
        sections: list[tuple[_Heading, list[_Line]]] = []
        heading_lines = {number for heading in self.headings.values() for number in heading.lines}
        for index, line in enumerate(self.lines):
            heading = self.headings.get(index)
            if heading:
                sections.append((heading, []))
            if line.no not in heading_lines:  # a corrected run's heading has no line of its own
                (sections[-1][1] if sections else preamble).append(line)
        return preamble, sections

    # Preamble: title, date, place, legend, intro, event questions.

    def _read_preamble(self, lines: list[_Line]) -> None:
        grid_lines = set(self.grid.lines) if self.grid else set()
        first = True
        for block in self.blocks.build(line for line in lines if line.no not in grid_lines):
            if block.kind == "artifact":
                self._unplace(block)
            else:
                self._read_preamble_block(block, may_be_title=first)
                first = False
        self.event.lines.extend(grid_lines)

    def _continues_title(self, block: _Block) -> bool:
        """A title wrapped over lines: "SAMVERKANSKONFERENS OM IDÉBURET OFFENTLIGT" above
        "PARTNERSKAP I SKÅNE", or a line going on in small letters; never a line with a date."""
        title = self.event.title
        if not title or len(block.lines) > 2 or block.kind != "para" or find_dates(block.text):
            return False
        text = strip_emphasis(block.text).strip()
        if _terminated(title) or len(title) + len(text) > 200:
            return False
        raw_title = " ".join(self.lines[n - 1].content for n in self.title_lines)
        return (is_capitals(raw_title) and is_capitals(text)) or text[:1].islower()

    def _read_preamble_block(self, block: _Block, may_be_title: bool) -> None:
        event = self.event
        text = block.text
        if (
            self.title_lines
            and self.title_lines[-1] >= block.lines[0] - 1
            and (self._continues_title(block))
        ):
            raw = " ".join(self.lines[n - 1].content for n in [*self.title_lines, *block.lines])
            event.title = sentence_case(" ".join(strip_emphasis(raw).split()), self.vocabulary)
            self.title_lines.extend(block.lines)
            event.lines.extend(block.lines)
            return
        date_label = _DATE_LABEL.match(strip_emphasis(text))
        place_label = _PLACE_LABEL.match(strip_emphasis(text))
        question = _question_text(text)
        if _LEGEND.search(text) and event.legend is None:
            event.legend = text
        elif date_label and _find_date(date_label.group(1)):
            self._note_date(date_label.group(1), 0, block.lines)
        elif place_label and event.place is None:
            event.place = place_label.group(1).strip()
        elif question:
            event.questions.append(ParsedQuestion(question, list(block.lines)))
            return
        elif may_be_title and event.title is None and block.kind == "para" and len(text) <= 150:
            event.title = sentence_case(" ".join(strip_emphasis(text).split()), self.vocabulary)
            self.title_lines = list(block.lines)
            self._note_date(text, 1, block.lines)
        else:
            event.intro.append(_block_markdown(block))
            self._note_date(text, 2, block.lines)
        event.lines.extend(block.lines)

    def _note_date(self, text: str, priority: int, lines: list[int]) -> None:
        found = find_dates(text)
        if found:
            self.date_candidates.append((priority, found[0], list(lines)))

    def _date_doubts(self) -> list[Doubt]:
        """No date; a date that can be read two ways; more than one date where the event's
        date is looked for first."""
        if not self.date_candidates:
            return [Doubt(0, "no_date")]
        best = min(priority for priority, _, _ in self.date_candidates)
        chosen = [item for item in self.date_candidates if item[0] == best]
        _, reading, lines = chosen[0]
        doubts = [date_doubt(reading, lines[0])]
        others = sorted({r.date for _, r, _ in chosen if r.date != reading.date})
        if others:
            doubts.append(
                Doubt(lines[0], "date_several", tuple(date.isoformat() for date in others))
            )
        return [doubt for doubt in doubts if doubt is not None]

    # Sections.

    def _read_section(self, heading: _Heading, blocks: list[_Block]) -> None:
        if heading.kind == "resume":
            self._resume(blocks)
            return
        if heading.kind == "note":
            self._read_corrected_notes(blocks)
            return
        if not heading.forced:
            self.previous = heading
        if heading.kind == "topic":
            self._read_topic(heading, blocks)
        elif heading.kind == "dialogue" or (self.raw_part and self._named_dialogue(heading)):
            named = self._named_dialogue(heading) if self.raw_part else None
            if named is None:
                self.dialogue = ParsedDialogue(title=heading.title, lines=list(heading.lines))
                self.event.dialogues.append(self.dialogue)
            else:  # raw material gathered at the end, under the name of its dialogue
                self.dialogue = named
                named.lines.extend(heading.lines)
            self._append_text(self.dialogue, blocks, "raw_material" if named else "summary")
        elif heading.kind == "raw" and not blocks and len(self.event.dialogues) > 1:
            self.raw_part = True
            self.event.lines.extend(heading.lines)
        elif heading.kind in ("summary", "raw") and not blocks and self.dialogue is None:
            self.event.lines.extend(heading.lines)  # "SAMMANFATTNING AV DIALOGERNA" over them
        elif heading.kind in ("summary", "raw"):
            dialogue = self._current_dialogue()
            field_name = "summary" if heading.kind == "summary" else "raw_material"
            dialogue.lines.extend(heading.lines)
            self._field_lines(dialogue, field_name).extend(heading.lines)
            self._append_text(dialogue, blocks, field_name)
        elif heading.kind == "questions":
            self._read_questions(heading, blocks)
        elif heading.kind == "barometer":
            self._read_barometer(heading, blocks)
        else:
            self._append_prose(heading, blocks)

    def _resume(self, blocks: list[_Block]) -> None:
        """The text after a run of corrected lines goes on with the section before the run."""
        previous = self.previous
        if previous is None:
            for block in blocks:
                if block.kind == "artifact":
                    self._unplace(block)
                else:
                    self._read_preamble_block(block, may_be_title=False)
        elif previous.kind in ("dialogue", "summary", "raw", "prose"):
            raw = previous.kind == "raw" or (previous.kind == "dialogue" and self.raw_part)
            self._append_text(
                self._current_dialogue(), blocks, "raw_material" if raw else "summary"
            )
        else:
            self._read_section(replace(previous, lines=[], forced=True), blocks)

    def _read_corrected_notes(self, blocks: list[_Block]) -> None:
        """Lines the coordinator called notes: notes of the topic above them."""
        topic = next(reversed(self.topics.values()), None) if self.topics else None
        if topic is None:
            for block in blocks:
                self._unplace(block, None if block.kind == "artifact" else "note_without_topic")
            return
        notes = self._notes(blocks)
        if notes:
            topic.note_groups.append(notes)

    def _named_dialogue(self, heading: _Heading) -> ParsedDialogue | None:
        """The dialogue a heading in the raw-material part names ("Dialog 1: …" or its title)."""
        key = normalise_title(heading.title)
        for dialogue in self.event.dialogues:
            title = normalise_title(dialogue.title)
            number = re.match(r"^dialog(?:ue)?\s*(\d+)", title)
            if key == title or (number and re.match(rf"^dialog(?:ue)?\s*{number.group(1)}\b", key)):
                return dialogue
            if title and (title in key or key in title) and len(key) > 3:
                return dialogue
        return None

    def _read_topic(self, heading: _Heading, blocks: list[_Block]) -> None:
        key = heading.grid_key or normalise_title(heading.title) or heading.title
        topic = self.topics.setdefault(key, ParsedTopic(title=heading.title))
        if key not in self.headed_topics:
            # The heading over the notes is spelt with more care than the grid cell.
            topic.title = heading.title
            self.headed_topics.add(key)
        topic.lines.extend(heading.lines)
        notes = self._notes(blocks)
        if notes:
            topic.note_groups.append(notes)

    def _notes(self, blocks: list[_Block]) -> list[ParsedNote]:
        """Notes nested by indentation (flat in PDF text, where indentation is noise)."""
        roots: list[ParsedNote] = []
        stack: list[tuple[int, ParsedNote]] = []
        items: set[int] = set()  # id() of notes written as list items
        for block in blocks:
            if block.kind == "artifact":
                self._unplace(block)
                continue
            note = ParsedNote(text=block.text, lines=list(block.lines))
            if block.kind == "item" or (self.layout.double_spaced and block.indent):
                items.add(id(note))
            indent = 0 if self.layout.double_spaced else block.indent
            if block.arrow_only:
                indent = stack[-1][0] + 1 if stack else 0
            while stack and stack[-1][0] >= indent:
                stack.pop()
            (stack[-1][1].children if stack else roots).append(note)
            stack.append((indent, note))
        _adopt_introduced_items(roots, items)
        return roots

    def _current_dialogue(self) -> ParsedDialogue:
        if self.dialogue is not None:
            return self.dialogue
        if self.default_dialogue is None:
            self.default_dialogue = ParsedDialogue(title="")
            self.event.dialogues.append(self.default_dialogue)
        return self.default_dialogue

    def _append_text(
        self, dialogue: ParsedDialogue, blocks: list[_Block], field_name: str, heading: str = ""
    ) -> None:
        """Add Markdown to the dialogue's summary or raw material; quoted questions go apart."""
        kept: list[_Block] = []
        for block in _join_quoted(blocks):
            block.text = LABELLED_TEXT.sub("", block.text, count=1)
            question = _question_text(block.text) if block.kind != "artifact" else None
            if block.kind == "artifact":
                self._unplace(block)
            elif question:
                dialogue.questions.append(ParsedQuestion(question, list(block.lines)))
            else:
                kept.append(block)
                dialogue.lines.extend(block.lines)
                self._field_lines(dialogue, field_name).extend(block.lines)
        text = _render_markdown(kept)
        if heading:
            text = f"## {heading}\n\n{text}" if text else f"## {heading}"
        if text:
            existing = getattr(dialogue, field_name)
            setattr(dialogue, field_name, f"{existing}\n\n{text}" if existing else text)

    @staticmethod
    def _field_lines(dialogue: ParsedDialogue, field_name: str) -> list[int]:
        return dialogue.summary_lines if field_name == "summary" else dialogue.raw_lines

    def _append_prose(self, heading: _Heading, blocks: list[_Block]) -> None:
        dialogue = self._current_dialogue()
        dialogue.lines.extend(heading.lines)
        dialogue.summary_lines.extend(heading.lines)
        self._append_text(dialogue, blocks, "summary", heading=heading.title)

    def _read_questions(self, heading: _Heading, blocks: list[_Block]) -> None:
        target = self.dialogue.questions if self.dialogue else self.event.questions
        lines = self.dialogue.lines if self.dialogue else self.event.lines
        lines.extend(heading.lines)
        for block in _join_quoted(blocks):
            if block.kind == "artifact":
                self._unplace(block)
            else:
                plain = _LIST_NUMBER.sub("", strip_emphasis(block.text))
                text = _question_text(block.text) or _unquote(plain)
                target.append(ParsedQuestion(text, list(block.lines)))

    def _read_barometer(self, heading: _Heading, blocks: list[_Block]) -> None:
        for block in blocks:
            if block.kind == "artifact":
                self._unplace(block)
        reader = _BarometerReader()
        reader.read([block for block in blocks if block.kind != "artifact"])
        self.event.barometer_statements.extend(reader.statements)
        # The section's lines go to the statements only, never also to a summary (in minutes too):
        # the event page shows the statements on their own, so the text would appear twice.
        self.event.lines.extend(heading.lines)
        if reader.leading:
            intro = _render_markdown(reader.leading)
            existing = self.event.barometer_intro
            self.event.barometer_intro = f"{existing}\n\n{intro}" if existing else intro
            for block in reader.leading:
                self.event.lines.extend(block.lines)
        other = reader.other
        if self.layout.prose:
            # Minutes: a paragraph after the last statement speaks of one of them, or of something
            # new (a conference, a guest) that belongs to the summary like the rest of the day.
            to_summary: list[_Block] = []
            for block in reader.trailing:
                statement = reader.about_statement(block.text)
                if statement is None:
                    to_summary.append(block)
                else:
                    statement.comments.append(" ".join(block.text.split()))
                    statement.lines.extend(block.lines)
            if to_summary:
                self._append_text(self._current_dialogue(), to_summary, "summary")
        else:
            other = sorted(other + reader.trailing, key=lambda block: block.lines[0])
        for block in other:
            self._unplace(block, "not_a_statement")

    def _unplace(self, block: _Block, reason: str | None = None) -> None:
        for number in block.lines:
            raw = self.lines[number - 1].raw.strip()
            self.event.unplaced.append(UnplacedLine(number, raw, reason or block.reason))
        if block.reason == "page_artifact":
            self._note_date(block.text, 3, block.lines)

    # Topics from the grid, and what only the whole document tells.

    def _add_grid_topics(self) -> None:
        if self.grid is None:
            return
        for key, cell in self.grid.by_key.items():
            self.topics[key] = ParsedTopic(
                title=cell.title,
                grid_row=cell.row,
                grid_column=cell.column,
                lines=[cell.line],
            )
            if cell.italic:
                self.italic_topics.add(key)

    def _finish(self) -> None:
        event = self.event
        for key, topic in self.topics.items():
            topic.discussed_on_own = not (event.legend is not None and key in self.italic_topics)
        event.topics = list(self.topics.values())
        if self.date_candidates:
            _, reading, lines = min(self.date_candidates, key=lambda item: item[0])
            event.date = reading.date
            event.date_lines = [number for number in lines if number not in self.title_lines]
        event.title_lines = list(self.title_lines)
        if self.default_dialogue is not None and not self.default_dialogue.title:
            self.default_dialogue.title = event.title or _title_from_filename(
                self.filename, event.date
            )
            self.default_dialogue.title_is_fallback = True
            self.finder_doubts.append(Doubt(0, "title_fallback"))
        event.unplaced.sort(key=lambda item: item.line)


_OPENING_QUOTES = '”“„«"'


def _join_quoted(blocks: list[_Block]) -> list[_Block]:
    """A question quoted over several lines or paragraphs (”Hur kan … / … kommunerna?”) is one
    block again."""
    joined: list[_Block] = []
    open_quote: _Block | None = None
    for block in blocks:
        text = block.text.strip()
        if open_quote is not None and block.kind != "artifact":
            open_quote.text = f"{open_quote.text} {text}"
            open_quote.lines.extend(block.lines)
            if text.rstrip(".!").endswith(tuple(_OPENING_QUOTES)):
                open_quote = None
            continue
        joined.append(block)
        quoted = text[:1] in _OPENING_QUOTES and not any(q in text[1:] for q in _OPENING_QUOTES)
        if quoted and block.kind != "artifact":
            open_quote = _Block(block.kind, text, list(block.lines), indent=block.indent)
            joined[-1] = open_quote
    return joined
