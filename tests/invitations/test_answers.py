import datetime
import re

from django.utils import timezone

from invitations import inviting
from invitations.links import ADJUSTMENT_SALT, ANSWER_SALT, answer_token, make_token
from invitations.models import Answer, Invitation
from tests.organisations.factories import RepresentativeFactory, UserFactory

from .conftest import flush, link_in, plan


def invitation_link(meeting, group, mailoutbox, address="anna@example.org", answer="yes"):
    inviting.invite(meeting, groups=[group])
    flush()
    mail = next(m for m in mailoutbox if m.to == [address])
    return link_in(mail.body, answer)


def test_the_link_shows_a_page_and_changes_nothing_until_the_button(
    client, meeting, group, mailoutbox
):
    path = invitation_link(meeting, group, mailoutbox)
    response = client.get(path + "?svar=yes")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Höstmöte" in html and "Residenset, Karlstad" in html
    assert 'value="yes" checked' in html or 'checked value="yes"' in html or "checked" in html
    invitation = Invitation.objects.get(email="anna@example.org")
    assert invitation.answer == ""
    response = client.post(path, {"answer": "yes", "note": "kommer 10 min sent"}, follow=True)
    assert "Tack, ditt svar är sparat: Ja, jag kommer." in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.answer == Answer.YES and invitation.note == "kommer 10 min sent"
    assert invitation.answered_at is not None


def test_the_same_link_changes_the_answer_and_the_history_keeps_both(
    client, meeting, group, mailoutbox
):
    path = invitation_link(meeting, group, mailoutbox)
    client.post(path, {"answer": "yes"})
    client.post(path, {"answer": "no"})
    invitation = Invitation.objects.get(email="anna@example.org")
    assert invitation.answer == Answer.NO
    assert [h.answer for h in invitation.history.order_by("history_date")][-2:] == ["yes", "no"]


def test_a_tampered_link_gets_a_clear_page_and_changes_nothing(client, meeting, group, mailoutbox):
    path = invitation_link(meeting, group, mailoutbox)
    tampered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    response = client.post(tampered, {"answer": "yes"})
    assert response.status_code == 404
    assert "Länken går inte att använda" in response.content.decode()
    assert not Invitation.objects.exclude(answer="").exists()


def test_a_link_is_bound_to_its_recipient_and_meeting(client, meeting, group):
    inviting.invite(meeting, groups=[group])
    invitation = Invitation.objects.get(email="anna@example.org")
    assert client.get(f"/svar/{answer_token(invitation)}/").status_code == 200
    other_meeting = make_token(ANSWER_SALT, i=invitation.pk, m=meeting.pk + 1)
    assert client.get(f"/svar/{other_meeting}/").status_code == 404
    other_salt = make_token(ADJUSTMENT_SALT, i=invitation.pk, m=meeting.pk)
    assert client.get(f"/svar/{other_salt}/").status_code == 404


def test_after_the_meeting_the_link_says_so_and_records_nothing(client, meeting, group, mailoutbox):
    path = invitation_link(meeting, group, mailoutbox)
    type(meeting).objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    response = client.post(path, {"answer": "yes"})
    assert response.status_code == 410
    assert "Mötet är slut" in response.content.decode()
    assert Invitation.objects.get(email="anna@example.org").answer == ""


def test_an_english_link_answers_in_english(client, meeting, group, mailoutbox):
    path = invitation_link(meeting, group, mailoutbox, address="brev@example.org")
    assert path.startswith("/en/svar/")
    response = client.get(path)
    assert "Your answer" in response.content.decode()
    response = client.post(path, {"answer": "maybe"}, follow=True)
    assert "Thank you, your answer is saved: Maybe." in response.content.decode()


def test_a_bad_answer_is_explained_and_nothing_is_saved(client, meeting, group, mailoutbox):
    path = invitation_link(meeting, group, mailoutbox)
    response = client.post(path, {"answer": "kanske-ja", "note": "x" * 400})
    assert response.status_code == 200
    assert Invitation.objects.get(email="anna@example.org").answer == ""


def test_a_substitute_from_the_same_organisation_where_the_meeting_allows(
    client, meeting, group, mailoutbox
):
    plan(meeting, substitutes_allowed=True)
    invitation_path = invitation_link(meeting, group, mailoutbox)
    anna = Invitation.objects.get(email="anna@example.org")
    colleague = RepresentativeFactory(
        organisation=anna.organisation, user=UserFactory(first_name="Bo", last_name="Berg")
    )
    stranger = RepresentativeFactory()
    html = client.get(invitation_path).content.decode()
    assert "Bo Berg" in html and stranger.user.get_full_name() not in html
    response = client.post(invitation_path, {"answer": "yes", "substitute": stranger.pk})
    assert response.status_code == 200  # not a choice: the form says so
    client.post(invitation_path, {"answer": "yes", "substitute": colleague.pk})
    anna.refresh_from_db()
    assert anna.substitute == colleague


def test_without_substitutes_allowed_there_is_no_such_field(client, meeting, group, mailoutbox):
    path = invitation_link(meeting, group, mailoutbox)
    assert 'name="substitute"' not in client.get(path).content.decode()


def test_my_meetings_shows_coming_meetings_and_answers(client, meeting, group, mailoutbox):
    path = invitation_link(meeting, group, mailoutbox)
    client.post(path, {"answer": "maybe"})
    anna = Invitation.objects.get(email="anna@example.org").user
    client.force_login(anna)
    html = client.get("/mina-moten/").content.decode()
    assert "Höstmöte" in html and "Kanske" in html
    change = re.search(r'href="(/svar/[^"]+/)"', html).group(1)
    client.logout()
    client.post(change, {"answer": "yes"})
    assert Invitation.objects.get(email="anna@example.org").answer == "yes"


def test_my_meetings_needs_a_sign_in(client, db):
    assert client.get("/mina-moten/").status_code == 302
