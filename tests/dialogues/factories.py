import datetime

import factory
from factory.django import DjangoModelFactory

from dialogues.models import BarometerStatement, DialogueEvent, Note, Topic
from organisations.models import Theme


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Tema {n}")
    slug = factory.Sequence(lambda n: f"tema-{n}")


class EventFactory(DjangoModelFactory):
    class Meta:
        model = DialogueEvent

    title = factory.Sequence(lambda n: f"Dialogmöte {n}")
    slug = factory.Sequence(lambda n: f"dialogmote-{n}")
    kind = DialogueEvent.Kind.DIALOGUE_MEETING
    date = datetime.date(2024, 5, 14)
    is_published = True


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Ämne {n}")
    position = factory.Sequence(lambda n: n)


class NoteFactory(DjangoModelFactory):
    class Meta:
        model = Note

    topic = factory.SubFactory(TopicFactory)
    text = factory.Sequence(lambda n: f"Anteckning {n}")
    position = factory.Sequence(lambda n: n)


class StatementFactory(DjangoModelFactory):
    class Meta:
        model = BarometerStatement

    event = factory.SubFactory(EventFactory)
    statement = factory.Sequence(lambda n: f"Påstående {n}")
    status = BarometerStatement.Status.OPEN


def many_notes(topics, count):
    """`count` notes spread over the topics, every third one nested: bulk, fast."""
    notes = []
    for i in range(count):
        notes.append(Note(topic=topics[i % len(topics)], text=f"Anteckning **{i}**", position=i))
    Note.objects.bulk_create(notes, batch_size=1000)
    children = list(notes[1::3])
    for parent, child in zip(notes[::3], children, strict=False):
        if parent.topic_id == child.topic_id:
            child.parent = parent
    Note.objects.bulk_update(children, ["parent"], batch_size=1000)
