"""Compare two versions of the agreement section by section, word by word (difflib).

Changes are marked with <del> and <ins> and a visually hidden label, so that they do not rely on
colour: strike-through and underline are visible, the label is read aloud.
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

_TOKENS = re.compile(r"\s+|[^\s]+")


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


def _marked(tag: str, label: str, text: str) -> str:
    end = _("end of change")
    return (
        f'<{tag}><span class="visually-hidden">{escape(label)} </span>{escape(text)}'
        f'<span class="visually-hidden"> {escape(end)}</span></{tag}>'
    )


def diff_texts(old: str, new: str) -> tuple[SafeString, SafeString]:
    """The old text with deletions marked, and the new text with insertions marked."""
    left, right = _diff(old, new, get_language())
    return mark_safe(left), mark_safe(right)  # noqa: S308 - escaped in _diff


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
        old_part = "".join(old_tokens[a1:a2])
        new_part = "".join(new_tokens[b1:b2])
        if op == "equal":
            left.append(escape(old_part))
            right.append(escape(new_part))
            continue
        if old_part:
            left.append(_marked("del", removed, old_part))
        if new_part:
            right.append(_marked("ins", added, new_part))
    return "".join(left), "".join(right)


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
                    diff_texts("", section.text)[1],
                )  # fmt: skip
            )
            continue
        same = old.text == section.text and old.heading == section.heading
        left, right = (
            (escape(old.text), escape(section.text)) if same else diff_texts(old.text, section.text)
        )
        rows.append(
            SectionComparison(
                section.slug,
                old.heading,
                section.heading,
                "same" if same else "changed",
                mark_safe(left),
                mark_safe(right),
            )  # fmt: skip
        )
    rows.extend(_removed(section) for section in pending_removed)
    return rows


def _removed(section) -> SectionComparison:
    return SectionComparison(
        section.slug, section.heading, None, "removed", diff_texts(section.text, "")[0],
        mark_safe(""),
    )  # fmt: skip
