"""Dialogue events and what they hold: topics, questions, dialogues, notes, opinion barometers.

Every imported document is kept whole as a `SourceDocument`; what the importer made of it
(topics, notes, statements …) points back to it, so nothing written in 2015 is ever lost and
re-importing the same bytes is recognised by their hash.
"""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Iterable

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from okportal import help_texts, page_cache
from okportal.content_language import SwedishOriginal
from okportal.markdown import MarkdownHTMLField
from search.fields import search_indexes, search_vector_field


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def in_year(self, year: int):
        return self.filter(date__year=year)

    def on_theme(self, theme):
        """Events with the theme, or with a topic or dialogue on it."""
        return self.filter(
            Q(themes=theme) | Q(topics__themes=theme) | Q(dialogues__themes=theme)
        ).distinct()

    def years(self) -> list[int]:
        return list(
            self.annotate(year=ExtractYear("date"))
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )


class DialogueEvent(SwedishOriginal, models.Model):
    """An Open Space day, a samverkanskonferens, a stormöte …"""

    class Kind(models.TextChoices):
        OPEN_SPACE = "open_space", _("Open Space")
        COLLABORATION_CONFERENCE = "collaboration_conference", _("Collaboration conference")
        GENERAL_MEETING = "general_meeting", _("General meeting")
        DIALOGUE_MEETING = "dialogue_meeting", _("Dialogue meeting")
        INSPIRATION_DAY = "inspiration_day", _("Inspiration day")
        OTHER = "other", _("Other")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    introduction = models.TextField(_("introduction"), blank=True, help_text=help_texts.MARKDOWN)
    barometer_introduction = models.TextField(
        _("introduction of the opinion barometer"),
        blank=True,
        help_text=_("Markdown. Shown above the statements."),
    )
    grid_legend = models.TextField(
        _("legend of the topic grid"),
        blank=True,
        help_text=_("E.g. what marks the topics that were not discussed on their own."),
    )
    introduction_html = MarkdownHTMLField(source="introduction")
    barometer_introduction_html = MarkdownHTMLField(source="barometer_introduction")
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    themes = models.ManyToManyField(
        "organisations.Theme", verbose_name=_("themes"), blank=True, related_name="dialogue_events"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # The legend's language columns (translation.py) come after the history model is made; the
    # history keeps the legend as read in the language of whoever saved.
    history = HistoricalRecords(
        excluded_fields=[
            "grid_legend_sv",
            "grid_legend_en",
            "introduction_html",
            "barometer_introduction_html",
        ]
    )
    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("dialogue event")
        verbose_name_plural = _("dialogue events")
        ordering = ["-date", "title"]

    def __str__(self):
        return f"{self.title} ({self.date:%Y-%m-%d})" if self.date else self.title

    def get_absolute_url(self):
        return reverse("dialogues:event", args=[self.slug])

    def publish(self) -> None:
        self.is_published = True
        self.published_at = self.published_at or timezone.now()
        self.save(update_fields=["is_published", "published_at", "updated_at"])

    def unpublish(self) -> None:
        self.is_published = False
        self.save(update_fields=["is_published", "updated_at"])

    def topic_grid(self, topics: Iterable[Topic]) -> list[list[Topic | None]]:
        """The day's topic grid as rows of cells (grid places count from 1); others left out."""
        placed = [t for t in topics if t.grid_row and t.grid_column]
        if not placed:
            return []
        rows = max(t.grid_row for t in placed)
        columns = max(t.grid_column for t in placed)
        grid: list[list[Topic | None]] = [[None] * columns for _ in range(rows)]
        for topic in placed:
            grid[topic.grid_row - 1][topic.grid_column - 1] = topic
        return grid


class SourceDocument(models.Model):
    """A document imported into an event, kept whole; its hash makes re-imports no-ops."""

    event = models.ForeignKey(
        DialogueEvent, on_delete=models.CASCADE, related_name="sources", verbose_name=_("event")
    )
    filename = models.CharField(_("file name"), max_length=255)
    content_hash = models.CharField(_("SHA-256 of the file"), max_length=64, unique=True)
    text = models.TextField(_("text as read"))
    is_raw = models.BooleanField(
        _("raw material"),
        default=False,
        help_text=_("A transcript (e.g. a PDF's text) rather than the compiled notes."),
    )
    unplaced_lines = models.JSONField(
        _("lines the importer could not place"), default=list, blank=True
    )
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)

    class Meta:
        verbose_name = _("source document")
        verbose_name_plural = _("source documents")
        ordering = ["imported_at", "pk"]

    def __str__(self):
        return self.filename


