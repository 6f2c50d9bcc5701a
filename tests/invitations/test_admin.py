from agreements.models import Attendance
from invitations.models import Invitation
from okportal.models import OutgoingMail
from tests.organisations.factories import CoordinatorFactory


def test_a_coordinator_previews_then_sends_from_the_admin(client, meeting, group):
    client.force_login(CoordinatorFactory())
    url = f"/admin/invitations/invitation/invite/meeting/{meeting.pk}/"
    assert client.get(url).status_code == 200
    data = {"groups": [group.pk], "emails": "gast@example.org, fel-adress"}
    html = client.post(url, {**data, "preview": "1"}).content.decode()
    assert "3 personer bjuds in." in html
    assert "Föreningen Tyst" in html and "ingen e-postadress" in html
    assert "fel-adress" in html and "inte en e-postadress" in html
    assert "Inbjudan: Höstmöte" in html and "Invitation: Höstmöte" in html
    assert not OutgoingMail.objects.exists()
    response = client.post(url, {**data, "send": "1"})
    assert response.status_code == 302
    assert OutgoingMail.objects.filter(template="invitations_invitation").count() == 3
    again = client.post(url, {**data, "preview": "1"}).content.decode()
    assert "Ingen kan bjudas in" in again and "redan inbjuden" in again


def test_nothing_chosen_is_explained(client, meeting):
    client.force_login(CoordinatorFactory())
    url = f"/admin/invitations/invitation/invite/meeting/{meeting.pk}/"
    html = client.post(url, {"preview": "1"}).content.decode()
    assert "Välj en grupp, en organisation eller en adress att bjuda in." in html


def test_the_meeting_page_counts_the_answers_and_names_who_has_not_answered(client, meeting, group):
    from invitations import inviting

    inviting.invite(meeting, groups=[group])
    Invitation.objects.filter(email="anna@example.org").update(answer="yes", note="sen")
    client.force_login(CoordinatorFactory())
    html = client.get(f"/admin/agreements/meeting/{meeting.pk}/change/").content.decode()
    assert "<li>Ja, jag kommer: 1</li>" in html
    assert "<li>Inte svarat: 1</li>" in html
    assert "Inte svarat: Föreningen Brev" in html


def test_the_answers_feed_the_attendance_of_the_minutes(client, meeting, group):
    from invitations import attendance, inviting

    inviting.invite(meeting, groups=[group], emails=["gast@example.org"])
    Invitation.objects.filter(email="anna@example.org").update(answer="yes")
    Invitation.objects.filter(email="brev@example.org").update(answer="no")
    assert attendance.from_answers(meeting) == 2
    assert attendance.from_answers(meeting) == 0
    rows = {a.email: a for a in meeting.attendances.all()}
    assert rows["anna@example.org"].status == Attendance.Status.ATTENDING
    assert rows["anna@example.org"].person == ""  # no consent to be shown by name
    assert rows["brev@example.org"].status == Attendance.Status.ABSENT
    assert "gast@example.org" not in rows


def test_other_staff_without_the_permission_cannot_invite(client, meeting):
    from tests.organisations.factories import UserFactory

    client.force_login(UserFactory(is_staff=True))
    url = f"/admin/invitations/invitation/invite/meeting/{meeting.pk}/"
    assert client.get(url).status_code == 403


def test_the_outbox_admin_filters_by_state_and_kind_and_retries_failed_rows(client, db):
    failed = OutgoingMail.objects.create(
        key="k", template="invitations_invitation", recipient="a@example.org", subject="s",
        body_text="b", status=OutgoingMail.Status.FAILED, attempts=30,
        last_error="gave up after 30 attempts: 421",
    )  # fmt: skip
    OutgoingMail.objects.create(
        key="k", template="invitations_reminder", recipient="b@example.org", subject="s",
        body_text="b", status=OutgoingMail.Status.SENT,
    )  # fmt: skip
    client.force_login(CoordinatorFactory())
    url = "/admin/okportal/outgoingmail/"
    html = client.get(url, {"status__exact": "failed"}).content.decode()
    assert "a@example.org" in html and "b@example.org" not in html
    assert "gave up after 30 attempts: 421" in html
    html = client.get(url, {"template": "invitations_reminder"}).content.decode()
    assert "b@example.org" in html and "a@example.org" not in html
    response = client.post(url, {"action": "retry", "_selected_action": [failed.pk]}, follow=True)
    assert "1 brev står i kö igen." in response.content.decode()
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (OutgoingMail.Status.QUEUED, 0)
