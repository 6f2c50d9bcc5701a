"""Turn meeting minutes (plain text or Markdown) into a ParsedMeeting.

Written for text as it comes out of PDFs and Word: items numbered "1", "1.", "1)", "§ 1" or
marked by headings; lines wrapped at a fixed width, sometimes with a blank line after every
line; URLs broken over two lines; link targets dumped as extra lines; page headers in the
middle of a sentence. Nothing is dropped: a line that has no place ends up in `unplaced`.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field

from okportal.documents import DocumentError, normalise_newlines

from .structure import MeetingTime, ParsedItem, ParsedMeeting, UnplacedLine

TITLE_MAX = 120
CLIPPED_TITLE = 100
HEADING_MAX = 70
HEADING_MAX_WORDS = 9
SIGNATURE_TAIL_MAX = 10
MAX_CHAIN_STARTS = 20

# --- line shapes -------------------------------------------------------------------------

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
_SUB_BULLET = re.compile(r"^(\s*)(o)\s+(\S.*)$")
_NESTED_BULLET_CHARS = frozenset({"o", "◦", "○", "\uf0a7"})
_ORDERED = re.compile(r"^(\s*)(\d{1,3})[.)]\s+(\S.*)$")
_MD_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*$")
_BOLD_LINE = re.compile(r"^(\*\*|__)(.+)\1:?$")
_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3})")
_SENTENCE_END = (".", "!", "?", "…", ":", '"', "”", "»")
_OPEN_END = (",", "-", "–", "—", ";", "&", "/", "(")

_SIGNATURE = re.compile(
    r"^(?:vid\s+(?:anteckningarna|protokollet|pennan)|antecknat\s+av|antecknare"
    r"|minnesanteckningar\s+förda\s+av)\b[\s,:.\-–]*(.*)$",
    re.I,
)
_PAGE_NUMBER = re.compile(
    r"^(?:sida\s+|page\s+)?\d{1,3}\s*(?:\(\s*\d{1,3}\s*\)|av\s+\d{1,3})$", re.I
)
_PAGE_LABELS = re.compile(r"^datum\s+(?:diarienummer|dnr|beteckning|vår\s+referens)\b", re.I)
_PAGE_HEADER = re.compile(r"^.{0,80}\s\d{1,3}\s*\(\d{1,3}\)$")

# --- links ---------------------------------------------------------------------------------

_URL_CHARS = r"[^\s<>\"'\]]"
_LINK = re.compile(
    r"(?P<md>\[[^\]\n]*\]\([^)\s]+\)|<(?:https?://|mailto:)[^>\s]+>|`[^`\n]*`)"
    r"|(?P<email>(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    rf"|(?P<url>https?://{_URL_CHARS}+)"
    rf"|(?P<www>(?<![\w@./-])www\.{_URL_CHARS}+)"
    r"|(?P<bare>(?<![\w@./-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
    rf"(?:se|nu|com|org|net|eu|info|io|fi|no|dk|de)(?:/{_URL_CHARS}*)?(?![\w@-]))"
)
_LINK_HINT = re.compile(r"://|www\.|@|[a-z0-9]\.(?:se|nu|com|org|net|eu|info|io|fi|no|dk|de)\b")
_TRAILING_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]*$")
_STANDALONE_URL = re.compile(r"^<?((?:https?://|www\.)[^\s<>\"]+)>?$")
_URL_PIECE = re.compile(r"^[A-Za-z0-9\-._~/%?#=&+]+$")
_URL_TRAILING_PUNCT = ".,;:!?'\"”»"

# --- dates ---------------------------------------------------------------------------------

_MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "mars": 3, "mar": 3, "april": 4, "apr": 4,
    "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augusti": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}  # fmt: skip
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_TEXT_DATE = re.compile(
    rf"(?<!\d)(\d{{1,2}})(?::[ae])?\s+({_MONTH_NAMES})\.?(?:\s+(\d{{4}}))?(?!\w)", re.I
)
_NUMERIC_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})[\s-]+(\d{4})(?!\d)")
_CLOCK = re.compile(
    r"\bkl(?:\.|ockan)?\s*(\d{1,2})(?:[.:](\d{2}))?"
    r"(?:\s*(?:[-–—]|till)\s*(?:kl\.?\s*)?(\d{1,2})(?:[.:](\d{2}))?)?",
    re.I,
)
_HHMM = re.compile(r"(?<![\d.:])(\d{1,2})[.:](\d{2})(?:\s*[-–—]\s*(\d{1,2})[.:](\d{2}))?(?!\d)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_WEEKDAYS = r"(?:mån|tis|ons|tors|fre|lör|sön)dag(?:en)?"
_DATE_FILLER = re.compile(rf"\b(?:{_WEEKDAYS}|den|kl|klockan|till|och)\b|[\W_]", re.I)

# --- meeting facts -------------------------------------------------------------------------

_LABEL = re.compile(r"^([A-Za-zÅÄÖåäöé][A-Za-zÅÄÖåäöé ./]{1,38}?)\s*[:|]\s*(.*)$")
_LABELS = {
    "datum": "date", "mötesdatum": "date", "datum och tid": "date", "när": "date",
    "tid": "time", "tidpunkt": "time",
    "plats": "place", "lokal": "place", "mötesplats": "place", "möteslokal": "place",
    "var": "place",
    "närvarande": "attendees", "deltagare": "attendees", "närvarande ledamöter": "attendees",
    "deltagande": "attendees", "närvarande ledamöter och ersättare": "attendees",
    "ordförande": "chair", "mötesordförande": "chair", "ordf": "chair", "ordf.": "chair",
    "sekreterare": "note_taker", "protokollförare": "note_taker", "antecknare": "note_taker",
    "vid anteckningarna": "note_taker", "vid protokollet": "note_taker",
    "vid pennan": "note_taker",
    "nästa möte": "next", "nästa sammanträde": "next",
    "mötestider": "season", "mötesdatum framåt": "season", "kommande möten": "season",
    "grupp": "group", "organ": "group",
}  # fmt: skip
_NAME = r"([A-ZÅÄÖÉ][\w'-]+(?:\s+(?:af\s+|von\s+|de\s+|van\s+)?[A-ZÅÄÖÉ][\w'-]+){1,3})"
_CHAIR_PATTERNS = (
    re.compile(r"(?i:mötesordförande|ordförande|ordf\.)\s*[:,]?\s+" + _NAME),
    re.compile(_NAME + r",?\s+(?:\w+\s+){0,4}?(?i:öppnar|öppnade|förklarar)\s+(?i:mötet)"),
    re.compile(r"(?i:mötet|sammanträdet)\s+(?i:öppnades|öppnas)\s+av\s+(?:\w+\s+)?" + _NAME),
)
_GROUP = re.compile(
    r"((?:\w*(?<!om)rådet|\w*gruppen|nätverket|styrelsen|beredningen|kommittén)"
    r"(?:\s+(?:för|i|inom)\s+[^\d,.;:()|–\-]+)?)",
    re.I,
)
_GROUP_TAIL = re.compile(r"\s+(?:den|i|på|via|kl|klockan|datum|möte|mötet|sammanträde)$", re.I)
_NEXT_MEETING = re.compile(r"\bnästa\s+(?:möte|sammanträde|träff|rådsmöte)", re.I)
_SEASON = re.compile(
    r"\b(?:mötestider|mötesdatum|mötesplan|sammanträdesdagar|sammanträdestider"
    r"|kommande\s+möten|datum\s+för\s+(?:kommande\s+)?möten)",
    re.I,
)
_DECISION_LABEL = re.compile(r"^beslut(?:et)?\s*[:\-–]?$", re.I)
_DECISION_PREFIX = re.compile(r"^[*_]*beslut(?:et)?[*_]*\s*[:\-–][*_]*\s*", re.I)
_DECISION_SENTENCE = re.compile(
    r"^(?:(?:det\s+)?beslutades|beslöts|(?:rådet|mötet|gruppen|\w+gruppen|nätverket|styrelsen"
    r"|\w*rådet|vi)\s+(?:beslutar|beslutade|beslöt))\b",
    re.I,
)


# --- internal shapes -----------------------------------------------------------------------


class _Line:
    """One line of the source: `text` keeps the indentation, `content` is stripped."""

    __slots__ = ("number", "joined", "content", "_text")

    def __init__(self, number: int, text: str) -> None:
        self.number = number
        self.joined = False
        self.text = text

    @property
    def text(self) -> str:
        return self._text

    @text.setter
    def text(self, value: str) -> None:
        self._text = value.rstrip()
        self.content = self._text.strip()


@dataclass
class _Context:
    double_spaced: bool = False
    width: int = 80
    link_targets: dict[str, str] = field(default_factory=dict)
    page_dates: list[datetime.date] = field(default_factory=list)


@dataclass
class _Start:
    index: int
    number: int | None
    title: str  # "" when the title is on a following line
    consumed: tuple[int, ...] = ()


@dataclass
class _Section:
    number: int | None
    title: str
    line_number: int
    lines: list[_Line]


@dataclass
class _Block:
    kind: str  # "para", "bullet", "ordered", "heading"
    lines: list[str]
    level: int = 0
    number: int = 1
    implicit: bool = False
    after_gap: bool = False


# --- entry point ---------------------------------------------------------------------------


def parse_minutes(text: str) -> ParsedMeeting:
    if not text or not text.strip():
        raise DocumentError("empty")
    lines = [
        _Line(number, raw.rstrip())
        for number, raw in enumerate(normalise_newlines(text).split("\n"), 1)
    ]
    meeting = ParsedMeeting()
    context = _Context(double_spaced=_is_double_spaced(lines), width=_typical_width(lines))
    _remove_page_furniture(lines, meeting, context)
    _join_broken_urls(lines, context)
    _set_aside_duplicate_links(lines, meeting, context)
    body, tail = _split_signature(lines)
    _read_signature(tail, meeting)
    starts = _numbered_starts(body) or _heading_starts(body, context)
    header, sections = _split_sections(body, starts)
    _read_header(header, meeting)
    meeting.items = [_build_item(section, context) for section in sections]
    _read_meeting_facts(meeting, sections, context)
    meeting.unplaced.sort(key=lambda line: line.line_number)
    return meeting


# --- layout of the whole text ----------------------------------------------------------------


def _is_double_spaced(lines: list[_Line]) -> bool:
    """Text from some PDFs has a blank line after every line, paragraph or not."""
    content = [i for i, line in enumerate(lines) if line.content]
    if len(content) < 6:
        return False
    followed_by_blank = sum(1 for i in content if i + 1 < len(lines) and not lines[i + 1].content)
    gaps = [(a, b) for a, b in zip(content, content[1:], strict=False) if b > a + 1]
    lowercase = sum(1 for _, b in gaps if lines[b].content[0].islower())
    return followed_by_blank >= 0.6 * len(content) and lowercase >= 0.2 * max(len(gaps), 1)


def _typical_width(lines: list[_Line]) -> int:
    lengths = sorted(
        len(line.content)
        for line in lines
        if line.content and not _STANDALONE_URL.match(line.content)
    )
    if not lengths:
        return 80
    return max(40, lengths[int(len(lengths) * 0.9) - 1 if len(lengths) > 1 else 0])


def _unplace(meeting: ParsedMeeting, line: _Line, reason: str) -> None:
    meeting.unplaced.append(UnplacedLine(line.number, line.content, reason))


def _remove_page_furniture(lines: list[_Line], meeting: ParsedMeeting, context: _Context) -> None:
    for line in lines:
        content = line.content
        if not content:
            continue
        if _is_page_furniture(content):
            context.page_dates.extend(date for _, _, date in _dates_in(content, None))
            _unplace(meeting, line, "page_header")
            line.text = ""
        elif not any(char.isalnum() for char in content):
            _unplace(meeting, line, "stray")
            line.text = ""


def _is_page_furniture(content: str) -> bool:
    if _PAGE_NUMBER.match(content) or _PAGE_LABELS.match(content):
        return True
    if not _PAGE_HEADER.match(content):
        return False
    letters = [char for char in content if char.isalpha()]
    upper = sum(1 for char in letters if char.isupper())
    return bool(_ISO_DATE.search(content)) or (bool(letters) and upper >= 0.5 * len(letters))


# --- links ---------------------------------------------------------------------------------


def _link_key(url: str) -> str:
    key = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.strip().lower())
    return key.removeprefix("www.").rstrip("/")


def _trim_url(url: str) -> str:
    while url and url[-1] in _URL_TRAILING_PUNCT:
        url = url[:-1]
    if url.endswith(")") and url.count("(") < url.count(")"):
        url = url[:-1]
    return url


def _join_broken_urls(lines: list[_Line], context: _Context) -> None:
    """Join "https://example.se/some-" + "path/" back into one URL (PDF line wrapping)."""
    known = {
        _link_key(match.group(1))
        for line in lines
        if (match := _STANDALONE_URL.match(line.content))
    }
    index = 0
    while index < len(lines):
        line = lines[index]
        match = _TRAILING_URL.search(line.text)
        following = _next_content(lines, index, 2 if context.double_spaced else 1)
        joinable = match and following is not None
        joinable = joinable and _can_join(match.group(), lines[following].content, known)
        # A URL broken over three lines: look at this line again when the next is used up.
        if joinable and _move_first_token(lines, index, following):
            continue
        index += 1


def _next_content(lines: list[_Line], index: int, max_step: int) -> int | None:
    for candidate in range(index + 1, min(index + 1 + max_step, len(lines))):
        if lines[candidate].content:
            return candidate
    return None


def _can_join(url: str, next_content: str, known: set[str]) -> bool:
    token = next_content.split()[0]
    if not _URL_PIECE.match(token):
        return False
    key = _link_key(_trim_url(url + token))
    if any(other.startswith(key) for other in known):
        return True
    if url.endswith(("-", "_", "=", "&", "?", "%")):
        return True
    return url.endswith("/") and len(next_content.split()) == 1 and bool(re.search(r"[/-]", token))


def _move_first_token(lines: list[_Line], index: int, following: int) -> bool:
    """Move the URL's continuation up; True when that emptied the following line."""
    token, _, rest = lines[following].content.partition(" ")
    lines[index].text += token
    lines[index].joined = True
    if rest.strip():
        lines[following].text = rest.strip()
        return False
    del lines[following]
    return True


