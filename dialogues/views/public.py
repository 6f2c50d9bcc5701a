"""/dialoger/: the list of events, an event, a topic with its notes, a source document.

The list, event and topic pages are rendered once per content version and language and then
served from the cache (okportal/page_cache.py), to the public and to signed-in visitors alike;
coordinators always get them fresh, drafts too.
"""

import rules
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.decorators import method_decorator
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView, View

from dialogues.filters import EventFilter
from dialogues.models import (
    BarometerStatement,
    DialogueEvent,
    Note,
    SourceDocument,
    Topic,
    build_note_groups,
)
from okportal.page_cache import CachedPage
from organisations.models import Theme


def themes():
    """Themes in Swedish order (the Theme model's own ordering)."""
    return Prefetch("themes", queryset=Theme.objects.all())


def visible_events(request):
    """Published events; coordinators also see drafts (their preview)."""
    events = DialogueEvent.objects.all()
    if not rules.has_perm("dialogues.view_drafts", request.user):
        events = events.published()
    return events


events_page = CachedPage(
    "dialogues:events",
    reads=("year", "kind", "theme", "page"),
    shows=["dialogues.DialogueEvent", "dialogues.Topic", "organisations.Theme"],
)
event_page = CachedPage(
    "dialogues:event",
    reads=(),
    shows=[
        "dialogues.DialogueEvent", "dialogues.Topic", "dialogues.GuidingQuestion",
        "dialogues.Dialogue", "dialogues.Note", "dialogues.BarometerStatement",
        "dialogues.SourceDocument", "organisations.Theme",
    ],
)  # fmt: skip
topic_page = CachedPage(
    "dialogues:topic",
    reads=(),
    shows=[
        "dialogues.DialogueEvent", "dialogues.Topic", "dialogues.Note", "organisations.Theme",
        # the sections of the agreement that cite the topic and its notes
        "agreements.Agreement", "agreements.AgreementVersion", "agreements.Section",
    ],
)  # fmt: skip


def page_response(request, page: dict):
    return render(
        request,
        "dialogues/page.html",
        {"page": {"title": page["title"], "body": mark_safe(page["body"])}},  # noqa: S308
    )


@method_decorator(events_page, name="dispatch")
class EventListView(ListView):
    """Queries: years, themes of the filter, count, events, their themes."""

    template_name = "dialogues/event_list.html"
    paginate_by = 20
    context_object_name = "events"

    def get(self, request, *args, **kwargs):
        def build():
            body = super(EventListView, self).get(request, *args, **kwargs).rendered_content
            return {"title": _("Dialogues"), "body": body}

        return page_response(request, build())

    def get_queryset(self):
        events = visible_events(self.request)
        self.filter = EventFilter(
            self.request.GET or None,
            queryset=events.prefetch_related(themes())
            .annotate(topic_count=Count("topics", distinct=True))
            .order_by("-date", "title"),
            years=events.years(),
        )
        if self.filter.is_bound and not self.filter.is_valid():
            return self.filter.queryset.none()
        return self.filter.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filter
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query"] = query.urlencode()
        return context


@method_decorator(event_page, name="dispatch")
class EventDetailView(View):
    """The event: topic grid, questions, dialogues with summaries, opinion barometer.

    Queries, whatever the number of notes: event, its themes, topics with note counts,
    questions, dialogues, their notes, barometer statements, source documents.
    """

    def get(self, request, slug):
        def build():
            event = get_object_or_404(visible_events(request).prefetch_related(themes()), slug=slug)
            topics = list(
                event.topics.annotate(note_count=Count("notes")).order_by("position", "pk")
            )
            questions = list(event.questions.all())
            dialogues = list(event.dialogues.all())
            dialogue_notes = list(
                Note.objects.filter(dialogue__event=event).select_related("source")
            )
            for dialogue in dialogues:
                dialogue.question_list = [q for q in questions if q.dialogue_id == dialogue.pk]
                dialogue.note_groups = build_note_groups(
                    n for n in dialogue_notes if n.dialogue_id == dialogue.pk
                )
            statements = list(
                event.barometer_statements.exclude(status=BarometerStatement.Status.READY)
            )
            context = {
                "event": event,
                "topics": topics,
                "grid": event.topic_grid(topics),
                "ungridded": [t for t in topics if not (t.grid_row and t.grid_column)],
                "not_discussed": [t for t in topics if not t.discussed_on_own],
                "questions": [q for q in questions if q.dialogue_id is None],
                "dialogues": dialogues,
                "statements": statements,
                "sources": list(event.sources.only("pk", "filename", "is_raw", "event_id")),
            }
            body = render_to_string("dialogues/event_detail.html", context, request)
            return {"title": event.title, "body": body}

        return page_response(request, build())


@method_decorator(topic_page, name="dispatch")
class TopicDetailView(View):
    """A topic and its notes as nested lists: event, topic, themes, notes (one query for all)."""

    def get(self, request, slug, pk):
        def build():
            event = get_object_or_404(visible_events(request), slug=slug)
            topic = get_object_or_404(Topic.objects.prefetch_related(themes()), event=event, pk=pk)
            groups = topic.note_tree()
            context = {
                "event": event,
                "topic": topic,
                "groups": [g for g in groups if not g.is_raw],
                "raw_groups": [g for g in groups if g.is_raw],
            }
            body = render_to_string("dialogues/topic_detail.html", context, request)
            return {"title": f"{topic.title} – {event.title}", "body": body}

        return page_response(request, build())


def note_permalink(request, pk):
    """A note's permanent address: wherever its topic or dialogue is, it leads there."""
    note = get_object_or_404(Note.objects.select_related("topic__event", "dialogue__event"), pk=pk)
    owner = note.topic or note.dialogue
    if not visible_events(request).filter(pk=owner.event_id).exists():
        raise Http404
    if note.topic is not None:
        url = note.topic.get_absolute_url()
    else:
        url = note.dialogue.event.get_absolute_url()
    return redirect(f"{url}#{note.anchor}", permanent=False)


class SourceDetailView(TemplateView):
    """A source document as it was imported, every line of it."""

    template_name = "dialogues/source_detail.html"

    def get_context_data(self, **kwargs):
        event = get_object_or_404(visible_events(self.request), slug=kwargs["slug"])
        source = get_object_or_404(SourceDocument, event=event, pk=kwargs["pk"])
        return super().get_context_data(event=event, source=source, **kwargs)
