"""Invitations to meetings, the invitees' answers (RSVP), and each meeting's reminder plan."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


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
        """The person's invitations to meetings that have not ended, soonest first."""
        return (
            self.filter(user=user, meeting__ends_at__gte=now or timezone.now())
            .select_related("meeting__group", "organisation")
            .order_by("meeting__starts_at")
        )


class Invitation(models.Model):
    """One person invited to one meeting, and their answer. The answer can be changed until the
    meeting ends; each change is kept in the history."""

    meeting = models.ForeignKey(
        "agreements.Meeting",
        verbose_name=_("meeting"),
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
    # The meeting's calendar SEQUENCE this person last received.
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
        verbose_name = _("invitation to a meeting")
        verbose_name_plural = _("invitations to meetings")
        ordering = ["meeting", "name", "email"]
        constraints = [
            models.UniqueConstraint(
                "meeting", Lower("email"), name="one_invitation_per_meeting_and_address"
            )
        ]

    def __str__(self):
        return f"{self.name or self.email} → {self.meeting}"

    @property
    def display_name(self) -> str:
        """The person's name, else the organisation's; never the bare address."""
        return self.name or (self.organisation.name if self.organisation else _("Invited guest"))


def default_lead_hours() -> list[int]:
    return [7 * 24, 24]


class MeetingPlan(models.Model):
    """What a coordinator sets for a meeting's invitations: when reminders go out and with what
    text, and whether an organisation may send a substitute."""

    meeting = models.OneToOneField(
        "agreements.Meeting",
        verbose_name=_("meeting"),
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

    class Meta:
        verbose_name = _("invitations and reminders")
        verbose_name_plural = _("invitations and reminders")

    def __str__(self):
        return str(self.meeting)

    @classmethod
    def of(cls, meeting) -> "MeetingPlan":
        """The meeting's plan, or the default one (unsaved) when the coordinator set none."""
        try:
            return meeting.plan
        except cls.DoesNotExist:
            return cls(meeting=meeting)
