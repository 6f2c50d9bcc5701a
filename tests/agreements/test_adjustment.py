"""Adjustment (justering) holds for the text that is published: approvals are withdrawn, and
recorded as such, when the minutes change; adjusters are asked by e-mail through the outbox."""

import pytest

from agreements import workflow
from agreements.models import AdjustmentApproval, Meeting
from okportal.mail import render_mail
from okportal.models import OutgoingMail

from .factories import AdjusterFactory, AgendaItemFactory, UserFactory
from .test_admin import change_data
from .test_meetings import held_meeting

pytestmark = pytest.mark.django_db


def adjusted_meeting(coordinator):
    """Held minutes with one item, approved by two adjusters."""
    meeting = held_meeting()
    item = AgendaItemFactory(meeting=meeting, minutes="Rådet diskuterade frågan.")
    for name in ("Per Persson", "Eva Ek"):
        workflow.record_approval(AdjusterFactory(meeting=meeting, name=name), by=coordinator)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.ADJUSTED
    return meeting, item


@pytest.mark.parametrize("field", ["minutes", "decision"])
def test_changing_the_text_withdraws_the_approvals_and_keeps_the_record(coordinator, field):
    meeting, item = adjusted_meeting(coordinator)
    setattr(item, field, "En ny lydelse.")
    item.save()
    withdrawn = workflow.minutes_changed(meeting, by=coordinator)

    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.IN_ADJUSTMENT
    assert meeting.minutes_revision == 1
    assert not meeting.adjusters.filter(approved_at__isnull=False).exists()
    approvals = AdjustmentApproval.objects.filter(adjuster__meeting=meeting)
    assert approvals.count() == 2
    for approval in approvals:
        assert approval.withdrawn_at and approval.recorded_by == coordinator
        assert approval.withdrawal_reason == AdjustmentApproval.Withdrawal.MINUTES_CHANGED
        assert approval.minutes_revision == 0
    assert withdrawn == ["Eva Ek", "Per Persson"]


def test_an_unrelated_change_in_the_admin_keeps_the_approvals(client, coordinator):
    client.force_login(coordinator)
    meeting, item = adjusted_meeting(coordinator)
    data = change_data(meeting, items=[{"presenter": "Anna Andersson", "title": "Ny rubrik"}])
    response = client.post(f"/admin/agreements/meeting/{meeting.pk}/change/", data)
    assert response.status_code == 302

    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.ADJUSTED
    assert meeting.minutes_revision == 0
    assert not AdjustmentApproval.objects.filter(withdrawn_at__isnull=False).exists()


def test_publishing_is_refused_until_the_new_text_is_approved(coordinator):
    meeting, item = adjusted_meeting(coordinator)
    item.minutes = "Rådet beslutade något annat."
    item.save()
    workflow.minutes_changed(meeting, by=coordinator)

    with pytest.raises(workflow.WorkflowError, match="Per Persson, Eva Ek"):
        workflow.publish(meeting, by=coordinator)
    assert workflow.why_not(meeting, "publish") == (
        "Minnesanteckningarna väntar på justering av: Per Persson, Eva Ek."
    )

    for adjuster in meeting.adjusters.all():
        workflow.record_approval(adjuster, by=coordinator)
    workflow.publish(meeting, by=coordinator)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED
    current = AdjustmentApproval.objects.filter(withdrawn_at__isnull=True)
    assert {a.minutes_revision for a in current} == {1}
    assert AdjustmentApproval.objects.count() == 4


def test_the_admin_withdraws_the_approvals_and_says_so(client, coordinator):
    client.force_login(coordinator)
    meeting, item = adjusted_meeting(coordinator)
    data = change_data(meeting, items=[{"minutes": "Ändrad text."}])
    response = client.post(f"/admin/agreements/meeting/{meeting.pk}/change/", data, follow=True)
    html = response.content.decode()

    assert "justeringarna av Eva Ek, Per Persson är återkallade" in html
    html = client.get(f"/admin/agreements/meeting/{meeting.pk}/change/").content.decode()
    assert "Justeringar återkallade:" in html
    assert "anteckningarna ändrades" in html  # the reason in the record of the adjustment
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.IN_ADJUSTMENT


def test_an_approval_in_the_admin_is_recorded_and_undoing_it_is_kept(client, coordinator):
    client.force_login(coordinator)
    meeting = held_meeting()
    AgendaItemFactory(meeting=meeting)
    adjuster = AdjusterFactory(meeting=meeting, name="Eva Ek")
    row = {"adjusters-TOTAL_FORMS": 1, "adjusters-INITIAL_FORMS": 1,
           "adjusters-0-id": adjuster.pk, "adjusters-0-name": "Eva Ek",
           "adjusters-0-language": "sv", "adjusters-0-meeting": meeting.pk}  # fmt: skip
    url = f"/admin/agreements/meeting/{meeting.pk}/change/"
    client.post(url, change_data(meeting, **row, **{"adjusters-0-approved": "on"}))
    meeting.refresh_from_db()
    client.post(url, change_data(meeting, **row))

    approval = AdjustmentApproval.objects.get(adjuster=adjuster)
    assert approval.recorded_by == coordinator
    assert approval.withdrawal_reason == AdjustmentApproval.Withdrawal.UNDONE
    assert approval.withdrawn_by == coordinator


