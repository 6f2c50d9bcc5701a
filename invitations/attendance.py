"""The answers feed the meeting's attendance, which the minutes show (who was there)."""

from django.db import transaction

from agreements.models import Attendance, Meeting
from organisations.models import Representative

from .models import Answer

STATUS = {
    Answer.YES: Attendance.Status.ATTENDING,
    Answer.NO: Attendance.Status.ABSENT,
    Answer.MAYBE: Attendance.Status.INVITED,
    "": Attendance.Status.INVITED,
}


def from_answers(meeting: Meeting) -> int:
    """Add an attendance row for each invited organisation's person not yet in the list (the
    substitute, where one was named). A person's name is added only where they consented to be
    shown publicly; guests without an organisation are left to the coordinator. Returns how
    many rows were added."""
    with transaction.atomic():
        listed = {a.email.lower() for a in meeting.attendances.all() if a.email}
        consenting = set(
            Representative.objects.shown_publicly()
            .filter(organisation__meeting_invitations__meeting=meeting)
            .values_list("user_id", "organisation_id")
        )
        added = []
        for invitation in meeting.invitations.filter(organisation__isnull=False).select_related(
            "substitute__user"
        ):
            person = invitation.substitute.user if invitation.substitute else invitation.user
            email = person.email if person else invitation.email
            if email.lower() in listed:
                continue
            listed.add(email.lower())
            shown = person and (person.pk, invitation.organisation_id) in consenting
            added.append(
                Attendance(
                    meeting=meeting,
                    organisation_id=invitation.organisation_id,
                    person=person.get_full_name() if shown else "",
                    email=email,
                    status=STATUS[invitation.answer],
                )
            )
        Attendance.objects.bulk_create(added)
    return len(added)
