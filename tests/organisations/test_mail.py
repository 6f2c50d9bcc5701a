"""Each e-mail of the app, rendered in both languages, in both parts."""

import pytest

from okportal.mail import render_mail
from organisations.models import Invitation, Membership

from .factories import MembershipFactory, OrganisationFactory, WorkingGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contexts(db):
    organisation = OrganisationFactory(name="Föreningen Ö & Co", slug="foreningen-o-co")
    group = WorkingGroupFactory(name="Referensgruppen", slug="referensgruppen")
    active = MembershipFactory(group=group, organisation=organisation, motivation="För att.")
    declined = MembershipFactory(group=group, status=Membership.Status.DECLINED, reason="Full.")
    invitation = Invitation.objects.create(organisation=organisation, email="a@example.org")
    return {
        "organisations_pending": {"organisation": organisation, "registered_by": "k@example.org"},
        "organisations_decision": {"organisation": organisation},
        "organisations_invitation": {
            "organisation": organisation,
            "invitation": invitation,
            "invited_by": organisation,
        },
        "organisations_join_request": {
            "membership": active,
            "group": group,
            "organisation": organisation,
        },
        "organisations_join_decision": {"membership": active, "group": group},
        "declined": {"membership": declined, "group": group},
    }


EXPECTED = {
    "organisations_pending": ("Ny organisation väntar", "New organisation waits"),
    "organisations_decision": ("är godkänd", "is approved"),
    "organisations_invitation": ("Du är inbjuden", "You are invited"),
    "organisations_join_request": ("ansöker om att gå med", "asks to join"),
    "organisations_join_decision": ("är nu med i", "is now a member of"),
}


@pytest.mark.parametrize("template", EXPECTED)
@pytest.mark.parametrize("language", ["sv", "en"])
def test_each_mail_renders_in_both_languages_and_parts(contexts, template, language):
    subject, text, html = render_mail(template, contexts[template], language)
    expected = EXPECTED[template][0 if language == "sv" else 1]
    assert expected in subject
    assert "\n" not in subject
    assert "&amp;" not in subject and "&amp;" not in text  # text parts are not HTML-escaped
    assert "Ö & Co" in subject + text or template.endswith("join_decision")
    assert "<" not in text
    assert html.strip().startswith("<p>")
    assert ("&amp;" in html) or "Ö & Co" not in html


def test_a_declined_request_says_so(contexts):
    subject, text, html = render_mail("organisations_join_decision", contexts["declined"], "sv")
    assert subject == "Din ansökan om att gå med i Referensgruppen"
    assert "avslogs" in text
    assert "Full." in html
