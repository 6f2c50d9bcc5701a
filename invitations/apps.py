from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


def meeting_saved(sender, instance, created, **kwargs):
    """A saved meeting whose calendar changed (SEQUENCE grew): tell those invited, after the
    commit, from a worker (which sends nothing when no invitation is behind)."""
    if not created and instance.sequence and instance.invitations.exists():
        from .tasks import notify_meeting_change

        transaction.on_commit(lambda: notify_meeting_change.delay(instance.pk))


class InvitationsConfig(AppConfig):
    name = "invitations"
    verbose_name = _("Invitations")

    def ready(self):
        post_save.connect(meeting_saved, sender="agreements.Meeting")
