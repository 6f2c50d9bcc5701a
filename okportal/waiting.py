"""What waits for the coordinators: the work the admin's start page lists, each with its count
and a link to the rows. One COUNT query a line."""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.models import ConsultationComment, Meeting
from organisations.models import JoinRequest, Organisation, PendingOrganisation

from .models import OutgoingMail

# Minutes sent for adjustment and not approved within two weeks are overdue.
ADJUSTMENT_DAYS = 14


@dataclass(frozen=True)
class Waiting:
    label: str
    count: int
    url: str


def _changelist(model, **filters) -> str:
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


def what_waits(user, now: datetime.datetime | None = None) -> list[Waiting]:
    """The lines the user may open, with what waits in each (zero included: nothing waits)."""
    now = now or timezone.now()
    overdue = now - datetime.timedelta(days=ADJUSTMENT_DAYS)
    without_minutes = {"status__in": "planned,held", "ends_at__lt": now.isoformat()}
    adjustment_overdue = {
        "status__exact": Meeting.Status.DRAFT,
        "adjustment_requested_at__lt": overdue.isoformat(),
    }
    unanswered = {"is_handled__exact": "0", "answer__exact": ""}
    lines = [
        (
            PendingOrganisation,
            _("Organisations to approve"),
            Organisation.objects.pending(),
            {},
        ),
        (JoinRequest, _("Requests to join a group"), JoinRequest.objects.requested(), {}),
        (
            Meeting,
            _("Meetings held without minutes"),
            Meeting.objects.filter(
                status__in=[Meeting.Status.PLANNED, Meeting.Status.HELD], ends_at__lt=now
            ),
            without_minutes,
        ),
        (
            Meeting,
            _("Adjustments overdue (more than two weeks)"),
            Meeting.objects.filter(
                status=Meeting.Status.DRAFT, adjustment_requested_at__lt=overdue
            ),
            adjustment_overdue,
        ),
        (
            OutgoingMail,
            _("Messages that could not be sent"),
            OutgoingMail.objects.filter(status=OutgoingMail.Status.FAILED),
            {"status__exact": OutgoingMail.Status.FAILED},
        ),
        (
            ConsultationComment,
            _("Consultation comments without an answer"),
            ConsultationComment.objects.filter(is_handled=False, answer=""),
            unanswered,
        ),
    ]
    return [
        Waiting(str(label), queryset.count(), _changelist(model, **filters))
        for model, label, queryset, filters in lines
        if user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
    ]
