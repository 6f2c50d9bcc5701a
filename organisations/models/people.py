"""The people who represent an organisation, and the invitations to do so."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .organisation import Organisation


class RepresentativeQuerySet(models.QuerySet):
    def shown_publicly(self):
        """Those who consented and have a name to show: an address is never shown instead."""
        return self.filter(public_consent_at__isnull=False).exclude(
            user__name="", user__first_name="", user__last_name=""
        )


class Representative(models.Model):
    """A person who speaks for an organisation, shown publicly only with consent."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="representatives",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="representations",
    )
    role = models.CharField(_("role in the organisation"), max_length=100, blank=True)
    public_consent_at = models.DateTimeField(
        _("consented to be shown publicly"),
        null=True,
        blank=True,
        help_text=_("Empty when the person has not consented or has withdrawn consent."),
    )
    consent_withdrawn_at = models.DateTimeField(_("consent withdrawn"), null=True, blank=True)
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    objects = RepresentativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="one_representation_per_person"
            )
        ]

    def __str__(self):
        return f"{self.display_name} ({self.organisation})"

    @property
    def display_name(self) -> str:
        """For the person themself and those who work with them (the organisation's other
        representatives, a group's chair): the name, or the address when there is none."""
        return self.user.get_full_name() or self.user.email

    @property
    def has_consented(self) -> bool:
        return self.public_consent_at is not None

    @property
    def shown_publicly(self) -> bool:
        """The name is shown on public pages: consent, and a name to show."""
        return self.has_consented and bool(self.user.get_full_name())

    @property
    def public_name(self) -> str:
        return self.user.get_full_name() if self.has_consented else ""

    def give_consent(self) -> None:
        self.public_consent_at = timezone.now()
        self.consent_withdrawn_at = None
        self.save(update_fields=["public_consent_at", "consent_withdrawn_at"])

    def withdraw_consent(self) -> None:
        self.public_consent_at = None
        self.consent_withdrawn_at = timezone.now()
        self.save(update_fields=["public_consent_at", "consent_withdrawn_at"])


class Invitation(models.Model):
    """A representative asks a colleague, by e-mail address, to represent the organisation too."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role in the organisation"), max_length=100, blank=True)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation to represent")
        verbose_name_plural = _("invitations to represent")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "organisation",
                condition=Q(accepted_at__isnull=True),
                name="one_open_invitation_per_address",
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.organisation}"
