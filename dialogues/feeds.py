"""The Atom feed of published dialogue events, newest first (beside the minutes' feed)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import DialogueEvent


class DialogueEventFeed(Feed):
    feed_type = Atom1Feed
    title = _("Dialogue events – ÖK-portalen")
    subtitle = _("Open Space days, conferences and other dialogues, newest first.")

    def link(self):
        return reverse("dialogues:events")

    def items(self):
        return DialogueEvent.objects.published().order_by("-published_at", "-date")[:30]

    def item_title(self, event):
        return f"{event.title} ({event.date:%Y-%m-%d})"

    def item_description(self, event):
        return event.get_kind_display() + (f", {event.place}" if event.place else "")

    def item_pubdate(self, event):
        return event.published_at

    def item_updateddate(self, event):
        return event.updated_at