def _set_aside_duplicate_links(
    lines: list[_Line], meeting: ParsedMeeting, context: _Context
) -> None:
    """PDF export repeats each link target as a line of its own, often far from its text."""
    text_keys: set[str] = set()
    for line in lines:
        if not _LINK_HINT.search(line.content):
            continue
        if line.joined or not _STANDALONE_URL.match(line.content):
            for match in _LINK.finditer(line.content):
                _note_link(match, text_keys, context)
    seen: set[str] = set()
    for line in lines:
        match = _STANDALONE_URL.match(line.content) if "." in line.content else None
        if not match or line.joined:
            continue
        url = _trim_url(match.group(1))
        key = _link_key(url)
        if url.startswith("http"):
            context.link_targets.setdefault(key, url)
        if key in text_keys or key in seen:
            _unplace(meeting, line, "duplicate_link")
            line.text = ""
        seen.add(key)


def _note_link(match: re.Match[str], keys: set[str], context: _Context) -> None:
    for kind in ("url", "www", "bare"):
        if match.group(kind):
            url = _trim_url(match.group(kind))
            keys.add(_link_key(url))
            if kind == "url":
                context.link_targets.setdefault(_link_key(url), url)


def _linkify(text: str, context: _Context, links: list[str]) -> str:
    if not _LINK_HINT.search(text):
        return text
    return _LINK.sub(lambda match: _link_markdown(match, context, links), text)


