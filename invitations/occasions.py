"""What people are invited to: a group's meeting or a dialogue event. Inviting, answering,
reminding and the calendar files see both the same way, through an Occasion.

A meeting keeps its own times, status and calendar SEQUENCE (agreements.Meeting). A dialogue
event has a date only; its plan (MeetingPlan with `event`) adds the hours, an online link,
whether it is cancelled, and the SEQUENCE, which grows when any of its calendar fields changes
after the first invitation (`record_change`)."""

from __future__ import annotations

import datetime
import json
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from icalendar import Event

from agreements.calendar import meeting_event, meeting_heading
from agreements.models import Meeting
from dialogues.models import DialogueEvent
from okportal.unsubscribe import EVENTS_TOPIC, topic_for_group

from .models import OCCASION_FIELD, MeetingPlan


class Occasion:
    """A meeting or a dialogue event; `target` is the row."""

    kind = ""  # "meeting" or "event", the field of Invitation that points at it
    model: type
    related: tuple[str, ...]  # what loading one selects with it

    def __init__(self, target):
        self.target = target

    @staticmethod
    def of(thing) -> Occasion:
        """The occasion of a Meeting or DialogueEvent (an Occasion is returned as it is)."""
        if isinstance(thing, Occasion):
            return thing
        return KINDS[OCCASION_FIELD[thing._meta.label]](thing)

    @staticmethod
    def load(kind: str, pk: int, lock: bool = False) -> Occasion:
        """From a task's arguments; `lock` takes the row's lock for the transaction."""
        cls = KINDS[kind]
        rows = cls.model.objects.select_related(*cls.related)
        if lock:
            rows = rows.select_for_update(of=("self",))
        return cls(rows.get(pk=pk))

    def locked(self) -> Occasion:
        return self.load(self.kind, self.pk, lock=True)

    @property
    def pk(self) -> int:
        return self.target.pk

    @property
    def title(self) -> str:
        return self.target.title

    @property
    def place(self) -> str:
        return self.target.place

    @property
    def plan(self) -> MeetingPlan:
        return MeetingPlan.of(self.target)

    @property
    def invitations(self):
        return self.target.invitations

    def invitation_fields(self) -> dict:
        """The invitation's field that points here: {"meeting": …} or {"event": …}."""
        return {self.kind: self.target}

    def mail_key(self, occasion: str, *parts) -> str:
        """The outbox's occasion key; a meeting's keys are those it always had."""
        name = str(self.pk) if self.kind == "meeting" else f"event-{self.pk}"
        return ":".join(["invitations", occasion, name, *map(str, parts)])

    def get_absolute_url(self) -> str:
        return self.target.get_absolute_url()

    @property
    def url(self) -> str:
        return settings.SITE_URL + self.get_absolute_url()

    @property
    def is_open(self) -> bool:
        """May be invited to, and answered: planned (not cancelled) and not ended."""
        return not self.is_cancelled and self.ends_at > timezone.now()


class MeetingOccasion(Occasion):
    kind = "meeting"
    model = Meeting
    related = ("group",)
    # what the mails and the answer page call it, in the recipient's language
    words = {
        "invited": _("You are invited to this meeting:"),
        "reminded": _("A reminder of the meeting you are invited to:"),
        "changed": _("The meeting you are invited to has changed. This is how it is now:"),
        "calendar_adds": _("The attached calendar file adds the meeting to your calendar."),
        "calendar_updates": _("The attached calendar file updates the meeting in your calendar."),
        "calendar_removes": _("The attached calendar file removes the meeting from your calendar."),
        "answer_until": _("The same links change your answer until the meeting ends."),
        "about": _("About the meeting"),
    }

    starts_at = property(lambda self: self.target.starts_at)
    ends_at = property(lambda self: self.target.ends_at)
    online_url = property(lambda self: self.target.online_url)
    sequence = property(lambda self: self.target.sequence)
    is_cancelled = property(lambda self: self.target.is_cancelled)
    group = property(lambda self: self.target.group)

    @property
    def is_open(self) -> bool:
        return self.target.status == Meeting.Status.PLANNED and super().is_open

    @property
    def heading(self) -> str:
        return meeting_heading(self.target)

    def agenda(self) -> list[str]:
        return [item.title for item in self.target.items.all()]

    def topic(self, kind: str) -> str:
        """The mail preference its invitations ("invitations") or reminders ("reminders")
        fall under: those of the meeting's group."""
        return topic_for_group(kind, self.target.group)

    def calendar_event(self) -> Event:
        return meeting_event(self.target)

    def settle_plan(self) -> None:
        """A meeting keeps its calendar itself: its plan has nothing to settle."""


