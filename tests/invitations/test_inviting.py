import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from invitations import inviting
from invitations.models import Invitation
from okportal.models import OutgoingMail
from tests.agreements.factories import AgendaItemFactory, MeetingFactory

from .conftest import calendar_of, flush, parse


def reasons(preview):
    return {(left.who, str(left.reason)) for left in preview.left_out}


def test_the_preview_lists_who_is_invited_and_who_is_left_out_and_why(meeting, group):
    Invitation.objects.create(meeting=meeting, email="gammal@example.org")
    result = inviting.preview(
        meeting,
        groups=[group],
        emails=["Gammal@example.org", "inte en adress", "gast@example.org"],
    )
    assert [r.email for r in result.recipients] == [
        "anna@example.org",
        "brev@example.org",
        "gast@example.org",
    ]
    assert result.by_language() == {"sv": 2, "en": 1}
    assert reasons(result) == {
        ("Föreningen Tyst", "ingen e-postadress"),
        ("inte en adress", "inte en e-postadress"),
        ("Gammal@example.org", "redan inbjuden"),
    }
    samples = {s["language"]: s for s in result.samples()}
    assert samples["sv"]["subject"].startswith("Inbjudan: Höstmöte")
    assert samples["en"]["subject"].startswith("Invitation: Höstmöte")
    assert not OutgoingMail.objects.exists()


def test_inviting_sends_one_mail_each_and_again_only_to_new_people(meeting, group, mailoutbox):
    sent = inviting.invite(meeting, groups=[group])
    assert len(sent.recipients) == 2
    again = inviting.invite(meeting, groups=[group], emails=["ny@example.org"])
    assert [r.email for r in again.recipients] == ["ny@example.org"]
    assert flush() == 3
    assert sorted(m.to[0] for m in mailoutbox) == [
        "anna@example.org",
        "brev@example.org",
        "ny@example.org",
    ]
    assert inviting.invite(meeting, groups=[group]).recipients == []
    assert flush() == 0
    assert Invitation.objects.filter(meeting=meeting).count() == 3


def test_the_invitation_reads_right_in_the_recipients_language(meeting, group, mailoutbox):
    AgendaItemFactory(meeting=meeting, number=1, title="Nära vård")
    inviting.invite(meeting, groups=[group])
    flush()
    by_address = {m.to[0]: parse(m.message().as_bytes()) for m in mailoutbox}
    swedish, english = by_address["anna@example.org"], by_address["brev@example.org"]
    assert swedish.subject.startswith("Inbjudan: Höstmöte")
    assert english.subject.startswith("Invitation: Höstmöte")
    text = swedish.get_body(("plain",)).get_content()
    assert "Hej Anna Ek," in text
    assert "Residenset, Karlstad" in text and "§1 Nära vård" in text
    assert "http://testserver/svar/" in text or "/svar/" in text
    html = swedish.get_body(("html",)).get_content()
    assert "Ja, jag kommer</a>" in html
    assert "/en/svar/" in english.get_body(("plain",)).get_content()
    calendar = calendar_of(swedish)
    assert "METHOD:REQUEST" in calendar
    assert f"UID:meeting-{meeting.pk}@" in calendar
    assert "SEQUENCE:0" in calendar
    assert "mailto:anna@example.org" in calendar
    # The group's name is in the title already: it is not added again.
    assert "SUMMARY:Höstmöte (Arbetsgruppen" in calendar


def test_a_title_that_names_the_group_is_not_doubled(group, mailoutbox):
    meeting = MeetingFactory(group=group, title="Arbetsgruppen för folkhälsa, möte 3")
    inviting.invite(meeting, emails=["a@example.org"])
    flush()
    message = parse(mailoutbox[0].message().as_bytes())
    assert "(Arbetsgruppen" not in message.subject
    assert "SUMMARY:Arbetsgruppen för folkhälsa\\, möte 3\r\n" in calendar_of(message)


def test_a_group_nobody_can_be_reached_in_says_so(meeting):
    from tests.organisations.factories import (
        MembershipFactory,
        OrganisationFactory,
        WorkingGroupFactory,
    )

    silent = WorkingGroupFactory()
    MembershipFactory(group=silent, organisation=OrganisationFactory(name="Ingen"))
    result = inviting.preview(meeting, groups=[silent])
    assert result.recipients == []
    assert reasons(result) == {("Ingen", "ingen e-postadress")}


def test_a_past_or_cancelled_meeting_cannot_be_invited_to(meeting, group):
    meeting.status = meeting.Status.CANCELLED
    meeting.save()
    with pytest.raises(inviting.InvitationError):
        inviting.preview(meeting, groups=[group])


def test_a_meeting_that_moves_sends_an_update_and_a_cancellation_cancels(
    meeting, group, mailoutbox
):
    inviting.invite(meeting, groups=[group])
    flush()
    mailoutbox.clear()
    meeting.starts_at += datetime.timedelta(days=1)
    meeting.ends_at += datetime.timedelta(days=1)
    meeting.save()
    assert inviting.notify_change("meeting", meeting.pk) == 2
    assert inviting.notify_change("meeting", meeting.pk) == 0  # once per change
    flush()
    update = parse(mailoutbox[0].message().as_bytes())
    assert update.subject.startswith(("Ändrat: Höstmöte", "Changed: Höstmöte"))
    assert "SEQUENCE:1" in calendar_of(update) and "METHOD:REQUEST" in calendar_of(update)
    mailoutbox.clear()
    meeting.status = meeting.Status.CANCELLED
    meeting.save()
    assert inviting.notify_change("meeting", meeting.pk) == 2
    flush()
    cancel = parse(mailoutbox[0].message().as_bytes())
    assert "METHOD:CANCEL" in calendar_of(cancel) and "SEQUENCE:2" in calendar_of(cancel)
    assert "STATUS:CANCELLED" in calendar_of(cancel)


def test_the_meeting_saved_in_the_admin_queues_the_update_after_commit(
    meeting, group, django_capture_on_commit_callbacks
):
    inviting.invite(meeting, groups=[group])
    with django_capture_on_commit_callbacks() as callbacks:
        meeting.place = "Bibliotek"
        meeting.save()
    assert [c for c in callbacks if "_notify_after_commit" in c.__qualname__]


def test_the_command_prints_the_preview_and_sends_nothing_on_a_dry_run(meeting, group, capsys):
    call_command("invite", meeting.slug, "--group", group.slug, "--email", "x", "--dry-run")
    out = capsys.readouterr().out
    assert "2 would be invited" in out
    assert "anna@example.org" in out and "left out: x" in out
    assert not Invitation.objects.exists()
    call_command("invite", meeting.slug, "--group", group.slug)
    assert Invitation.objects.count() == 2
    assert OutgoingMail.objects.filter(template="invitations_invitation").count() == 2


def test_the_command_refuses_an_unknown_meeting(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("invite", "no-such-meeting", "--email", "a@example.org")


def test_invitations_after_the_meeting_are_refused(group):
    past = MeetingFactory(
        group=group,
        starts_at=timezone.now() - datetime.timedelta(days=3),
        ends_at=timezone.now() - datetime.timedelta(days=3, hours=-2),
    )
    with pytest.raises(inviting.InvitationError):
        inviting.invite(past, groups=[group])
