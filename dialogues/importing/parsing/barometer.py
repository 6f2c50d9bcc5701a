"""The opinion barometer: statements with their outcome and comments, and what is left over."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..structure import ParsedBarometerStatement
from .lines import QUOTES, strip_emphasis
from .notes import _Block

_SENTENCE_END = re.compile(rf"(?<=[.!?])[{QUOTES})]*\s+(?=[\w{QUOTES}(])")
_COMMENT_LABEL = re.compile(r"\b(?:kommentar(?:er)?|comments?)\s*:\s*", re.IGNORECASE)
_OUTCOME_LABEL = re.compile(r"^(?:utfall|resultat|placering|outcome)\s*:\s*", re.IGNORECASE)
_STATEMENT_LABEL = re.compile(r"^(?:påstående|statement)\s*\d*\s*:\s*", re.IGNORECASE)
_OUTCOME_START = re.compile(
    r"^(?:alla|ingen|samtliga|nästan|spridning|spritt|spridda|gruppering|grupperat|grupperade"
    r"|samlad|samlade|samlat|lätt|klar|tydlig|stor|övervikt|majoritet|flertalet|flest|de flesta"
    r"|hälften|jämnt|jämn|delad|delat|delade|mest|många|några|få|merparten|övervägande"
    r"|most|all|nobody|none|spread|majority|evenly|split)\b"
)
_OUTCOME_SCALE = re.compile(r"håller (?:inte |ej )?med|mitten|instämm|agree|middle|skalan")
_ALL_AGREE = re.compile(r"^(?:alla|ingen|samtliga|nästan alla)\s+(?:håller|instämm|tycker)")


def _is_outcome(sentence: str) -> bool:
    text = strip_emphasis(sentence).strip(f" –—-{QUOTES}").casefold()
    if _ALL_AGREE.match(text):
        return True
    return bool(_OUTCOME_START.match(text) and _OUTCOME_SCALE.search(text))


def _split_sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]


@dataclass
class _BarometerUnit:
    statement: str
    outcome: str
    comments: list[str]


def _read_barometer_unit(text: str) -> tuple[str, _BarometerUnit]:
    """Classify one paragraph: a statement (with outcome), an outcome, a comment, or other."""
    text = " ".join(text.split())
    if _COMMENT_LABEL.match(text):
        return "comment", _BarometerUnit("", "", [_COMMENT_LABEL.sub("", text, count=1)])
    parts = _COMMENT_LABEL.split(text)
    body, comments = parts[0].strip(), [part.strip() for part in parts[1:] if part.strip()]
    if _OUTCOME_LABEL.match(body):
        return "outcome", _BarometerUnit("", _OUTCOME_LABEL.sub("", body), comments)
    labelled = bool(_STATEMENT_LABEL.match(body))
    body = _STATEMENT_LABEL.sub("", body)
    unit = _split_statement(body, comments)
    if unit.outcome or labelled:
        return "statement", unit
    if _is_outcome(body) and len(_split_sentences(body)) == 1:
        return "outcome", _BarometerUnit("", body, comments)
    return ("candidate" if body else "other"), unit


STEM_CHARS = 6
_WORD = re.compile(r"\w+")


def _content_stems(text: str) -> set[str]:
    """The beginnings of a text's longer words: "avgränsad" and "avgränsades" share one."""
    return {
        word[:STEM_CHARS]
        for word in _WORD.findall(strip_emphasis(text).casefold())
        if len(word) >= STEM_CHARS and not word.isdigit()
    }


def _split_statement(body: str, comments: list[str]) -> _BarometerUnit:
    sentences = _split_sentences(body)
    for index, sentence in enumerate(sentences[1:], 1):
        if _is_outcome(sentence):
            statement = " ".join(sentences[:index])
            rest = " ".join(sentences[index + 1 :])
            return _BarometerUnit(statement, sentence, ([rest] if rest else []) + comments)
    if sentences:
        match = re.match(r"^(.+?)\s+[–—-]\s+(.+)$", sentences[0])
        if match and _is_outcome(match.group(2)):
            rest = " ".join(sentences[1:])
            return _BarometerUnit(
                match.group(1), match.group(2), ([rest] if rest else []) + comments
            )
    return _BarometerUnit(body, "", comments)


class _BarometerReader:
    """Statements with the outcome and comments that follow them; the rest is handed back.

    What is not a statement is sorted by where it stands: before the first statement
    (`leading`: the section's introduction), after the last one (`trailing`) or between them.
    """

    def __init__(self) -> None:
        self.statements: list[ParsedBarometerStatement] = []
        self.other: list[_Block] = []
        self.pending: tuple[_Block, _BarometerUnit] | None = None
        self.leading: list[_Block] = []
        self.trailing: list[_Block] = []
        self.stems: list[set[str]] = []

    def read(self, blocks: list[_Block]) -> None:
        for block in blocks:
            kind, unit = _read_barometer_unit(block.text)
            if kind in ("outcome", "comment") and self._attach(block, unit, kind):
                continue
            self._flush()
            if kind == "statement":
                self._add(block, unit)
            elif kind == "candidate":
                self.pending = (block, unit)
            else:
                self.other.append(block)
        self._flush()
        self._sort_other()

    def _sort_other(self) -> None:
        first = min((min(s.lines) for s in self.statements if s.lines), default=None)
        last = max((max(s.lines) for s in self.statements if s.lines), default=None)
        if first is None or last is None:
            return  # No statement: nothing to introduce, nothing comes after.
        middle: list[_Block] = []
        for block in self.other:
            if max(block.lines) < first and block.kind != "item":
                self.leading.append(block)  # Paragraphs, not a list of would-be statements.
            elif min(block.lines) > last:
                self.trailing.append(block)
            else:
                middle.append(block)
        self.other = middle
        # Taken once, as written in the section, so comments added later do not sway it.
        self.stems = [
            _content_stems(f"{s.statement} {' '.join(s.comments)}") for s in self.statements
        ]

    def about_statement(self, text: str) -> ParsedBarometerStatement | None:
        """The one statement a paragraph clearly speaks of: it shares two or more words with it
        (compared by their beginnings, leaving out words several statements use) and fewer with
        every other statement."""
        stems = self.stems
        shared_by_many = {
            stem for stem in set().union(*stems) if sum(stem in other for other in stems) > 2
        }
        own = _content_stems(text) - shared_by_many
        scores = sorted(
            ((len(own & statement_stems), index) for index, statement_stems in enumerate(stems)),
            reverse=True,
        )
        if not scores or scores[0][0] < 2 or (len(scores) > 1 and scores[1][0] == scores[0][0]):
            return None
        return self.statements[scores[0][1]]

    def _attach(self, block: _Block, unit: _BarometerUnit, kind: str) -> bool:
        if self.pending:
            pending_block, pending_unit = self.pending
            self.pending = None
            self._add(pending_block, pending_unit)
        if not self.statements:
            return False
        statement = self.statements[-1]
        if kind == "outcome" and statement.outcome:
            return False
        if kind == "outcome":
            statement.outcome = unit.outcome
        statement.comments.extend(unit.comments)
        statement.lines.extend(block.lines)
        return True

    def _add(self, block: _Block, unit: _BarometerUnit) -> None:
        self.statements.append(
            ParsedBarometerStatement(
                statement=unit.statement,
                outcome=unit.outcome,
                comments=list(unit.comments),
                lines=list(block.lines),
            )
        )

    def _flush(self) -> None:
        if self.pending:
            self.other.append(self.pending[0])
            self.pending = None
