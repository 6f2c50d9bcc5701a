"""Attendance as secretaries write it: one name a line, "Namn, Organisation",
"Organisation – Namn", a line of names between "," or "-", tables with an X column, roles in
parentheses or after a comma, and the absent ("Frånvarande", "Anmält förhinder")."""

from __future__ import annotations

import re

from ..structure import ParsedAttendee
from .items import _BULLET, _strip_markup

ROLES = {
    "ordförande": "ordförande", "ordf": "ordförande", "ordf.": "ordförande",
    "mötesordförande": "ordförande", "vice ordförande": "vice ordförande",
    "vice ordf": "vice ordförande", "sekreterare": "sekreterare", "sekr": "sekreterare",
    "ledamot": "ledamot", "ersättare": "ersättare", "suppleant": "ersättare",
    "adjungerad": "adjungerad", "adjungerande": "adjungerad", "justerare": "justerare",
    "kassör": "kassör", "gäst": "gäst", "föredragande": "föredragande",
    "samordnare": "samordnare", "processledare": "processledare",
}  # fmt: skip
_ORG_STEMS = (
    "kommun", "region", "förbund", "fören", "stiftelse", "kyrk", "forum", "råd", "landsting",
    "länsstyrelse", "sisu", "studie", "sensus", "bilda", "röda korset", "rädda barnen", "jour",
    "nätverk", "idrott", "universitet", "högskol", "sällskap", "center", "centrum", "ungdom",
    "scout", "coompanion", "arbetsförmedling", "försäkringskassa", "polis", "samverkan",
    "kooperativ", "hembygd", "pensionär", "bygdegård", "folkrörelse", "akademi", "vuxenskola",
    "förvaltning", "enhet", "avdelning", "stad", "bolag", "hus", "mission", "hjälp", "partner",
)  # fmt: skip
_PARTICLES = frozenset({"af", "von", "de", "van", "der", "la", "di"})
_NAME_WORD = re.compile(r"^[A-ZÅÄÖÉÜ][a-zåäöéèüæøá'’\-]+(?:-[A-ZÅÄÖ][a-zåäöéü]+)?$")
_ACRONYM = re.compile(r"^[A-ZÅÄÖ0-9&]{2,}[a-zåäö]{0,2}$")
_ROLE_IN_PARENS = re.compile(r"\s*\(([^()]*)\)\s*$")
_MARK = re.compile(r"^[xX✓✔☒•*]$")
_SPACED_DASH = re.compile(r"\s+[-–—]\s+")
_TABLE_SPLIT = re.compile(r"\s*\|\s*|\t+|\s{3,}")
_PRESENT_HEADERS = frozenset({"närvarande", "närv", "närv.", "deltog", "x", "deltar", "ja"})
_ABSENT_HEADERS = frozenset({"frånvarande", "frånv", "frånv.", "förhinder", "ej närvarande"})
_NAME_HEADERS = frozenset({"namn", "ledamot", "ledamöter", "person", "deltagare", "representant"})


def _is_role(text: str) -> str:
    return ROLES.get(text.strip().rstrip(".").lower(), "") or ROLES.get(text.strip().lower(), "")


def is_organisation(text: str) -> bool:
    lowered = text.lower()
    words = text.split()
    return any(stem in lowered for stem in _ORG_STEMS) or any(_ACRONYM.match(w) for w in words)


def is_person(text: str) -> bool:
    """Two to four capitalised words without an organisation's marks: "Anna-Karin af Berg"."""
    words = text.split()
    if not 2 <= len(words) <= 4 or is_organisation(text):
        return False
    return all(_NAME_WORD.match(word) or word in _PARTICLES for word in words) and (
        words[0] not in _PARTICLES
    )


def attendees_from_line(
    text: str, status: str, line_number: int, *, one_per_line: bool = False, role: str = ""
) -> list[ParsedAttendee]:
    """The people (with organisation and role) one line of an attendance list names."""
    text = _strip_markup(_BULLET.sub(r"\3", text)).strip().rstrip(".;")
    if not text:
        return []
    found: list[ParsedAttendee] = []
    for part in (part.strip() for part in text.split(";")):
        if not part:
            continue
        found.extend(_attendees_from_part(part, status, line_number, one_per_line, role))
    return found


