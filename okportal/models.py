from django.contrib.auth.models import AbstractUser
from django.db import models
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
    def due(self):
        return self.filter(status=OutgoingMail.Status.QUEUED)


class OutgoingMail(models.Model):
    """The outbox: one row is one message to one person, and the row is the truth.

    `key` names the occasion (e.g. "approval:organisation:12"); the unique constraint on
    (key, recipient) is what stops a message from being sent twice.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    MAX_ATTEMPTS = 5

    key = models.CharField(_("occasion"), max_length=200)
    recipient = models.EmailField(_("recipient"))
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
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
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.subject} → {self.recipient}"


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
