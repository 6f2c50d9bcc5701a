"""Where items start: numbered items, or headings when nothing is numbered; sections and titles."""

from __future__ import annotations

import re
from collections import defaultdict

from .links import _LINK
from .shapes import _Context, _Line, _Section, _Start

TITLE_MAX = 120
CLIPPED_TITLE = 100
HEADING_MAX = 70
HEADING_MAX_WORDS = 9
SHORT_HEADING_WORDS = 3
MAX_CHAIN_STARTS = 20

_ITEM_STYLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("paragraph", re.compile(r"^§\s*(\d{1,3})(?!\d)\s*[.:)\-–]?\s*(.*)$")),
    ("word", re.compile(r"^(?:punkt|ärende)\s+(\d{1,3})(?!\d)\s*[.:)\-–]?\s*(.*)$", re.I)),
    ("bare", re.compile(r"^(\d{1,2})\s*[.)]?()$")),
    ("dot", re.compile(r"^(\d{1,2})\.\s+(\S.*)$")),
    ("paren", re.compile(r"^(\d{1,2})\)\s+(\S.*)$")),
    ("spaced", re.compile(r"^(\d{1,2})\s+([A-ZÅÄÖ].{0,79})$")),
)
_STRONG_STYLES = frozenset({"paragraph", "word"})

_BULLET = re.compile(r"^(\s*)([•●▪■◦○·‣⁃∙\uf0b7\uf0a7\uf0d8\uf076\uf0fc*+\-–])\s+(\S.*)$")
_MD_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*$")
_BOLD_LINE = re.compile(r"^(\*\*|__)(.+)\1:?$")
_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3})")
_SENTENCE_END = (".", "!", "?", "…", ":", '"', "”", "»")

_LABEL = re.compile(r"^([A-Za-zÅÄÖåäöé][A-Za-zÅÄÖåäöé ./]{1,38}?)\s*[:|]\s*(.*)$")
_LABELS = {
    "datum": "date", "mötesdatum": "date", "datum och tid": "date", "när": "date",
    "tid": "time", "tidpunkt": "time",
    "plats": "place", "lokal": "place", "mötesplats": "place", "möteslokal": "place",
    "var": "place",
    "närvarande": "attendees", "deltagare": "attendees", "närvarande ledamöter": "attendees",
    "deltagande": "attendees", "närvarande ledamöter och ersättare": "attendees",
    "övriga närvarande": "attendees", "ledamöter": "attendees", "ersättare": "attendees",
    "adjungerade": "attendees", "adjungerad": "attendees", "tjänstepersoner": "attendees",
    "närvarande ersättare": "attendees", "deltog": "attendees", "närv": "attendees",
    "frånvarande": "absent", "ej närvarande": "absent", "frånvarande ledamöter": "absent",
    "anmält förhinder": "excused", "anmälda förhinder": "excused", "förhinder": "excused",
    "justerare": "adjuster", "justeras av": "adjuster", "protokolljusterare": "adjuster",
    "att justera": "adjuster", "justerat": "adjusted", "justerad": "adjusted",
    "justeringsdatum": "adjusted", "justerat den": "adjusted", "datum/tid": "date",
    "ordförande": "chair", "mötesordförande": "chair", "ordf": "chair", "ordf.": "chair",
    "sekreterare": "note_taker", "protokollförare": "note_taker", "antecknare": "note_taker",
    "vid anteckningarna": "note_taker", "vid protokollet": "note_taker",
    "vid pennan": "note_taker",
    "nästa möte": "next", "nästa sammanträde": "next",
    "mötestider": "season", "nästa möten": "season", "mötesdatum framåt": "season",
    "kommande möten": "season",
    "grupp": "group", "organ": "group",
}  # fmt: skip


# --- items -----------------------------------------------------------------------------------


def _strip_markup(text: str) -> str:
    text = text.strip()
    if not any(mark in text for mark in "#*_"):
        return text
    heading = _MD_HEADING.match(text)
    if heading:
        text = heading.group(1)
    return _EMPHASIS.sub("", text).strip()


