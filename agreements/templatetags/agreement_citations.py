"""Where the agreement's text comes from, seen from both ends: a section's cited dialogue notes
and topics (the agreement page), and the sections that cite a topic or its notes (the dialogue
topic page, without touching the dialogues app's views).

Only the version the public is shown counts (the adopted one, else the newest draft), and only
notes and topics of published events.
"""

from django import template
from django.db.models import Subquery
from django.urls import reverse

from ..models import Agreement, AgreementVersion, Section

register = template.Library()


@register.filter
def note_url(note) -> str:
    """The note on its topic page (its permanent anchor); a dialogue's note by its permalink."""
    if note.topic_id is not None:
        return f"{note.topic.get_absolute_url()}#{note.anchor}"
    return reverse("dialogues:note", args=[note.pk])


def public_version() -> AgreementVersion | None:
    """The version the agreement page shows, in one query."""
    first_agreement = Agreement.objects.order_by("pk").values("pk")[:1]
    versions = AgreementVersion.objects.public().filter(agreement__in=Subquery(first_agreement))
    return AgreementVersion.pick_current(list(versions))


def citations_of_topic(topic, event) -> dict:
    """The sections of the public version that cite the topic, and those citing its notes.

    Queries: the versions, the version's sections (to number them as the agreement page does),
    the topic's citations, and the citations of all its notes (one query for all of them).
    """
    empty = {"topic_sections": [], "note_citations": [], "sections_by_note": {}}
    if not event.is_published:
        return empty
    version = public_version()
    if version is None:
        return empty
    sections = list(
        Section.objects.filter(version=version)
        .order_by("order", "pk")
        .only("pk", "order", "slug", "heading", "version_id")
    )
    for number, section in enumerate(sections, 1):
        section.number = number
    by_pk = {section.pk: section for section in sections}
    topic_through = Section.dialogue_topics.through
    note_through = Section.dialogue_notes.through
    topic_sections = [
        by_pk[section_id]
        for section_id in topic_through.objects.filter(topic=topic, section__version=version)
        .order_by("section__order", "section__pk")
        .values_list("section_id", flat=True)
        if section_id in by_pk
    ]
    notes: dict[int, dict] = {}
    rows = (
        note_through.objects.filter(note__topic=topic, section__version=version)
        .select_related("note")
        .order_by("note__group", "note__position", "note__pk", "section__order", "section__pk")
    )
    for row in rows:
        if row.section_id not in by_pk:
            continue
        entry = notes.setdefault(row.note_id, {"note": row.note, "sections": []})
        entry["sections"].append(by_pk[row.section_id])
    return {
        "topic_sections": topic_sections,
        "note_citations": list(notes.values()),
        # note pk → the sections citing it, for a link beside each note on the wall.
        "sections_by_note": {pk: entry["sections"] for pk, entry in notes.items()},
    }


@register.inclusion_tag("agreements/_topic_citations.html")
def cited_in_agreement(topic, event):
    """On a dialogue topic page: links back to the agreement sections that cite it."""
    return {"topic": topic, **citations_of_topic(topic, event)}


@register.simple_tag
def topic_citations(topic, event) -> dict:
    """citations_of_topic for a template that shows them in more than one place (`as name`)."""
    return citations_of_topic(topic, event)
