"""sitemap.xml: every public page in both languages (Swedish at the root, English under /en/),
with the addresses from SITE_URL; robots.txt points to it."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = 5000

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class Pages(PortalSitemap):
    changefreq = "weekly"

    def items(self):
        return ["home", "agreements:agreement", "agreements:principles", "agreements:versions",
                "agreements:signatories", "organisations:directory", "organisations:groups",
                "dialogues:events", "agreements:meeting_list", "search:themes", "api:overview",
                "accessibility", "privacy"]  # fmt: skip

    def location(self, item):
        return reverse(item)


class Organisations(PortalSitemap):
    def items(self):
        from organisations.models import Organisation

        return Organisation.objects.public().alphabetical().only("slug")


class Groups(PortalSitemap):
    def items(self):
        from organisations.models import WorkingGroup

        return WorkingGroup.objects.active().alphabetical().only("slug")


class DialogueEvents(PortalSitemap):
    def items(self):
        from dialogues.models import DialogueEvent

        return DialogueEvent.objects.published().order_by("-date", "pk").only("slug", "updated_at")

    def lastmod(self, event):
        return event.updated_at


class Topics(PortalSitemap):
    def items(self):
        from dialogues.models import Topic

        return Topic.objects.public().select_related("event").only("event__slug").order_by("pk")


class Meetings(PortalSitemap):
    def items(self):
        from agreements.models import Meeting

        return Meeting.objects.with_published_minutes().only("slug", "updated_at").order_by("pk")

    def lastmod(self, meeting):
        return meeting.updated_at


class Themes(PortalSitemap):
    def items(self):
        from organisations.models import Theme

        return Theme.objects.only("slug")


SITEMAPS = {
    "pages": Pages,
    "organisations": Organisations,
    "groups": Groups,
    "dialogues": DialogueEvents,
    "topics": Topics,
    "meetings": Meetings,
    "themes": Themes,
}
