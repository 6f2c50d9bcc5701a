"""Invitations to meetings and dialogue events, the invitees' answers (RSVP), and each
occasion's reminder plan."""

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import DateTimeField, Q
from django.db.models.functions import Cast, Coalesce, Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# What an invitation or plan may point at, and the field that points at it.
OCCASION_FIELD = {"agreements.Meeting": "meeting", "dialogues.DialogueEvent": "event"}
# Exactly one of the two: a meeting or a dialogue event.
ONE_OCCASION = Q(meeting__isnull=False, event__isnull=True) | Q(
    meeting__isnull=True, event__isnull=False
)


class Answer(models.TextChoices):
    YES = "yes", _("Yes, I will come")
    NO = "no", _("No, I cannot come")
    MAYBE = "maybe", _("Maybe")


class InvitationQuerySet(models.QuerySet):
    def to_remind(self):
        """Those who said yes or maybe, and those who have not answered."""
        return self.exclude(answer=Answer.NO)

    def unanswered(self):
        return self.filter(answer="")

    def coming_for(self, user, now=None):
        """The person's invitations to meetings and dialogue events that have not ended,
        soonest first."""
        now = now or timezone.now()
        return (
            self.filter(user=user)
            .filter(Q(meeting__ends_at__gte=now) | Q(event__date__gte=timezone.localdate(now)))
            .select_related("meeting__group", "event__plan", "organisation")
            .order_by(
                Coalesce("meeting__starts_at", Cast("event__date", output_field=DateTimeField()))
            )
        )


class Invitation(models.Model):
    """One person invited to one meeting or dialogue event (exactly one of the two), and their
    answer. The answer can be changed until the occasion ends; each change is kept in the
    history."""

    meeting = models.ForeignKey(
        "agreements.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    event = models.ForeignKey(
        "dialogues.DialogueEvent",
        verbose_name=_("dialogue event"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_invitations",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_invitations",
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="sv"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    invited_at = models.DateTimeField(_("invited"), default=timezone.now)
    # The occasion's calendar SEQUENCE this person last received.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    substitute = models.ForeignKey(
        "organisations.Representative",
        verbose_name=_("substitute"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = InvitationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["sequence"])

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["meeting", "event", "name", "email"]
        constraints = [
            models.CheckConstraint(
                condition=ONE_OCCASION, name="invitation_to_a_meeting_or_an_event"
            ),
            models.UniqueConstraint(
                "meeting", Lower("email"), name="one_invitation_per_meeting_and_address"
            ),
            models.UniqueConstraint(
                "event", Lower("email"), name="one_invitation_per_event_and_address"
            ),
        ]

    def __str__(self):
        return f"{self.name or self.email} → {self.meeting or self.event}"

    @property
    def occasion(self):
        """The meeting or dialogue event, seen the same way (invitations/occasions.py)."""
        from .occasions import Occasion

        return Occasion.of(self.meeting if self.meeting_id else self.event)

    @property
    def display_name(self) -> str:
        """The person's name, else the organisation's; never the bare address."""
        return self.name or (self.organisation.name if self.organisation else _("Invited guest"))


def default_lead_hours() -> list[int]:
    return [7 * 24, 24]


class MeetingPlan(models.Model):
    """What a coordinator sets for the invitations to a meeting or a dialogue event (exactly
    one of the two): when reminders go out and with what text, and whether an organisation may
    send a substitute. A dialogue event has a date only: its plan adds the hours, an online
    link, whether it is cancelled, and its calendar SEQUENCE (a meeting keeps these itself)."""

    meeting = models.OneToOneField(
        "agreements.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="plan",
    )
    event = models.OneToOneField(
        "dialogues.DialogueEvent",
        verbose_name=_("dialogue event"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="plan",
    )
    reminder_hours = ArrayField(
        # At most 60 days: beat looks no further ahead (invitations/reminders.py).
        models.PositiveIntegerField(validators=[MinValueValidator(1), MaxValueValidator(1440)]),
        verbose_name=_("reminders, hours before the start"),
        default=default_lead_hours,
        blank=True,
        help_text=_("Comma-separated; 168,24 is a week and a day before. Empty: no reminders."),
    )
    reminder_text = models.TextField(_("text of the reminders"), blank=True)
    substitutes_allowed = models.BooleanField(
        _("substitutes allowed"),
        default=False,
        help_text=_("An invited representative may name a colleague who comes instead."),
    )

    starts_time = models.TimeField(
        _("starts (time of day)"), default=datetime.time(9), help_text=_("Dialogue events only.")
    )
    ends_time = models.TimeField(
        _("ends (time of day)"), default=datetime.time(16), help_text=_("Dialogue events only.")
    )
    online_url = models.URLField(_("online link"), blank=True)
    cancelled = models.BooleanField(
        _("cancelled"),
        default=False,
        help_text=_("Dialogue events only: those invited get a cancellation."),
    )
    # A dialogue event's calendar SEQUENCE, and the state of its calendar fields that SEQUENCE
    # describes (invitations/occasions.py).
    sequence = models.PositiveIntegerField(default=0, editable=False)
    calendar_state = models.CharField(max_length=500, blank=True, editable=False)

    class Meta:
        verbose_name = _("invitations and reminders")
        verbose_name_plural = _("invitations and reminders")
        constraints = [
            models.CheckConstraint(condition=ONE_OCCASION, name="plan_of_a_meeting_or_an_event"),
            models.CheckConstraint(
                condition=Q(ends_time__gt=models.F("starts_time")),
                name="plan_ends_after_it_starts",
                violation_error_message=_("The event must end after it starts."),
            ),
        ]

    def __str__(self):
        return str(self.meeting or self.event)

    @classmethod
    def of(cls, target) -> "MeetingPlan":
        """The plan of a meeting or dialogue event, or the default one (unsaved) when the
        coordinator set none."""
        try:
            return target.plan
        except cls.DoesNotExist:
            return cls(**{OCCASION_FIELD[target._meta.label]: target})
