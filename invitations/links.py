"""Signed links in mail that work without signing in: answering an invitation, adjusting minutes.

A link names one row (an invitation, an adjuster) and is signed with SECRET_KEY; whether it may
still be used (the meeting has not ended, the minutes still wait) is decided by the row, when the
link is opened, so the same link can be used again to change an answer."""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

ANSWER_SALT = "invitations.answer"
ADJUSTMENT_SALT = "invitations.adjustment"


class BadLink(Exception):
    """The link was tampered with, or names something that no longer exists."""


def make_token(salt: str, **values) -> str:
    return signing.dumps(values, salt=salt, compress=True)


def read_token(salt: str, token: str, *, max_age=None) -> dict:
    try:
        values = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature as error:  # SignatureExpired is one too
        raise BadLink(str(error)) from None
    if not isinstance(values, dict):
        raise BadLink("not a link of ours")
    return values


def site_link(view: str, token: str, language: str) -> str:
    """An absolute address on SITE_URL, in the recipient's language."""
    with translation.override(language):
        path = reverse(view, args=[token])
    return settings.SITE_URL + path


def answer_token(invitation) -> str:
    """Names the invitation and its meeting (m) or dialogue event (e)."""
    if invitation.meeting_id:
        return make_token(ANSWER_SALT, i=invitation.pk, m=invitation.meeting_id)
    return make_token(ANSWER_SALT, i=invitation.pk, e=invitation.event_id)


def answer_links(invitation) -> dict[str, str]:
    """The invitation's page, and one link per answer that opens it with the answer chosen."""
    token = answer_token(invitation)
    link = site_link("invitations:answer", token, invitation.language)
    return {
        "page": link,
        "yes": f"{link}?svar=yes",
        "no": f"{link}?svar=no",
        "maybe": f"{link}?svar=maybe",
    }


def adjustment_link(adjuster) -> str:
    token = make_token(ADJUSTMENT_SALT, a=adjuster.pk, m=adjuster.meeting_id)
    return site_link("invitations:adjust", token, adjuster.language)
