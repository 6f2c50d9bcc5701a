"""What the site search finds: one `Kind` per searchable model, each starting from its app's
public queryset, so that nothing a visitor may not see is ever found.

Every kind gives the same columns (see `COLUMNS`), so that one query ranks them all
(search/query.py): its title, its text, its day (for the year filter and the theme timeline),
and what its address is built from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.db.models import CharField, DateField, F, IntegerField, TextField, Value
from django.db.models.functions import Cast, Coalesce, Concat, TruncDate
from django.utils.translation import gettext_lazy as _

from .addresses import address
from .localized import localized

# The uniform columns every kind selects, in this order.
COLUMNS = ("s_kind", "s_pk", "s_title", "s_body", "s_day", "s_parent", "s_context", "s_number")


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    public: Callable[[], models.QuerySet]
    columns: Callable[[], dict]
    fuzzy_field: str  # matched by trigram word similarity when no word matches
    link: Callable[[dict], str]
    on_theme: Callable[[models.QuerySet, object], models.QuerySet] | None = None
    dated: bool = True  # has a day, so the year filter applies

    def rows(self) -> models.QuerySet:
        """The public rows with the uniform columns."""
        columns = {"s_kind": Value(self.key, output_field=CharField()), "s_pk": F("pk")}
        columns.update(self.columns())
        return self._public().annotate(**columns)

    def _public(self) -> models.QuerySet:
        return _unrewritten(self.public())


def _unrewritten(rows: models.QuerySet) -> models.QuerySet:
    """django-modeltranslation's values() reorders the columns, and the kinds are joined by
    UNION, column by column. The original columns hold the Swedish text, which is what the
    search vectors are made of; a translated title is asked for by name (search/localized.py)."""
    return rows.rewrite(False) if hasattr(rows, "rewrite") else rows


def _text(expression) -> Coalesce:
    return Coalesce(expression, Value(""), output_field=TextField())


def _none(field) -> Cast:
    """A NULL of the column's type: a bare NULL in a kind's SELECT would be taken for text
    before the kinds are joined by UNION."""
    return Cast(Value(None), field)


def _no_number() -> Cast:
    return _none(IntegerField())


def _organisation_columns() -> dict:
    return {
        "s_title": F("name"),
        "s_body": _text(F("description")),
        "s_day": TruncDate("created_at"),
        "s_parent": F("slug"),
        "s_context": Value("", output_field=CharField()),
        "s_number": _no_number(),
    }


def _section_columns() -> dict:
    return {
        "s_title": F("heading"),
        "s_body": _text(F("text")),
        "s_day": Coalesce("version__adopted_on", "version__created_on"),
        "s_parent": F("slug"),
        "s_context": F("version__title"),
        "s_number": Cast("version__number", IntegerField()),
    }


def _principle_columns() -> dict:
    return {
        "s_title": localized("name"),
        "s_body": _text(localized("description")),
        "s_day": _none(DateField()),
        "s_parent": F("slug"),
        "s_context": Value("", output_field=CharField()),
        "s_number": _no_number(),
    }


def _event_columns(title, body, event: str = "event") -> dict:
    return {
        "s_title": title,
        "s_body": _text(body),
        "s_day": F(f"{event}__date"),
        "s_parent": F(f"{event}__slug"),
        "s_context": F(f"{event}__title"),
        "s_number": _no_number(),
    }


def _note_columns() -> dict:
    return {
        "s_title": Coalesce("topic__title", "dialogue__title"),
        "s_body": _text(F("text")),
        "s_day": Coalesce("topic__event__date", "dialogue__event__date"),
        "s_parent": Coalesce("topic__event__slug", "dialogue__event__slug"),
        "s_context": Coalesce("topic__event__title", "dialogue__event__title"),
        "s_number": _no_number(),
    }


def _item_columns() -> dict:
    return {
        "s_title": Concat(
            Value("§"), Cast("number", CharField()), Value(" "), "title", output_field=CharField()
        ),
        "s_body": Concat(
            _text(F("decision")), Value("\n\n"), _text(F("minutes")), output_field=TextField()
        ),
        "s_day": TruncDate("meeting__starts_at"),
        "s_parent": F("meeting__slug"),
        "s_context": F("meeting__title"),
        "s_number": Cast("number", IntegerField()),
    }


def _organisation():
    from organisations.models import Organisation

    return Organisation


def _section():
    from agreements.models import Section

    return Section


def _principle():
    from agreements.models import Principle

    return Principle


def _topic():
    from dialogues.models import Topic

    return Topic


def _question():
    from dialogues.models import GuidingQuestion

    return GuidingQuestion


def _dialogue():
    from dialogues.models import Dialogue

    return Dialogue


def _note():
    from dialogues.models import Note

    return Note


def _item():
    from agreements.models import AgendaItem

    return AgendaItem


def _event_link(row: dict, anchor: str) -> str:
    return address("dialogues:event", row["s_parent"]) + anchor


KINDS: list[Kind] = [
    Kind(
        key="organisation",
        label=_("Organisations"),
        public=lambda: _organisation().objects.public(),
        columns=_organisation_columns,
        fuzzy_field="name",
        link=lambda row: address("organisations:detail", row["s_parent"]),
        on_theme=lambda qs, theme: qs.on_theme(theme),
    ),
    Kind(
        key="section",
        label=_("Sections of the agreement"),
        public=lambda: _section().objects.public(),
        columns=_section_columns,
        fuzzy_field="heading",
        link=lambda row: f"{address('agreements:agreement')}#{row['s_parent']}",
        on_theme=lambda qs, theme: qs.on_theme(theme),
    ),
    Kind(
        key="principle",
        label=_("Principles"),
        public=lambda: _principle().objects.all(),
        columns=_principle_columns,
        fuzzy_field="name",
        link=lambda row: f"{address('agreements:principles')}#{row['s_parent']}",
        dated=False,
    ),
    Kind(
        key="topic",
        label=_("Dialogue topics"),
        public=lambda: _topic().objects.public(),
        columns=lambda: _event_columns(F("title"), F("title")),
        fuzzy_field="title",
        link=lambda row: address("dialogues:topic", row["s_parent"], row["s_pk"]),
        on_theme=lambda qs, theme: qs.on_theme(theme),
    ),
    Kind(
        key="question",
        label=_("Guiding questions"),
        public=lambda: _question().objects.public(),
        columns=lambda: _event_columns(F("text"), F("text")),
        fuzzy_field="text",
        link=lambda row: _event_link(row, "#questions-heading"),
        on_theme=lambda qs, theme: qs.on_theme(theme),
    ),
    Kind(
        key="dialogue",
        label=_("Dialogues and summaries"),
        public=lambda: _dialogue().objects.public(),
        columns=lambda: _event_columns(F("title"), F("summary")),
        fuzzy_field="title",
        link=lambda row: _event_link(row, f"#dialogue-{row['s_pk']}"),
        on_theme=lambda qs, theme: qs.on_theme(theme),
    ),
    Kind(
        key="note",
        label=_("Dialogue notes"),
        public=lambda: _note().objects.public(),
        columns=_note_columns,
        fuzzy_field="text",
        link=lambda row: address("dialogues:note", row["s_pk"]),
        # a raw transcript repeats the compiled notes of the same walls: the compiled ones stand
        on_theme=lambda qs, theme: qs.on_theme(theme).exclude(source__is_raw=True),
    ),
    Kind(
        key="item",
        label=_("Minutes items"),
        public=lambda: _item().objects.public(),
        columns=_item_columns,
        fuzzy_field="title",
        link=lambda row: (
            address("agreements:meeting_detail", row["s_parent"]) + f"#p{row['s_number']}"
        ),
        on_theme=lambda qs, theme: qs.on_theme(theme),
    ),
]
BY_KEY = {kind.key: kind for kind in KINDS}