def _link_markdown(match: re.Match[str], context: _Context, links: list[str]) -> str:
    if match.group("md"):
        return match.group("md")
    if match.group("email"):
        return f"<{match.group('email')}>"
    raw = match.group()
    url = _trim_url(raw)
    rest = raw[len(url) :]
    if match.group("url"):
        target = url
        markdown = f"<{url}>"
    else:
        target = context.link_targets.get(_link_key(url), "https://" + url)
        safe = target.replace("(", "%28").replace(")", "%29")
        markdown = f"[{url}]({safe})"
    if target not in links:
        links.append(target)
    return markdown + rest


# --- signature -------------------------------------------------------------------------------


def _split_signature(lines: list[_Line]) -> tuple[list[_Line], list[_Line]]:
    """Split off "Vid anteckningarna, NN" and what follows it, if it closes the minutes."""
    content = [i for i, line in enumerate(lines) if line.content]
    for position in range(len(content) - 1, -1, -1):
        index = content[position]
        if len(content) - position - 1 > SIGNATURE_TAIL_MAX:
            break
        if _SIGNATURE.match(lines[index].content):
            return lines[:index], lines[index:]
    return lines, []


def _read_signature(tail: list[_Line], meeting: ParsedMeeting) -> None:
    content = [line for line in tail if line.content]
    if not content:
        return
    same_line = _SIGNATURE.match(content[0].content)
    name = same_line.group(1).strip() if same_line else ""
    rest = content[1:]
    if not name and rest and _looks_like_name(rest[0].content):
        name, rest = rest[0].content, rest[1:]
    meeting.note_taker = name.rstrip(",.") or None
    for line in rest:
        _unplace(meeting, line, "after_signature")


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 6 and not text.endswith((".", "!", "?")) and text[0].isupper()


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
        if _looks_like_heading(next_text) and _is_short(next_text, context):
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
        title, lines = _title_from_body(lines)
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