def ready_for_adjustment():
    meeting = held_meeting(status=Meeting.Status.HELD)
    AgendaItemFactory(meeting=meeting, minutes="Rådet diskuterade frågan.", decision="Bifall.")
    AdjusterFactory(meeting=meeting, name="Per Persson", email="per@example.org")
    AdjusterFactory(
        meeting=meeting, name="Eva Ek", user=UserFactory(email="eva@example.org"), language="en"
    )
    AdjusterFactory(meeting=meeting, name="Utan Adress")
    return meeting


def test_the_adjustment_request_goes_through_the_outbox_once_per_request(
    client, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    meeting = ready_for_adjustment()
    url = f"/admin/agreements/meeting/{meeting.pk}/request-adjustment/"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(url, follow=True)
        client.post(url)  # a double click
    html = response.content.decode()
    assert "2 justerare har ombetts per e-post att justera minnesanteckningarna" in html
    assert "ingen e-postadress för Utan Adress" in html
    mails = OutgoingMail.objects.filter(key__startswith=f"agreements:adjustment:{meeting.pk}:")
    assert sorted(mails.values_list("recipient", flat=True)) == [
        "eva@example.org",
        "per@example.org",
    ]
    assert sum("send_mail" in repr(callback) for callback in callbacks) == 2
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.IN_ADJUSTMENT and meeting.adjustment_requested_at

    swedish = mails.get(recipient="per@example.org")
    assert swedish.subject.startswith("Justera minnesanteckningarna: Rådets möte")
    assert "Hej Per Persson," in swedish.body_text
    assert "Läs dem och svara här, utan att logga in: http" in swedish.body_text
    assert "/justera/" in swedish.body_text
    assert "Rådet diskuterade frågan." in swedish.body_html
    english = mails.get(recipient="eva@example.org")
    assert english.subject.startswith("Please adjust the minutes: Rådets möte")
    assert "Hello Eva Ek," in english.body_text
    assert 'href="http' in english.body_html and "/en/justera/" in english.body_html

    # After a change the request goes out again; only to those who have not approved.
    workflow.record_approval(meeting.adjusters.get(name="Eva Ek"), by=coordinator)
    client.post(
        f"/admin/agreements/meeting/{meeting.pk}/change/",
        change_data(meeting, items=[{"minutes": "Rådet diskuterade frågan utförligt."}]),
    )
    client.post(url)
    assert mails.filter(recipient="per@example.org").count() == 2
    assert mails.filter(recipient="eva@example.org").count() == 2  # her approval was withdrawn


def test_the_changelist_action_sends_for_adjustment(client, coordinator):
    client.force_login(coordinator)
    meeting = ready_for_adjustment()
    client.post(
        "/admin/agreements/meeting/",
        {"action": "send_for_adjustment", "_selected_action": [meeting.pk]},
    )
    assert OutgoingMail.objects.filter(key__startswith="agreements:adjustment:").count() == 2


def test_adjusted_or_empty_minutes_are_not_sent_for_adjustment(coordinator):
    meeting, _item = adjusted_meeting(coordinator)
    with pytest.raises(workflow.WorkflowError):
        workflow.send_for_adjustment(meeting, by=coordinator)
    empty = held_meeting(starts_at=meeting.starts_at.replace(year=meeting.starts_at.year - 1))
    AdjusterFactory(meeting=empty, email="per@example.org")
    with pytest.raises(workflow.WorkflowError):
        workflow.send_for_adjustment(empty, by=coordinator)
    assert not OutgoingMail.objects.exists()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_request_mail_renders_in_both_languages(language):
    context = {
        "meeting_title": "Rådets möte",
        "heading": "Rådets möte",
        "date": None,
        "items": [{"number": 1, "title": "Nära vård", "minutes": "<b>x</b>", "decision": ""}],
        "link": "https://example.org/justera/abc/",
        "adjuster_name": "Eva Ek",
    }
    subject, text, html = render_mail(workflow.REQUEST_TEMPLATE, context, language)
    expected = {
        "sv": "Läs dem och svara här, utan att logga in:",
        "en": "Read them and answer here, without signing in:",
    }
    assert expected[language] in text and expected[language] in html
    link = "https://example.org/justera/abc/"
    assert link in text and f'href="{link}"' in html
    assert "§1 Nära vård" in text and "&lt;b&gt;x&lt;/b&gt;" in html
    assert subject and "\n" not in subject