def _numbered_starts(lines: list[_Line]) -> list[_Start]:
    """Item starts by number. Where the text has Markdown headings, only numbered headings count."""
    headings_only = sum(1 for line in lines if _is_marked_heading(line.content)) >= 2
    by_style: dict[str, list[_Start]] = defaultdict(list)
    for index, line in enumerate(lines):
        if not line.content or (_BULLET.match(line.text) and not line.content[0].isdigit()):
            continue
        text = _strip_markup(line.content)
        for style, pattern in _ITEM_STYLES:
            match = pattern.match(text)
            if match:
                by_style[style].append(_Start(index, int(match.group(1)), match.group(2).strip()))
                break
    best: list[_Start] = []
    best_score = (0, 0)
    for style, _ in _ITEM_STYLES:
        strong = style in _STRONG_STYLES
        candidates = by_style.get(style, [])
        if headings_only and not strong:
            candidates = [c for c in candidates if _is_marked_heading(lines[c.index].content)]
        chain, score = _best_chain(candidates, lines, any_start=strong)
        # A weak run needs two items apart from each other; "1. a / 2. b" alone is a list.
        if score[0] >= (1 if strong else 2) and score > best_score:
            best, best_score = chain, score
    return best


def _best_chain(
    candidates: list[_Start], lines: list[_Line], any_start: bool
) -> tuple[list[_Start], tuple[int, int]]:
    """The longest run of items numbered n, n+1, n+2 … in document order.

    Entries on adjacent lines count for little: an agenda overview or a list is more
    likely than items without text of their own.
    """
    best: list[_Start] = []
    best_score = (0, 0)
    used: set[int] = set()
    tried = 0
    for position, candidate in enumerate(candidates):
        if id(candidate) in used or not (any_start or candidate.number == 1):
            continue
        tried += 1
        if tried > MAX_CHAIN_STARTS:
            break
        chain = _chain_from(candidates, position, lines)
        used.update(id(member) for member in chain)
        adjacent = sum(1 for a, b in zip(chain, chain[1:], strict=False) if b.index == a.index + 1)
        score = (len(chain) - adjacent, len(chain))
        if score > best_score:
            best, best_score = chain, score
    return best, best_score


def _chain_from(candidates: list[_Start], first: int, lines: list[_Line]) -> list[_Start]:
    """Follow the numbering from `first`; a restart at 1 inside an item is a numbered list."""
    chain = [candidates[first]]
    nested: _Start | None = None  # the last entry of a numbered list inside the current item
    for candidate in candidates[first + 1 :]:
        number = candidate.number or 0
        next_item = number == (chain[-1].number or 0) + 1
        next_in_list = nested is not None and number == (nested.number or 0) + 1
        if nested is not None and next_item and next_in_list:
            # Both fit: the list goes on if nothing but its own lines came in between.
            next_in_list = _close(lines, nested.index, candidate.index)
        if next_item and not next_in_list:
            chain.append(candidate)
            nested = None
        elif number == 1 or next_in_list:
            nested = candidate
    return chain


def _close(lines: list[_Line], first: int, last: int) -> bool:
    """Lines between two list entries: only blank lines, or no blank line at all."""
    blank = [not line.content for line in lines[first + 1 : last]]
    return all(blank) or not any(blank)


def _is_label(text: str) -> bool:
    match = _LABEL.match(_strip_markup(text))
    return bool(match) and match.group(1).strip().lower() in _LABELS


def _looks_like_heading(text: str) -> bool:
    if len(text) > 2 * HEADING_MAX:
        return False
    text = _strip_markup(text)
    if not text or len(text) > HEADING_MAX or len(text.split()) > HEADING_MAX_WORDS:
        return False
    if _is_label(text):
        return False
    if text.endswith(".") and not text.endswith("..") and len(text.split()) <= SHORT_HEADING_WORDS:
        text = text[:-1]  # "Föregående anteckningar." — a short heading with a full stop
    if text.endswith((".", ",", ";", ":", "!", "?", "-", "–")) or " | " in text:
        return False
    if _LINK.search(text):
        return False
    first = text[1:2] if text[0] in '("”«' else text[:1]
    return first.isalpha() and first.isupper()


def _is_marked_heading(text: str) -> bool:
    """A Markdown heading or a line in bold, not a label such as "**Närvarande:**"."""
    if len(text) > TITLE_MAX or not (_MD_HEADING.match(text) or _BOLD_LINE.match(text)):
        return False
    return not _is_label(text)