class EventOccasion(Occasion):
    kind = "event"
    model = DialogueEvent
    related = ("plan",)
    group = None
    words = {
        "invited": _("You are invited to this dialogue event:"),
        "reminded": _("A reminder of the dialogue event you are invited to:"),
        "changed": _("The dialogue event you are invited to has changed. This is how it is now:"),
        "calendar_adds": _("The attached calendar file adds the event to your calendar."),
        "calendar_updates": _("The attached calendar file updates the event in your calendar."),
        "calendar_removes": _("The attached calendar file removes the event from your calendar."),
        "answer_until": _("The same links change your answer until the event ends."),
        "about": _("About the dialogue event"),
    }

    def _at(self, time: datetime.time) -> datetime.datetime:
        return datetime.datetime.combine(
            self.target.date, time, tzinfo=ZoneInfo(settings.TIME_ZONE)
        )

    starts_at = property(lambda self: self._at(self.plan.starts_time))
    ends_at = property(lambda self: self._at(self.plan.ends_time))
    online_url = property(lambda self: self.plan.online_url)
    sequence = property(lambda self: self.plan.sequence)
    is_cancelled = property(lambda self: self.plan.cancelled)
    updated_at = property(lambda self: self.target.updated_at)
    heading = property(lambda self: self.target.title)  # an event belongs to no group

    @property
    def calendar_uid(self) -> str:
        return f"dialogue-event-{self.pk}@{urlsplit(settings.SITE_URL).hostname or 'okportal'}"

    def agenda(self) -> list[str]:
        return []

    @property
    def url(self) -> str:
        """The event's page, once it is published (before, it is not public)."""
        return super().url if self.target.is_published else ""

    def topic(self, kind: str) -> str:
        """Invitations and reminders of dialogue events are one preference."""
        return EVENTS_TOPIC

    def calendar_event(self) -> Event:
        return meeting_event(self)  # an occasion reads as a meeting: the same fields

    def calendar_state(self, plan: MeetingPlan) -> str:
        """The fields a calendar shows, as text: when they change, SEQUENCE grows."""
        fields = [self.target.date, plan.starts_time, plan.ends_time, self.target.place]
        fields += [plan.online_url, plan.cancelled, self.target.title]
        return json.dumps(fields, default=str)

    def record_change(self) -> bool:
        """After the event or its plan was saved: True when its calendar changed since the
        last time (SEQUENCE grew), False when nothing changed or it has no plan yet."""
        plan = MeetingPlan.objects.filter(event=self.target).first()  # as stored, not as cached
        if plan is None:
            return False
        self.target.plan = plan
        state = self.calendar_state(plan)
        if plan.calendar_state == state:
            return False
        grows = 1 if plan.calendar_state else 0
        MeetingPlan.objects.filter(pk=plan.pk).update(
            calendar_state=state, sequence=F("sequence") + grows
        )
        plan.refresh_from_db(fields=["calendar_state", "sequence"])
        return bool(grows)

    def settle_plan(self) -> None:
        """Before the first invitation: the plan is stored with the calendar it describes."""
        MeetingPlan.objects.get_or_create(event=self.target)
        self.record_change()


KINDS = {"meeting": MeetingOccasion, "event": EventOccasion}