# --- item bodies -----------------------------------------------------------------------------


def _build_item(section: _Section, context: _Context) -> ParsedItem:
    blocks = _mark_subheadings(_blocks(section.lines, context), context)
    blocks, decision_blocks = _split_decisions(blocks)
    links: list[str] = []
    body = _render(blocks, context, links)
    decisions = [_decision_text(block, context, links) for block in decision_blocks]
    return ParsedItem(
        number=section.number,
        title=section.title,
        body=body,
        decisions=[decision for decision in decisions if decision],
        links=links,
        line_number=section.line_number,
    )


def _blocks(lines: list[_Line], context: _Context) -> list[_Block]:
    blocks: list[_Block] = []
    indents: list[int] = []
    previous = ""
    gap = False
    for line in lines:
        if not line.content:
            gap = True
            continue
        block = _new_block(line, blocks, indents, previous, gap, context)
        if block is None:
            blocks[-1].lines.append(line.content)
        else:
            block.after_gap = gap
            blocks.append(block)
        previous, gap = line.content, False
    return blocks


def _new_block(
    line: _Line,
    blocks: list[_Block],
    indents: list[int],
    previous: str,
    gap: bool,
    context: _Context,
) -> _Block | None:
    """The block this line starts, or None when it goes on with the last one."""
    block = _list_block(line, blocks, indents)
    if block is not None:
        return block
    if blocks and not gap and _starts_colon_list(blocks[-1], previous, line.content, context):
        return _Block("bullet", [line.content], implicit=True)
    if blocks and _continues(blocks[-1], previous, line.content, gap, context):
        return None
    indents.clear()
    return _Block("heading" if _is_marked_heading(line.content) else "para", [line.content])