def _heading_starts(lines: list[_Line], context: _Context) -> list[_Start]:
    content = [i for i, line in enumerate(lines) if line.content]
    starts: list[_Start] = []
    for position, index in enumerate(content):
        text = lines[index].content
        if _is_marked_heading(text):
            starts.append(_Start(index, None, _clean_title(text)))
            continue
        following = content[position + 1] if position + 1 < len(content) else None
        if following is None or not _looks_like_heading(text):
            continue
        next_text = lines[following].content
        next_is_last = position + 2 >= len(content)
        if _looks_like_heading(next_text) and _is_short(next_text, context) and not next_is_last:
            continue
        if context.double_spaced:
            start = _double_spaced_heading(lines, content, position, following, starts)
        else:
            start = _single_spaced_heading(lines, content, position, following, context)
        if start:
            starts.append(start)
    return _without_document_title(lines, starts)


def _without_document_title(lines: list[_Line], starts: list[_Start]) -> list[_Start]:
    """A first "# Title" above lesser headings names the document, not an item."""
    levels = [_markdown_level(lines[start.index].content) for start in starts]
    if len(starts) > 1 and levels[0] and all(not 0 < level <= levels[0] for level in levels[1:]):
        return starts[1:]
    return starts


def _markdown_level(text: str) -> int:
    match = re.match(r"^(#{1,6})\s", text)
    return len(match.group(1)) if match else 0


def _double_spaced_heading(
    lines: list[_Line], content: list[int], position: int, following: int, starts: list[_Start]
) -> _Start | None:
    """In double-spaced text a heading is the line with no blank line after it."""
    index = content[position]
    if following != index + 1:
        return None
    previous = content[position - 1] if position else None
    taken = {starts[-1].index, *starts[-1].consumed} if starts else set()
    if (
        previous is not None
        and previous < index - 1
        and previous not in taken
        and _looks_like_heading(lines[previous].content)
        and (position < 2 or _ends_sentence(lines[content[position - 2]].content))
    ):
        title = f"{_clean_title(lines[previous].content)} {_clean_title(lines[index].content)}"
        return _Start(previous, None, title, consumed=(index,))
    return _Start(index, None, _clean_title(lines[index].content))


def _single_spaced_heading(
    lines: list[_Line], content: list[int], position: int, following: int, context: _Context
) -> _Start | None:
    index = content[position]
    if position and content[position - 1] == index - 1:
        return None
    next_text = lines[following].content
    if following == index + 1 and not (
        len(next_text) >= 0.6 * context.width or _ends_sentence(next_text)
    ):
        return None
    return _Start(index, None, _clean_title(lines[index].content))


def _split_sections(lines: list[_Line], starts: list[_Start]) -> tuple[list[_Line], list[_Section]]:
    if not starts:
        return [], _whole_text_section(lines)
    sections = []
    for position, start in enumerate(starts):
        end = starts[position + 1].index if position + 1 < len(starts) else len(lines)
        skip = {start.index, *start.consumed}
        section_lines = [
            line for i, line in enumerate(lines[start.index : end], start.index) if i not in skip
        ]
        sections.append(_section(start, lines[start.index].number, section_lines))
    return lines[: starts[0].index], sections


def _whole_text_section(lines: list[_Line]) -> list[_Section]:
    if not any(line.content for line in lines):
        return []
    return [_section(_Start(0, None, ""), lines[0].number, lines)]


def _section(start: _Start, line_number: int, lines: list[_Line]) -> _Section:
    title = _clean_title(start.title)
    if not title:
        first = next((line for line in lines if line.content), None)
        title, rest = _title_from_body(lines)
        if first is not None and len(rest) < len(lines):
            line_number = first.number  # the title is that line
        lines = rest
    if not title:
        title = f"Punkt {start.number}" if start.number is not None else "Utan rubrik"
    return _Section(start.number, title, line_number, lines)


def _title_from_body(lines: list[_Line]) -> tuple[str, list[_Line]]:
    """The first line is the title; a paragraph-long first line is clipped and kept in the body."""
    first = next((i for i, line in enumerate(lines) if line.content), None)
    if first is None:
        return "", lines
    text = lines[first].content
    if len(text) <= TITLE_MAX and not _BULLET.match(lines[first].text):
        return _clean_title(text), lines[:first] + lines[first + 1 :]
    return _clean_title(_clip(_strip_markup(text))), lines


def _clip(text: str) -> str:
    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    if len(sentence) <= CLIPPED_TITLE:
        return sentence
    return text[:CLIPPED_TITLE].rsplit(" ", 1)[0] + "…"


def _clean_title(text: str) -> str:
    text = " ".join(_strip_markup(text).split())
    if text.endswith((".", ":")) and not text.endswith(".."):
        text = text[:-1].rstrip()
    return text


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(_SENTENCE_END)


def _is_short(text: str, context: _Context) -> bool:
    return len(text) < 0.6 * context.width
