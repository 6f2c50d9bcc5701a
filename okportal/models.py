from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person with an account; signs in with the e-mail address (allauth).

    The username is made by allauth from the address and is never shown: a person is called
    by `name`, given at sign-up and editable under My data.
    """

    name = models.CharField(
        _("Name"),
        max_length=150,
        blank=True,
        help_text=_("First name and surname, as others see them."),
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def get_full_name(self) -> str:
        return self.name or super().get_full_name()

    def get_short_name(self) -> str:
        return self.get_full_name()


class OutgoingMailQuerySet(models.QuerySet):
    def due(self, now=None):
        """Queued and no longer waiting for its next attempt."""
        return self.filter(
            status=OutgoingMail.Status.QUEUED, next_attempt_at__lte=now or timezone.now()
        )

    def for_sweep(self, now=None):
        """What beat hands to the workers again: due rows that were retried before, or whose
        first task should long have run (a task lost with a broker or a worker)."""
        now = now or timezone.now()
        return self.due(now).filter(
            Q(attempts__gt=0) | Q(created_at__lte=now - OutgoingMail.TASK_GRACE)
        )

    def expired(self, now=None):
        """Sent or failed longer ago than MAIL_RETENTION_DAYS."""
        limit = (now or timezone.now()) - timedelta(days=settings.MAIL_RETENTION_DAYS)
        return self.exclude(status=OutgoingMail.Status.QUEUED).filter(created_at__lt=limit)


class OutgoingMail(models.Model):
    """The outbox: one row is one message to one person, and the row is the truth.

    `key` names the occasion (e.g. "approval:organisation:12"); the unique constraint on
    (key, recipient) is what stops the same occasion from being queued twice for one person.
    Delivery is at least once: a worker killed after the SMTP server accepted a message and
    before the row was marked sent leaves it queued, and it is sent again.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    # Temporary failures are retried after 1, 2, 4 … minutes, at most an hour apart: 30
    # attempts span about 25 hours. Then the row fails and a coordinator may retry it.
    MAX_ATTEMPTS = 30
    FIRST_RETRY = timedelta(minutes=1)
    LONGEST_RETRY = timedelta(hours=1)
    TASK_GRACE = timedelta(minutes=10)

    key = models.CharField(_("occasion"), max_length=200)
    template = models.CharField(_("kind"), max_length=100, blank=True, db_index=True)
    recipient = models.EmailField(_("recipient"))
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    calendar = models.TextField(_("calendar (.ics)"), blank=True)
    reply_to = models.CharField(_("reply to"), max_length=254, blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = OutgoingMailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mail")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["key", "recipient"], name="one_mail_per_occasion")
        ]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["status", "next_attempt_at"], name="outgoing_mail_due"),
        ]

    def __str__(self):
        return f"{self.subject} → {self.recipient}"

    @classmethod
    def retry_delay(cls, attempts: int) -> timedelta:
        """How long to wait after the `attempts`-th failed attempt."""
        return min(cls.FIRST_RETRY * 2 ** min(attempts - 1, 20), cls.LONGEST_RETRY)


class MailOptOutQuerySet(models.QuerySet):
    def opted_out(self, addresses, topic: str) -> set[str]:
        """Which of `addresses` (lower-cased) do not want mail on `topic`."""
        lowered = {address.lower() for address in addresses}
        return set(
            self.filter(topic=topic)
            .alias(address=Lower("email"))
            .filter(address__in=lowered)
            .values_list("email", flat=True)
        )


class MailOptOut(models.Model):
    """An address that asked not to get one kind of mail ("minutes", "invitations:<group>",
    "reminders:<group>"), by the link in such a mail or on its own page. Kept by address, so
    it holds for people without an account too."""

    email = models.EmailField(_("e-mail"))
    topic = models.CharField(_("kind of mail"), max_length=100)
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    objects = MailOptOutQuerySet.as_manager()

    class Meta:
        verbose_name = _("unsubscribed address")
        verbose_name_plural = _("unsubscribed addresses")
        constraints = [
            models.UniqueConstraint(Lower("email"), "topic", name="one_opt_out_per_topic")
        ]

    def __str__(self):
        return f"{self.email}: {self.topic}"


class ImportUpload(models.Model):
    """A document uploaded to an importer, kept server-side from upload to confirmation.

    The preview and every correction round-trip name the upload by its token; the document
    itself never travels back and forth in a form. Large and Word files are read by a Celery task
    (okportal.importing.tasks) that reports its progress here. Rows older than a day are removed
    when the next upload comes.
    """

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting to be read")
        READING = "reading", _("Being read")
        READY = "ready", _("Read")
        FAILED = "failed", _("Could not be read")

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey("okportal.User", on_delete=models.CASCADE)
    importer = models.CharField(max_length=20)  # "minutes" or "dialogue"
    filename = models.CharField(max_length=255)
    data = models.BinaryField()
    text = models.TextField(blank=True)
    parsed = models.BinaryField(null=True)  # the importer's result, pickled by this server
    state = models.CharField(max_length=10, choices=State.choices, default=State.WAITING)
    progress = models.PositiveSmallIntegerField(default=0)
    error_code = models.CharField(max_length=40, blank=True)
    options = models.JSONField(default=dict, blank=True)  # form values and line corrections
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("uploaded document")
        verbose_name_plural = _("uploaded documents")

    def __str__(self):
        return self.filename
