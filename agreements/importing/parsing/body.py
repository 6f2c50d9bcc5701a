"""Item bodies as Markdown: paragraphs, lists, subheadings and decisions."""

from __future__ import annotations

import re

from okportal.importing.wrapping import reads_on

from ..structure import ParsedItem
from .items import (
    _BULLET,
    _is_marked_heading,
    _is_short,
    _looks_like_heading,
    _strip_markup,
)
from .lines import _STANDALONE_URL
from .links import _linkify
from .shapes import _Block, _Context, _Line, _Section

_SUB_BULLET = re.compile(r"^(\s*)(o)\s+(\S.*)$")
_NESTED_BULLET_CHARS = frozenset({"o", "◦", "○", "\uf0a7"})
_ORDERED = re.compile(r"^(\s*)(\d{1,3})[.)]\s+(\S.*)$")

_DECISION_LABEL = re.compile(r"^beslut(?:et)?\s*[:\-–]?$", re.I)
_DECISION_PREFIX = re.compile(r"^[*_]*beslut(?:et)?[*_]*\s*[:\-–][*_]*\s*", re.I)
_ATT_CLAUSE = re.compile(r"^(?:[-•*–]\s*)?att\s+\w", re.I)
_DECISION_SENTENCE = re.compile(
    r"^(?:(?:det\s+)?beslutades|beslöts|(?:rådet|mötet|gruppen|\w+gruppen|nätverket|styrelsen"
    r"|\w*rådet|vi)\s+(?:beslutar|beslutade|beslöt))\b",
    re.I,
)


# --- item bodies -----------------------------------------------------------------------------


def _build_item(section: _Section, context: _Context) -> ParsedItem:
    blocks = _mark_subheadings(_blocks(section.lines, context), context)
    blocks, decision_blocks = _split_decisions(blocks, context.corrections)
    links: list[str] = []
    body = _render(blocks, context, links)
    decisions = [
        _decision_text(block, context, links) for block in decision_blocks if block.kind != "label"
    ]
    roles = {number: "body" for block in blocks for number in block.numbers}
    roles.update({number: "decision" for block in decision_blocks for number in block.numbers})
    return ParsedItem(
        number=section.number,
        title=section.title,
        body=body,
        decisions=[decision for decision in decisions if decision],
        links=links,
        line_number=section.line_number,
        line_roles=roles,
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
            blocks[-1].numbers.append(line.number)
        else:
            block.after_gap = gap
            block.numbers.append(line.number)
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
    if _DECISION_LABEL.match(_strip_markup(previous)):
        return False
    plain = _strip_markup(text)
    if (
        _DECISION_LABEL.match(plain)
        or _DECISION_PREFIX.match(text)
        or _DECISION_SENTENCE.match(plain)
    ):
        return False  # a decision starts its own block, however the lines were wrapped
    if _STANDALONE_URL.match(previous) and not text[0].islower():
        return False
    goes_on = reads_on(previous, text, long_line=False, paragraph=True)
    if block.implicit:
        return not gap and goes_on
    if gap:
        # Double-spaced text: a long line without a full stop goes on after the blank line.
        return goes_on or (
            context.double_spaced
            and block.kind == "para"
            and reads_on(
                previous, text, long_line=not _is_short(previous, context), paragraph=False
            )
        )
    return context.double_spaced or reads_on(
        previous, text, long_line=not _is_short(previous, context), paragraph=True
    )


def _starts_colon_list(block: _Block, previous: str, text: str, context: _Context) -> bool:
    """Short lines after "Mötestider är:" are a list, even without bullets."""
    if not _is_short(text, context) or text[0].islower():
        return False
    if block.implicit:
        return _is_short(previous, context)
    return previous.endswith(":") and block.kind == "para"


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


def _split_decisions(
    blocks: list[_Block], corrections: dict[int, str]
) -> tuple[list[_Block], list[_Block]]:
    """Decisions: "Beslut: …", "Rådet beslutar att …", or what follows a "Beslut" label (each
    "att …" clause its own decision); a block the coordinator marked as a decision."""
    kept: list[_Block] = []
    decisions: list[_Block] = []
    expecting = ""  # "block" right after a label, "list" while a list of decisions goes on
    for block in blocks:
        text = " ".join(block.lines)
        listed = block.kind in {"bullet", "ordered"}
        marked = [corrections.get(number) for number in block.numbers]
        if "decision" in marked:
            decisions.append(block)
            expecting = ""
        elif "body" in marked:
            kept.append(block)
            expecting = ""
        elif not listed and _DECISION_LABEL.match(_strip_markup(text)):
            expecting = "block"
            block.kind = "label"
            decisions.append(block)
        elif expecting == "att" and _ATT_CLAUSE.match(text):
            decisions.extend(_att_clauses(block))
        elif expecting == "block" or (expecting == "list" and listed):
            clauses = _att_clauses(block) if _ATT_CLAUSE.match(text) else [block]
            decisions.extend(clauses)
            expecting = "att" if len(clauses) > 1 or _ATT_CLAUSE.match(text) else ""
            expecting = expecting or ("list" if listed else "")
        elif _DECISION_PREFIX.match(text) or _DECISION_SENTENCE.match(_strip_markup(text)):
            decisions.append(block)
            expecting = ""
        else:
            kept.append(block)
            expecting = ""
    return kept, decisions


def _att_clauses(block: _Block) -> list[_Block]:
    """ "att godkänna …" / "att uppdra åt …": one decision each, though written as one block."""
    clauses: list[_Block] = []
    for text, number in zip(block.lines, block.numbers or [0] * len(block.lines), strict=False):
        if not clauses or _ATT_CLAUSE.match(text):
            clauses.append(_Block(block.kind, [text], numbers=[number]))
        else:
            clauses[-1].lines.append(text)
            clauses[-1].numbers.append(number)
    return clauses


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