def _list_block(line: _Line, blocks: list[_Block], indents: list[int]) -> _Block | None:
    in_list = bool(blocks) and blocks[-1].kind in {"bullet", "ordered"}
    bullet = _BULLET.match(line.text) or (in_list and _SUB_BULLET.match(line.text))
    ordered = None if bullet else _ORDERED.match(line.text)
    match = bullet or ordered
    if not match:
        return None
    if not in_list:
        indents.clear()
    level = _list_level(len(match.group(1).expandtabs(4)), indents)
    if bullet and match.group(2) in _NESTED_BULLET_CHARS and level == 0 and in_list:
        level = 1
    if ordered:
        return _Block("ordered", [match.group(3)], level, number=int(match.group(2)))
    return _Block("bullet", [match.group(3)], level)


def _list_level(indent: int, indents: list[int]) -> int:
    if not indents or indent > indents[-1]:
        indents.append(indent)
    else:
        while len(indents) > 1 and indent < indents[-1]:
            indents.pop()
    return len(indents) - 1


def _continues(block: _Block, previous: str, text: str, gap: bool, context: _Context) -> bool:
    if block.kind == "heading" or _is_marked_heading(text):
        return False
    if _DECISION_LABEL.match(_strip_markup(text)):
        return False
    starts_lower = text[0].islower()
    open_end = previous.endswith(_OPEN_END)
    if _STANDALONE_URL.match(previous) and not starts_lower:
        return False
    if block.implicit:
        return not gap and (starts_lower or open_end)
    if gap:
        if starts_lower or open_end:
            return True
        # Double-spaced text: a long line without a full stop goes on after the blank line.
        return (
            context.double_spaced
            and block.kind == "para"
            and not _ends_sentence(previous)
            and not _is_short(previous, context)
        )
    if context.double_spaced or starts_lower or open_end:
        return True
    return not _is_short(previous, context)


def _starts_colon_list(block: _Block, previous: str, text: str, context: _Context) -> bool:
    """Short lines after "Mötestider är:" are a list, even without bullets."""
    if not _is_short(text, context) or text[0].islower():
        return False
    if block.implicit:
        return _is_short(previous, context)
    return previous.endswith(":") and block.kind == "para"


def _is_short(text: str, context: _Context) -> bool:
    return len(text) < 0.6 * context.width