def _attendees_from_part(
    text: str, status: str, line: int, one_per_line: bool, role: str
) -> list[ParsedAttendee]:
    if _SPACED_DASH.search(text) and "," not in text:
        pieces = _SPACED_DASH.split(text)
    elif "," in text:
        pieces = re.split(r"\s*,\s*(?![^()]*\))", text)
    elif text.count("/") == 1:
        pieces = text.split("/")
    else:
        pieces = [text]
    split: list[str] = []
    for piece in pieces:
        split.extend(re.split(r"\s+(?:och|samt|&)\s+(?=[A-ZÅÄÖ])", piece.strip()))
    parts = []
    for piece in split:
        inner = _ROLE_IN_PARENS.search(piece)
        if inner:
            parts.append((piece[: inner.start()].strip(), inner.group(1).strip()))
        elif piece.strip():
            parts.append((piece.strip(), ""))
    return _pair(parts, status, line, one_per_line, role)


def _pair(
    parts: list[tuple[str, str]], status: str, line: int, one_per_line: bool, role: str
) -> list[ParsedAttendee]:
    """Names with the organisations and roles beside them, whichever comes first."""
    pieces = [piece for piece, _ in parts]
    if len(parts) == 2 and not _is_role(pieces[1]) and not any(inner for _, inner in parts):
        first, second = pieces
        if is_person(second) and not is_person(first):
            return [ParsedAttendee(second, first, role, status, line)]
        if not (is_person(first) and is_person(second)) or one_per_line:
            guessed = not is_person(first) and not is_organisation(second)
            return [ParsedAttendee(first, second, role, status, line, guessed=guessed)]
    people: list[ParsedAttendee] = []
    for piece, inner in parts:
        piece_role = _is_role(piece)
        if piece_role and people:
            people[-1].role = piece_role
        elif people and not people[-1].organisation and not is_person(piece) and not inner:
            people[-1].organisation = piece
        else:
            person = ParsedAttendee(piece, "", role, status, line)
            person.guessed = not is_person(piece) and len(piece.split()) != 1
            if inner and _is_role(inner):
                person.role = _is_role(inner)
            elif inner:
                person.organisation = inner
            people.append(person)
    return people


def table_cells(text: str) -> list[str] | None:
    """The cells of a table row ("a | b | X", a Markdown row, tab- or space-separated)."""
    stripped = text.strip()
    if stripped.startswith("|"):
        stripped = stripped.strip("|")
        if re.fullmatch(r"[\s:|-]*", stripped):
            return []  # the Markdown separator row
        return [cell.strip() for cell in stripped.split("|")]
    cells = [cell.strip() for cell in _TABLE_SPLIT.split(text.strip())]
    return cells if len(cells) >= 2 else None


class AttendanceTable:
    """Rows of a table of people: a name column, maybe an organisation, and X marks."""

    def __init__(self, header: list[str]) -> None:
        lowered = [cell.lower().rstrip(":") for cell in header]
        self.present = [i for i, cell in enumerate(lowered) if cell in _PRESENT_HEADERS]
        self.absent = [i for i, cell in enumerate(lowered) if cell in _ABSENT_HEADERS]
        self.name = next((i for i, cell in enumerate(lowered) if cell in _NAME_HEADERS), 0)
        self.width = len(header)

    @staticmethod
    def is_header(cells: list[str]) -> bool:
        lowered = {cell.lower().rstrip(":") for cell in cells}
        return bool(lowered & (_PRESENT_HEADERS | _ABSENT_HEADERS)) and bool(
            lowered & (_NAME_HEADERS | {"organisation", "org", "roll", "funktion"})
        )

    def row(self, cells: list[str], line: int) -> ParsedAttendee | None:
        marks = {i for i, cell in enumerate(cells) if _MARK.match(cell)}
        words = [(i, cell) for i, cell in enumerate(cells) if cell and i not in marks]
        if not words:
            return None
        status = "attending" if not self.present else "absent"
        if len(cells) == self.width:
            if marks & set(self.present):
                status = "attending"
            elif marks & set(self.absent):
                status = "absent"
        elif marks:  # empty cells left out (Word rows): a mark means present
            status = "attending" if self.present else "absent"
        name = next((cell for i, cell in words if i == self.name), words[0][1])
        rest = [cell for _, cell in words if cell != name]
        role = next((_is_role(cell) for cell in rest if _is_role(cell)), "")
        organisation = next((cell for cell in rest if not _is_role(cell)), "")
        if is_organisation(name) and organisation and is_person(organisation):
            name, organisation = organisation, name
        return ParsedAttendee(name, organisation, role, status, line)