class TopicQuerySet(models.QuerySet):
    def public(self):
        return self.filter(event__is_published=True)

    def on_theme(self, theme):
        return self.filter(themes=theme)


class Topic(models.Model):
    """A proposed topic (ämne); `key` is its normalised title, stable across re-imports."""

    event = models.ForeignKey(
        DialogueEvent, on_delete=models.CASCADE, related_name="topics", verbose_name=_("event")
    )
    title = models.CharField(_("title"), max_length=200)
    key = models.CharField(_("key"), max_length=200, editable=False)
    discussed_on_own = models.BooleanField(
        _("discussed on its own"),
        default=True,
        help_text=_("Untick for topics that were proposed but not discussed as a separate topic."),
    )
    grid_row = models.PositiveSmallIntegerField(
        _("row in the topic grid"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    grid_column = models.PositiveSmallIntegerField(
        _("column in the topic grid"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    themes = models.ManyToManyField(
        "organisations.Theme", verbose_name=_("themes"), blank=True, related_name="dialogue_topics"
    )
    search_vector = search_vector_field(("title", "A"))

    objects = TopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["position", "pk"]
        indexes = search_indexes("topic", "title")
        constraints = [
            models.UniqueConstraint(fields=["event", "key"], name="one_topic_per_title"),
            models.UniqueConstraint(
                fields=["event", "grid_row", "grid_column"], name="one_topic_per_grid_cell"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.key = topic_key(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("dialogues:topic", args=[self.event.slug, self.pk])

    def note_tree(self) -> list[NoteGroup]:
        """The topic's notes as note groups (walls) of nested notes: one query."""
        return build_note_groups(self.notes.select_related("source").order_by("group", "position"))


def topic_key(title: str) -> str:
    """The same topic whatever the emphasis, case or spacing of its heading."""
    plain = title.replace("<i>", "").replace("</i>", "").replace("*", "").replace("_", " ")
    return " ".join(plain.casefold().split())[:200]


class DialogueQuerySet(models.QuerySet):
    def public(self):
        return self.filter(event__is_published=True)

    def on_theme(self, theme):
        return self.filter(themes=theme)


class Dialogue(models.Model):
    """A session of the event, with its written summary and its raw material."""

    event = models.ForeignKey(
        DialogueEvent, on_delete=models.CASCADE, related_name="dialogues", verbose_name=_("event")
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True, help_text=help_texts.MARKDOWN)
    raw_material = models.TextField(
        _("raw material"),
        blank=True,
        help_text=_("The notes as they were written on the day, unedited."),
    )
    summary_html = MarkdownHTMLField(source="summary")
    position = models.PositiveIntegerField(_("position"), default=0)
    source = models.ForeignKey(
        SourceDocument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dialogues",
        verbose_name=_("source document"),
    )
    themes = models.ManyToManyField(
        "organisations.Theme", verbose_name=_("themes"), blank=True, related_name="dialogues"
    )
    search_vector = search_vector_field(("title", "A"), ("summary", "C"))

    history = HistoricalRecords(excluded_fields=["summary_html", "search_vector"])
    objects = DialogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("dialogue")
        verbose_name_plural = _("dialogues")
        ordering = ["position", "pk"]
        indexes = search_indexes("dialogue", "title")

    def __str__(self):
        return self.title


class QuestionQuerySet(models.QuerySet):
    def public(self):
        return self.filter(event__is_published=True)

    def on_theme(self, theme):
        """Questions of an event or a dialogue on the theme."""
        return self.filter(Q(event__themes=theme) | Q(dialogue__themes=theme))


class GuidingQuestion(models.Model):
    """A question that guided the event or one of its dialogues."""

    event = models.ForeignKey(
        DialogueEvent, on_delete=models.CASCADE, related_name="questions", verbose_name=_("event")
    )
    dialogue = models.ForeignKey(
        Dialogue,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("dialogue"),
    )
    text = models.TextField(_("question"))
    text_html = MarkdownHTMLField(source="text", inline=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    search_vector = search_vector_field(("text", "B"))

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("guiding question")
        verbose_name_plural = _("guiding questions")
        ordering = ["position", "pk"]
        indexes = search_indexes("question", "text")

    def __str__(self):
        return self.text


class NoteQuerySet(models.QuerySet):
    def public(self):
        return self.filter(
            Q(topic__event__is_published=True) | Q(dialogue__event__is_published=True)
        )

    def on_theme(self, theme):
        """Notes of topics or dialogues on the theme (for the theme pages)."""
        return self.filter(Q(topic__themes=theme) | Q(dialogue__themes=theme))


class Note(models.Model):
    """One note as written (Markdown emphasis kept), in a topic or a dialogue, maybe nested.

    `group` numbers the note groups of a topic (the same heading on two walls makes two);
    `position` orders siblings. A whole tree is read in one query and built in Python.
    """

    topic = models.ForeignKey(
        Topic,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notes",
        verbose_name=_("topic"),
    )
    dialogue = models.ForeignKey(
        Dialogue,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notes",
        verbose_name=_("dialogue"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("under note"),
    )
    group = models.PositiveSmallIntegerField(
        _("note group"), default=0, help_text=_("E.g. the wall the notes were written on.")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    text = models.TextField(_("text"), help_text=_("Markdown emphasis: **bold**, *italic*."))
    text_html = MarkdownHTMLField(source="text", inline=True)
    source = models.ForeignKey(
        SourceDocument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notes",
        verbose_name=_("source document"),
    )
    source_lines = models.CharField(_("lines in the source"), max_length=200, blank=True)
    search_vector = search_vector_field(("text", "C"))

    objects = NoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["group", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(topic__isnull=False, dialogue__isnull=True)
                | Q(topic__isnull=True, dialogue__isnull=False),
                name="note_in_a_topic_or_a_dialogue",
            ),
        ]
        indexes = [
            models.Index(fields=["topic", "group", "position"]),
            *search_indexes("note", "text"),
        ]

    def __str__(self):
        return self.text[:80]

    @property
    def anchor(self) -> str:
        return f"anteckning-{self.pk}"


class NoteNode:
    """A note with its children, built from one query."""

    __slots__ = ("note", "children")

    def __init__(self, note: Note):
        self.note = note
        self.children: list[NoteNode] = []


class NoteGroup:
    __slots__ = ("number", "source", "nodes")

    def __init__(self, number: int, source: SourceDocument | None):
        self.number = number
        self.source = source
        self.nodes: list[NoteNode] = []

    @property
    def is_raw(self) -> bool:
        return bool(self.source and self.source.is_raw)


def build_note_groups(notes: Iterable[Note]) -> list[NoteGroup]:
    """Nest notes under their parents, ordered by group then position; orphans stay visible."""
    notes = list(notes)
    nodes = {note.pk: NoteNode(note) for note in notes}
    groups: dict[int, NoteGroup] = {}
    for note in sorted(notes, key=lambda n: (n.group, n.position, n.pk)):
        node = nodes[note.pk]
        parent = nodes.get(note.parent_id)
        if parent is not None and parent is not node:
            parent.children.append(node)
        else:
            group = groups.get(note.group)
            if group is None:
                group = groups[note.group] = NoteGroup(note.group, note.source)
            group.nodes.append(node)
    return [groups[number] for number in sorted(groups)]


class BarometerStatement(models.Model):
    """An åsiktsbarometer statement: where the room placed itself, and what was said.

    Recorded ones (from minutes) keep the outcome as written; live ones are opened by a
    coordinator, answered by the room through a short address, and closed: closing stores the
    counts on the statement.
    """

    class Status(models.TextChoices):
        RECORDED = "recorded", _("Recorded")
        READY = "ready", _("Not yet opened")
        OPEN = "open", _("Open for answers")
        CLOSED = "closed", _("Closed")

    class Scale(models.IntegerChoices):
        AGREE = 1, _("Agree")
        PARTLY_AGREE = 2, _("Partly agree")
        MIDDLE = 3, _("In the middle")
        PARTLY_DISAGREE = 4, _("Partly disagree")
        DISAGREE = 5, _("Do NOT agree")

    event = models.ForeignKey(
        DialogueEvent,
        on_delete=models.CASCADE,
        related_name="barometer_statements",
        verbose_name=_("event"),
    )
    statement = models.TextField(_("statement"))
    outcome = models.TextField(
        _("outcome"), blank=True, help_text=_("How the room spread over the scale, in words.")
    )
    comments = models.TextField(_("comments"), blank=True, help_text=_("One comment per line."))
    position = models.PositiveIntegerField(_("position"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.READY
    )
    code = models.CharField(_("short code"), max_length=12, unique=True, editable=False)
    result = models.JSONField(
        _("result"),
        default=dict,
        blank=True,
        help_text=_("Answers per point of the scale, stored when the statement is closed."),
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    source = models.ForeignKey(
        SourceDocument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="barometer_statements",
        verbose_name=_("source document"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("opinion barometer statement")
        verbose_name_plural = _("opinion barometer statements")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.statement[:80]

    def save(self, *args, **kwargs):
        if not self.code:
            self.code = new_code()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("dialogues:barometer_answer", args=[self.code])

    @property
    def comment_list(self) -> list[str]:
        return [line.strip() for line in self.comments.splitlines() if line.strip()]

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def open(self) -> bool:
        """Open for answers; True if this call opened it (atomic: UPDATE … WHERE)."""
        changed = BarometerStatement.objects.filter(
            pk=self.pk, status__in=[self.Status.READY, self.Status.CLOSED]
        ).update(status=self.Status.OPEN, opened_at=timezone.now(), closed_at=None)
        self.refresh_from_db()
        if changed:
            page_cache.changed(BarometerStatement)  # update() sends no signals
        return bool(changed)

    def close(self) -> bool:
        """Stop answers and store the spread on the statement; True if this call closed it."""
        counts = self.live_counts()
        changed = BarometerStatement.objects.filter(pk=self.pk, status=self.Status.OPEN).update(
            status=self.Status.CLOSED,
            closed_at=timezone.now(),
            result={str(value): counts[value] for value in self.Scale.values},
        )
        self.refresh_from_db()
        if changed:
            page_cache.changed(BarometerStatement)
        return bool(changed)

    def live_counts(self) -> Counter:
        rows = self.answers.values("value").annotate(n=Count("pk")).order_by()
        counts = Counter(dict.fromkeys(self.Scale.values, 0))
        counts.update({row["value"]: row["n"] for row in rows})
        return counts

    def spread(self) -> list[dict]:
        """Each point of the scale with its count and share: live while open, else stored."""
        if self.status == self.Status.CLOSED and self.result:
            counts = Counter({int(k): v for k, v in self.result.items()})
        else:
            counts = self.live_counts()
        total = sum(counts.values())
        return [
            {
                "value": value,
                "label": label,
                "count": counts[value],
                "percent": round(100 * counts[value] / total) if total else 0,
            }
            for value, label in self.Scale.choices
        ]


def new_code() -> str:
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"  # nothing that reads as another character
    return "".join(secrets.choice(alphabet) for _ in range(6))


class BarometerAnswer(models.Model):
    """One device's place on the scale; the unique constraint keeps it to one per device."""

    statement = models.ForeignKey(
        BarometerStatement, on_delete=models.CASCADE, related_name="answers"
    )
    device = models.CharField(max_length=64)
    value = models.PositiveSmallIntegerField(choices=BarometerStatement.Scale.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("opinion barometer answer")
        verbose_name_plural = _("opinion barometer answers")
        constraints = [
            models.UniqueConstraint(fields=["statement", "device"], name="one_answer_per_device")
        ]

    def __str__(self):
        return f"{self.statement_id}: {self.get_value_display()}"