def _mark_subheadings(blocks: list[_Block], context: _Context) -> list[_Block]:
    """A lone short line with text after it is a subheading ("Region Värmland").

    In double-spaced text only one without a blank line after it, as for item headings.
    """
    for block, following in zip(blocks, blocks[1:], strict=False):
        if (
            block.kind == "para"
            and len(block.lines) == 1
            and _looks_like_heading(block.lines[0])
            and following.kind != "heading"
            and not (context.double_spaced and following.after_gap)
        ):
            block.kind = "heading"
    return blocks


def _split_decisions(blocks: list[_Block]) -> tuple[list[_Block], list[_Block]]:
    """Decisions: "Beslut: …", "Rådet beslutar att …", or what follows a "Beslut" label."""
    kept: list[_Block] = []
    decisions: list[_Block] = []
    expecting = ""  # "block" right after a label, "list" while a list of decisions goes on
    for block in blocks:
        text = " ".join(block.lines)
        listed = block.kind in {"bullet", "ordered"}
        if not listed and _DECISION_LABEL.match(_strip_markup(text)):
            expecting = "block"
        elif expecting == "block" or (expecting == "list" and listed):
            decisions.append(block)
            expecting = "list" if listed else ""
        elif _DECISION_PREFIX.match(text) or _DECISION_SENTENCE.match(_strip_markup(text)):
            decisions.append(block)
            expecting = ""
        else:
            kept.append(block)
            expecting = ""
    return kept, decisions


def _decision_text(block: _Block, context: _Context, links: list[str]) -> str:
    text = _DECISION_PREFIX.sub("", " ".join(" ".join(block.lines).split()), count=1)
    return _linkify(text.strip(), context, links)


def _render(blocks: list[_Block], context: _Context, links: list[str]) -> str:
    out: list[str] = []
    previous_listed = False
    for block in blocks:
        listed = block.kind in {"bullet", "ordered"}
        if out:
            out.append("\n" if listed and previous_listed else "\n\n")
        out.append(_render_block(block, context, links))
        previous_listed = listed
    return "".join(out)


def _render_block(block: _Block, context: _Context, links: list[str]) -> str:
    text = " ".join(" ".join(block.lines).split())
    if block.kind == "heading":
        return f"**{_linkify(_strip_markup(text), context, links)}**"
    text = _linkify(text, context, links)
    indent = "    " * block.level
    if block.kind == "bullet":
        return f"{indent}- {text}"
    if block.kind == "ordered":
        return f"{indent}{block.number}. {text}"
    # A paragraph that happens to start like Markdown structure stays a paragraph.
    if text.startswith(("#", ">", "- ", "+ ", "* ")):
        text = "\\" + text
    return text


# --- header and meeting facts ----------------------------------------------------------------


@dataclass
class _HeaderState:
    date: datetime.date | None = None
    start: datetime.time | None = None
    end: datetime.time | None = None
    attendees: str = ""  # "split" or "lines" while names go on after a "Närvarande:" label
    waiting: bool = False  # an empty "Närvarande:" label whose names have not come yet


def _read_header(lines: list[_Line], meeting: ParsedMeeting) -> None:
    """Title, group, date, place and the labelled facts before the first item.

    A line that was only partly understood is used and also kept in `unplaced`.
    """
    state = _HeaderState()
    for line in lines:
        if not line.content:
            if not state.waiting:
                state.attendees = ""
            continue
        if not _read_header_line(_strip_markup(line.content), meeting, state):
            _unplace(meeting, line, "header")
    if state.date:
        meeting.when = MeetingTime(state.date, state.start, state.end)


def _read_header_line(text: str, meeting: ParsedMeeting, state: _HeaderState) -> bool:
    label_match = _LABEL.match(text)
    label = _LABELS.get(label_match.group(1).strip().lower()) if label_match else None
    if label and label_match:
        state.attendees, state.waiting = "", False
        return _read_label(label, label_match.group(2).strip(), meeting, state)
    if state.attendees:
        meeting.attendees.extend(_attendees(text, split=state.attendees == "split"))
        state.waiting = False
        return True
    if meeting.title is None and not _only_date(text):
        meeting.title = _clean_title(text)
        _take_group(text, meeting)
        _take_date(text, state)
        return True
    group = _take_group(text, meeting) if meeting.group_name is None else ""
    found_date = _take_date(text, state)
    if not (group or found_date):
        return False
    return not _leftover_after_dates(text.replace(group, " ") if group else text)


