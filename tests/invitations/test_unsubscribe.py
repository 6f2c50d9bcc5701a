import datetime
import re

from django.contrib.sites.models import Site

from invitations import inviting, reminders
from invitations.models import Invitation
from okportal.models import MailOptOut, OutgoingMail
from okportal.sites import sync_site
from tests.agreements.factories import MeetingFactory
from tests.organisations.factories import UserFactory

from .conftest import flush

DAY = datetime.timedelta(days=1)


def unsubscribe_path(mail) -> str:
    return re.search(r"https?://[^/\s]+(/(?:en/)?avregistrera/[^/\s]+/)", mail.body).group(1)


def test_invitations_carry_one_click_unsubscribe_headers_and_a_footer_link(
    meeting, group, mailoutbox
):
    inviting.invite(meeting, groups=[group])
    flush()
    mail = next(m for m in mailoutbox if m.to == ["anna@example.org"])
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = mail.extra_headers["List-Unsubscribe"]
    assert url.startswith("<http") and "/avregistrera/" in url
    assert unsubscribe_path(mail) in url
    html = mail.alternatives[0][0]
    assert "Vill du inte ha sådan här e-post?" in html


def test_a_one_click_post_unsubscribes_without_login_and_the_preview_says_so(
    client, meeting, group, mailoutbox
):
    inviting.invite(meeting, groups=[group])
    flush()
    mail = next(m for m in mailoutbox if m.to == ["anna@example.org"])
    path = unsubscribe_path(mail)
    page = client.get(path).content.decode()  # a scanner's GET changes nothing
    assert "inbjudningar till mötena i Arbetsgruppen för folkhälsa" in page
    assert not MailOptOut.objects.exists()
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert client.post(path).status_code == 200  # twice is fine
    assert MailOptOut.objects.get().email == "anna@example.org"
    later = MeetingFactory(
        group=group, starts_at=meeting.starts_at + DAY, ends_at=meeting.ends_at + DAY
    )
    result = inviting.preview(later, groups=[group])
    assert "anna@example.org" not in [r.email for r in result.recipients]
    assert ("Anna Ek", "vill inte ha inbjudningar till gruppens möten") in {
        (left.who, str(left.reason)) for left in result.left_out
    }


def test_reminders_respect_their_own_choice(meeting, group):
    from okportal.unsubscribe import opt_out, topic_for_group

    inviting.invite(meeting, groups=[group])
    opt_out("ANNA@example.org", topic_for_group("reminders", group))
    Invitation.objects.update(invited_at=meeting.starts_at - 9 * DAY)
    reminders.send_meeting_reminders(meeting.starts_at - 7 * DAY)
    reminded = OutgoingMail.objects.filter(template="invitations_reminder")
    assert list(reminded.values_list("recipient", flat=True)) == ["brev@example.org"]


def test_a_tampered_unsubscribe_link_is_refused(client, db):
    assert client.post("/avregistrera/nonsense/").status_code == 404
    assert not MailOptOut.objects.exists()


def test_the_person_chooses_on_their_own_page(client, meeting, group):
    anna = UserFactory._meta.model.objects.get(email="anna@example.org")
    client.force_login(anna)
    html = client.get("/utskick/").content.decode()
    assert "Minnesanteckningar från möten" in html
    assert "Påminnelser om mötena i Arbetsgruppen för folkhälsa" in html
    assert "Meddelanden om dina grupper" in html
    assert "Inbjudningar till dialogevenemang och påminnelser om dem" in html
    client.post("/utskick/", {"topic": ["minutes", "events", f"invitations:{group.pk}"]})
    assert set(MailOptOut.objects.values_list("topic", flat=True)) == {
        "notices",
        f"reminders:{group.pk}",
    }
    everything = ["minutes", "notices", "events", f"invitations:{group.pk}"]
    everything.append(f"reminders:{group.pk}")
    client.post("/utskick/", {"topic": everything})
    assert not MailOptOut.objects.exists()


def test_the_site_is_named_and_addressed_from_site_url(db, settings):
    settings.SITE_URL = "https://ok.example.org"
    sync_site()
    site = Site.objects.get_current()
    assert (site.domain, site.name) == ("ok.example.org", "ÖK-portalen")


def test_notices_to_a_chair_carry_the_link_and_respect_their_choice(db, mailoutbox):
    from okportal.unsubscribe import opt_out
    from organisations.groups import request_to_join
    from organisations.models import Membership
    from tests.organisations.factories import (
        MembershipFactory,
        OrganisationFactory,
        RepresentativeFactory,
        WorkingGroupFactory,
    )

    group = WorkingGroupFactory(name="Rådet")
    chair = RepresentativeFactory(user=UserFactory(email="ordf@example.org"))
    MembershipFactory(group=group, organisation=chair.organisation, role=Membership.Role.CHAIR)
    asking = [RepresentativeFactory(organisation=OrganisationFactory()) for _ in range(2)]
    request_to_join(group, asking[0])
    flush()
    (notice,) = [m for m in mailoutbox if m.to == ["ordf@example.org"]]
    assert notice.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/avregistrera/" in unsubscribe_path(notice)
    opt_out("ordf@example.org", "notices")
    request_to_join(group, asking[1])
    assert not OutgoingMail.objects.filter(
        recipient="ordf@example.org", key__endswith=str(group.memberships.last().pk)
    ).exists()
    assert OutgoingMail.objects.filter(template="organisations_join_request").count() == 1
