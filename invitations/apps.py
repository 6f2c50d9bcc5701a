from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


def _notify_after_commit(kind: str, pk: int) -> None:
    from .tasks import notify_change

    transaction.on_commit(lambda: notify_change.delay(kind, pk))


def meeting_saved(sender, instance, created, **kwargs):
    """A saved meeting whose calendar changed (SEQUENCE grew): tell those invited, after the
    commit, from a worker (which sends nothing when no invitation is behind)."""
    if not created and instance.sequence and instance.invitations.exists():
        _notify_after_commit("meeting", instance.pk)


def event_saved(sender, instance, created, **kwargs):
    """A dialogue event, or its plan, saved: when its calendar changed since people were
    invited (SEQUENCE grew), tell them, likewise."""
    from .models import MeetingPlan
    from .occasions import Occasion

    event = instance.event if isinstance(instance, MeetingPlan) else instance
    if event is not None and Occasion.of(event).record_change() and event.invitations.exists():
        _notify_after_commit("event", event.pk)


class InvitationsConfig(AppConfig):
    name = "invitations"
    verbose_name = _("Invitations")

    def ready(self):
        post_save.connect(meeting_saved, sender="agreements.Meeting")
        post_save.connect(event_saved, sender="dialogues.DialogueEvent")
        post_save.connect(event_saved, sender="invitations.MeetingPlan")