def _read_label(label: str, value: str, meeting: ParsedMeeting, state: _HeaderState) -> bool:
    """Store a labelled value; False when part of it was not understood."""
    if label in {"date", "time"}:
        found = _take_date(value, state) or _take_time(value, state)
        return found and not _leftover_after_dates(value)
    if label in {"next", "season"}:
        times = _dates_after_meeting(value, state.date)
        if label == "next" and times:
            meeting.next_meeting = times[0]
        elif times:
            meeting.season_dates.extend(times)
        return bool(times) and not _leftover_after_dates(value)
    if label == "attendees":
        meeting.attendees.extend(_attendees(value, split=True))
        state.attendees = "lines" if not value else ("split" if value.endswith(",") else "")
        state.waiting = not value
        return True
    name, *tail = re.split(r"(?=[,(])", value, maxsplit=1)
    name, rest = name.strip(), "".join(tail).strip()
    if label == "chair":
        meeting.chair = name or None
    elif label == "note_taker":
        meeting.note_taker = meeting.note_taker or name or None
    elif label == "place":
        meeting.place, rest = value or None, ""
    elif label == "group":
        meeting.group_name, rest = value or None, ""
    return not rest


def _attendees(text: str, split: bool) -> list[str]:
    text = _BULLET.sub(r"\3", text).strip()
    if not split:
        return [text] if text else []
    parts = re.split(r"[,;](?![^()]*\))", text)
    names: list[str] = []
    for part in parts:
        names.extend(re.split(r"\s+och\s+(?=[A-ZÅÄÖ])", part.strip()))
    return [name.strip().rstrip(".") for name in names if name.strip().rstrip(".")]


def _take_group(text: str, meeting: ParsedMeeting) -> str:
    """Set the group's name if `text` has one; return it as written, or ""."""
    match = _GROUP.search(text)
    if not match:
        return ""
    name = match.group(1).strip()
    while _GROUP_TAIL.search(name):
        name = _GROUP_TAIL.sub("", name).strip()
    meeting.group_name = name[:1].upper() + name[1:]
    return name


def _only_date(text: str) -> bool:
    return bool(_dates_in(text, 2000)) and not _leftover_after_dates(text)


def _leftover_after_dates(text: str) -> str:
    for pattern in (_ISO_DATE, _TEXT_DATE, _NUMERIC_DATE, _CLOCK, _HHMM):
        text = pattern.sub(" ", text)
    return _DATE_FILLER.sub("", text)


def _take_date(text: str, state: _HeaderState) -> bool:
    if state.date is not None:
        return False
    times = _meeting_times(text, _context_year(text))
    if not times:
        return False
    state.date, state.start, state.end = times[0].date, times[0].start, times[0].end
    return True


def _take_time(text: str, state: _HeaderState) -> bool:
    start, end = _times_in(text)
    if start is None:
        return False
    state.start, state.end = start, end
    return True


def _read_meeting_facts(
    meeting: ParsedMeeting, sections: list[_Section], context: _Context
) -> None:
    if meeting.when is None and context.page_dates:
        meeting.when = MeetingTime(context.page_dates[0])
    held = meeting.when.date if meeting.when else None
    if meeting.chair is None and sections:
        meeting.chair = _find_chair(sections[0])
    if not meeting.attendees:
        meeting.attendees = _find_attendees(sections[:3])
    if meeting.next_meeting is None:
        meeting.next_meeting = _find_next_meeting(sections, held)
    if not meeting.season_dates:
        meeting.season_dates = _find_season_dates(sections, held)
    meeting.season_dates = sorted(set(meeting.season_dates), key=lambda time: time.date)


def _dates_after_meeting(
    text: str, held: datetime.date | None, context_year: int | None = None
) -> list[MeetingTime]:
    """Dates in `text`; without a year they take the year given or the one after the meeting."""
    year = _context_year(text) or context_year
    if year:
        return _meeting_times(text, year)
    return _meeting_times(text, held.year if held else None, not_before=held)


def _section_texts(section: _Section) -> list[str]:
    return [section.title] + [line.content for line in section.lines if line.content]


def _find_chair(section: _Section) -> str | None:
    text = " ".join(_section_texts(section))
    for pattern in _CHAIR_PATTERNS:
        match = pattern.search(text)
        if match:
            return match.group(1)
    return None


