"""Compare two versions of the agreement section by section, word by word (difflib), on the text
as the public reads it: the stored HTML of each section (okportal/markdown.py), not its Markdown.

The HTML is cut into tags and words. Tags are never marked: each side keeps its own tags in
order, so the markup stays whole (a list stays a list, emphasis stays emphasis), and only runs
of words are wrapped in <del> or <ins>, with a visually hidden label so that changes do not rely
on colour: strike-through and underline are visible, the label is read aloud.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from okportal.markdown import ATTRIBUTES, BLOCK_TAGS, sanitise

# a tag, a word (up to the next tag or space), or spaces
_TOKENS = re.compile(r"<[^>]*>|[^<\s]+|\s+")
_MARKED_TAGS = BLOCK_TAGS | {"del", "ins", "span"}
_MARKED_ATTRIBUTES = {**ATTRIBUTES, "span": {"class"}}


@dataclass
class SectionComparison:
    anchor: str
    old_heading: str | None
    new_heading: str | None
    state: str  # "same", "changed", "added", "removed"
    old_html: SafeString
    new_html: SafeString

    @property
    def heading(self) -> str:
        return self.new_heading or self.old_heading or ""


def _is_tag(token: str) -> bool:
    return token.startswith("<")


def _marked(tag: str, label: str, tokens: list[str]) -> str:
    """The tokens of one change, each run of words in `tag`; the label before the first run
    and "end of change" after the last (a change may span paragraphs or list items)."""
    runs: list[list[str]] = [[]]
    for token in tokens:
        if _is_tag(token):
            runs.append([token])
            runs.append([])
        else:
            runs[-1].append(token)
    words = [
        i for i, run in enumerate(runs) if run and not _is_tag(run[0]) and "".join(run).strip()
    ]
    out = []
    for i, run in enumerate(runs):
        text = "".join(run)
        if i not in words:
            out.append(text)
            continue
        before = f'<span class="visually-hidden">{escape(label)} </span>' if i == words[0] else ""
        after = (
            f'<span class="visually-hidden"> {escape(_("end of change"))}</span>'
            if i == words[-1]
            else ""
        )
        out.append(f"<{tag}>{before}{text}{after}</{tag}>")
    return "".join(out)


def diff_html(old: str, new: str) -> tuple[SafeString, SafeString]:
    """The old HTML with deletions marked, and the new HTML with insertions marked."""
    left, right = _diff(old, new, get_language())
    return mark_safe(left), mark_safe(right)  # noqa: S308 - sanitised in _diff


@lru_cache(maxsize=2048)
def _diff(old: str, new: str, language: str) -> tuple[str, str]:
    """Pure and costly (difflib); each process keeps recent results, per language."""
    old_tokens = _TOKENS.findall(old)
    new_tokens = _TOKENS.findall(new)
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    left: list[str] = []
    right: list[str] = []
    removed, added = _("removed:"), _("added:")
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            left.append("".join(old_tokens[a1:a2]))
            right.append("".join(new_tokens[b1:b2]))
            continue
        left.append(_marked("del", removed, old_tokens[a1:a2]))
        right.append(_marked("ins", added, new_tokens[b1:b2]))
    clean = {"tags": _MARKED_TAGS, "attributes": _MARKED_ATTRIBUTES}
    return sanitise("".join(left), **clean), sanitise("".join(right), **clean)


def compare_sections(old_sections, new_sections) -> list[SectionComparison]:
    """Pair sections by anchor, in the new version's order; removed ones where they stood."""
    new_by_anchor = {s.slug: s for s in new_sections}
    old_by_anchor = {s.slug: s for s in old_sections}
    rows: list[SectionComparison] = []
    pending_removed = [s for s in old_sections if s.slug not in new_by_anchor]
    for section in new_sections:
        old = old_by_anchor.get(section.slug)
        while pending_removed and old is not None and pending_removed[0].order < old.order:
            rows.append(_removed(pending_removed.pop(0)))
        if old is None:
            rows.append(
                SectionComparison(
                    section.slug,
                    None,
                    section.heading,
                    "added",
                    mark_safe(""),
                    diff_html("", section.text_html)[1],
                )  # fmt: skip
            )
            continue
        same = old.text_html == section.text_html and old.heading == section.heading
        left, right = (
            (old.text_html, section.text_html)
            if same
            else diff_html(old.text_html, section.text_html)
        )
        rows.append(
            SectionComparison(
                section.slug,
                old.heading,
                section.heading,
                "same" if same else "changed",
                mark_safe(left),
                mark_safe(right),  # noqa: S308 - stored sanitised HTML
            )  # fmt: skip
        )
    rows.extend(_removed(section) for section in pending_removed)
    return rows


def _removed(section) -> SectionComparison:
    return SectionComparison(
        section.slug, section.heading, None, "removed", diff_html(section.text_html, "")[0],
        mark_safe(""),
    )  # fmt: skip
