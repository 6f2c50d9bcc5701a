"""Choosing which mail to get: the one-click unsubscribe link every non-essential message
carries (List-Unsubscribe, RFC 8058, and a footer link), working without signing in.

A topic names a kind of mail: "minutes", "notices" (news of one's groups, such as requests to
join a group one chairs), "events" (invitations to dialogue events and their reminders),
"invitations:<group pk>", "reminders:<group pk>".
Mail without a topic (answers to one's own request, requests to adjust minutes) is essential and
carries no link."""

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .models import MailOptOut

SALT = "okportal.unsubscribe"
NOTICES_TOPIC = "notices"
EVENTS_TOPIC = "events"


def topic_for_group(kind: str, group) -> str:
    return f"{kind}:{group.pk}"


def describe(topic: str) -> str:
    from organisations.models import WorkingGroup

    kind, _sep, group_id = topic.partition(":")
    group = WorkingGroup.objects.filter(pk=group_id).first() if group_id.isdigit() else None
    if kind == "minutes":
        return _("minutes of meetings")
    if kind == NOTICES_TOPIC:
        return _("notices about your groups, such as requests to join a group you chair")
    if kind == EVENTS_TOPIC:
        return _("invitations to dialogue events and their reminders")
    if kind == "invitations" and group:
        return _("invitations to the meetings of %(group)s") % {"group": group.name}
    if kind == "reminders" and group:
        return _("reminders of the meetings of %(group)s") % {"group": group.name}
    return topic


def link(address: str, topic: str, language: str) -> str:
    token = signing.dumps({"e": address, "t": topic}, salt=SALT, compress=True)
    with translation.override(language):
        return settings.SITE_URL + reverse("unsubscribe", args=[token])


def read(token: str) -> tuple[str, str]:
    """The address and topic of a link; BadSignature when it was tampered with."""
    values = signing.loads(token, salt=SALT)
    return values["e"], values["t"]


def headers(url: str) -> dict:
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def opt_out(address: str, topic: str) -> None:
    try:
        with transaction.atomic():
            MailOptOut.objects.create(email=address, topic=topic)
    except IntegrityError:
        pass  # already unsubscribed: the same link used twice


def opt_in(address: str, topic: str) -> None:
    MailOptOut.objects.filter(email__iexact=address, topic=topic).delete()


def topics_for(user) -> list[str]:
    """The kinds of mail a signed-in person may get: minutes, notices, dialogue events, and the
    invitations and reminders of each group their organisations are active members of."""
    from organisations.models import WorkingGroup

    groups = (
        WorkingGroup.objects.filter(
            memberships__status="active", memberships__organisation__representatives__user=user
        )
        .distinct()
        .alphabetical()
    )
    topics = ["minutes", NOTICES_TOPIC, EVENTS_TOPIC]
    for group in groups:
        topics += [topic_for_group("invitations", group), topic_for_group("reminders", group)]
    return topics