def _find_attendees(sections: list[_Section]) -> list[str]:
    """From an item called "Närvarande" or a "Närvarande: …" line in the first items."""
    for section in sections:
        texts = [line.content for line in section.lines if line.content]
        if _LABELS.get(section.title.lower()) == "attendees":
            # One name a line ("Anna Andersson, Forum"), or all on one line with commas.
            split = len(texts) == 1
            return [name for text in texts for name in _attendees(text, split=split)]
        for text in texts:
            label = _LABEL.match(_strip_markup(text))
            if label and _LABELS.get(label.group(1).strip().lower()) == "attendees":
                return _attendees(label.group(2), split=True)
    return []


def _find_next_meeting(sections: list[_Section], held: datetime.date | None) -> MeetingTime | None:
    """A line saying "nästa möte" with a date, else the first date in a "Nästa möte" item."""
    for section in sections:
        for text in _section_texts(section):
            times = _dates_after_meeting(text, held) if _NEXT_MEETING.search(text) else []
            if times:
                return times[0]
    for section in sections:
        if _NEXT_MEETING.match(section.title):
            for text in _section_texts(section):
                times = _dates_after_meeting(text, held)
                if times:
                    return times[0]
    return None


def _find_season_dates(sections: list[_Section], held: datetime.date | None) -> list[MeetingTime]:
    """Dates in an item called "Mötestider …", or on a line that speaks of mötestider."""
    found: list[MeetingTime] = []
    for section in sections:
        texts = _section_texts(section)
        if _SEASON.search(section.title):
            year = next((year for text in texts if (year := _context_year(text))), None)
            for text in texts[1:]:
                found.extend(_dates_after_meeting(text, held, year))
            continue
        for text in texts:
            if _SEASON.search(text):
                found.extend(_dates_after_meeting(text, held))
    return found


# --- dates and times -------------------------------------------------------------------------


def _context_year(text: str) -> int | None:
    match = _YEAR.search(text)
    return int(match.group(1)) if match else None


def _dates_in(
    text: str, default_year: int | None, not_before: datetime.date | None = None
) -> list[tuple[int, int, datetime.date]]:
    """Every date in `text` as (start, end, date), in order.

    A date without a year gets `default_year`, or the year after if that would put it
    before `not_before` ("nästa möte 15 januari" in minutes from November).
    """
    found = []
    for match in _ISO_DATE.finditer(text):
        found.append((match, int(match.group(1)), int(match.group(2)), int(match.group(3))))
    for match in _TEXT_DATE.finditer(text):
        month, day = _MONTHS[match.group(2).lower()], int(match.group(1))
        year = int(match.group(3)) if match.group(3) else default_year
        if not match.group(3) and year and not_before:
            guess = _valid_date(year, month, day)
            year = year + 1 if guess and guess < not_before else year
        found.append((match, year, month, day))
    for match in _NUMERIC_DATE.finditer(text):
        found.append((match, int(match.group(3)), int(match.group(2)), int(match.group(1))))
    dates = []
    for match, year, month, day in found:
        valid = _valid_date(year, month, day)
        if valid:
            dates.append((match.start(), match.end(), valid))
    return sorted(dates, key=lambda found_date: found_date[0])


def _valid_date(year: int | None, month: int, day: int) -> datetime.date | None:
    if year is None:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _meeting_times(
    text: str, default_year: int | None, not_before: datetime.date | None = None
) -> list[MeetingTime]:
    dates = _dates_in(text, default_year, not_before)
    result = []
    for position, (_, end, date) in enumerate(dates):
        stop = dates[position + 1][0] if position + 1 < len(dates) else len(text)
        start_time, end_time = _times_in(text[end:stop])
        if start_time is None and len(dates) == 1:
            start_time, end_time = _times_in(text)
        result.append(MeetingTime(date, start_time, end_time))
    return result


def _times_in(text: str) -> tuple[datetime.time | None, datetime.time | None]:
    for pattern in (_CLOCK, _HHMM):
        match = pattern.search(text)
        if match:
            start = _valid_time(match.group(1), match.group(2))
            end = _valid_time(match.group(3), match.group(4))
            if start is not None:
                return start, end
    return None, None


def _valid_time(hour: str | None, minute: str | None) -> datetime.time | None:
    if hour is None:
        return None
    try:
        return datetime.time(int(hour), int(minute or 0))
    except ValueError:
        return None
