"""The agreement: its principles, the phases of the process, its versions and their sections,
the signatures, and the comments made while a version is out for consultation."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import MD5
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from okportal import help_texts
from okportal.content_language import SwedishOriginal
from okportal.markdown import MarkdownHTMLField
from search.fields import search_indexes, search_vector_field


class Agreement(models.Model):
    """The agreement of one region: its parties, its vision, and its text in versions."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    parties = models.TextField(_("parties"), help_text=_("Who agrees with whom, in Markdown."))
    vision = models.TextField(_("vision"), blank=True, help_text=help_texts.MARKDOWN)
    parties_html = MarkdownHTMLField(source="parties")
    vision_html = MarkdownHTMLField(source="vision")
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["pk"]

    def __str__(self):
        return self.name


def current_agreement() -> Agreement | None:
    """The portal's agreement: one region, one agreement (the first one created)."""
    return Agreement.objects.order_by("pk").first()


class Principle(SwedishOriginal, models.Model):
    class Scope(models.TextChoices):
        NATIONAL = "national", _("National")
        REGIONAL = "regional", _("Regional")

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="principles"
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120)
    description = models.TextField(_("description"), blank=True, help_text=help_texts.MARKDOWN)
    scope = models.CharField(_("national or regional"), max_length=10, choices=Scope.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    search_vector = search_vector_field(("name", "A"), ("description", "C"))

    class Meta:
        verbose_name = _("principle")
        verbose_name_plural = _("principles")
        ordering = ["agreement", "scope", "order", "name"]
        indexes = search_indexes("principle", "name")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "slug"],
                name="one_principle_per_slug",
                violation_error_message=_("The agreement already has a principle by this name."),
            )
        ]

    def __str__(self):
        return self.name


class Phase(SwedishOriginal, models.Model):
    """One of the six phases of the process towards (and after) an agreement."""

    class Kind(models.TextChoices):
        PRE = "forfas", _("Preliminary phase")
        GATHERING = "samlingsfas", _("Gathering phase")
        DIALOGUE = "dialogprocess", _("Dialogue process")
        DRAFTING = "formuleringsfas", _("Drafting phase")
        DECISION = "beslutsfas", _("Anchoring and decision phase")
        IMPLEMENTATION = "genomforandefas", _("Implementation phase")

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="phases"
    )
    kind = models.CharField(_("phase"), max_length=20, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("started"), null=True, blank=True)
    ends_on = models.DateField(_("ended"), null=True, blank=True)
    is_current = models.BooleanField(_("current phase"), default=False)

    class Meta:
        verbose_name = _("process phase")
        verbose_name_plural = _("process phases")
        ordering = ["agreement", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "kind"],
                name="one_phase_of_each_kind",
                violation_error_message=_("The agreement already has this phase."),
            ),
            models.UniqueConstraint(
                fields=["agreement"],
                condition=Q(is_current=True),
                name="one_current_phase",
                violation_error_message=_("Another phase is already marked as the current one."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="phase_ends_after_it_starts",
                violation_error_message=_("A phase cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.get_kind_display()


class VersionQuerySet(models.QuerySet):
    """Who may read which version: the one rule, used by every page, feed and citation."""

    def public(self):
        """What anybody may read: versions out for consultation, adopted or superseded. A draft
        stays with the coordinators until one of them sends it out or adopts it."""
        return self.filter(status__in=AgreementVersion.PUBLIC_STATUSES)

    def visible_to(self, user):
        """Coordinators see the drafts too (not the withdrawn); everybody else what is public."""
        if user.is_authenticated and user.is_active and user.is_staff:
            return self.exclude(status=AgreementVersion.Status.WITHDRAWN)
        return self.public()


class AgreementVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CONSULTATION = "consultation", _("Out for consultation")
        ADOPTED = "adopted", _("Adopted")
        SUPERSEDED = "superseded", _("Superseded")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version number"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    is_demo_text = models.BooleanField(
        _("demo text"),
        default=False,
        help_text=_("Shown with a notice that the text is an example."),
    )
    summary = models.TextField(_("what changed"), blank=True)
    created_on = models.DateField(_("written"), default=datetime.date.today)
    consultation_opens_on = models.DateField(_("consultation opens"), null=True, blank=True)
    consultation_closes_on = models.DateField(_("consultation closes"), null=True, blank=True)
    adopted_on = models.DateField(_("adopted"), null=True, blank=True)
    adopted_by = models.CharField(
        _("adopting decision"),
        max_length=300,
        blank=True,
        help_text=_("Which body decided, and the decision's reference."),
    )

    PUBLIC_STATUSES = (Status.CONSULTATION, Status.ADOPTED, Status.SUPERSEDED)

    objects = VersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        ordering = ["agreement", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"],
                name="one_version_per_number",
                violation_error_message=_("The agreement already has a version with this number."),
            ),
            models.UniqueConstraint(
                fields=["agreement"],
                condition=Q(status="adopted"),
                name="one_adopted_version",
                violation_error_message=_(
                    "Another version is adopted; mark it as superseded first."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="adopted") | Q(adopted_on__isnull=False),
                name="adopted_version_has_a_date",
                violation_error_message=_("An adopted version needs the date of adoption."),
            ),
        ]

    def __str__(self):
        return _("Version %(number)s") % {"number": self.number}

    @staticmethod
    def pick_current(versions) -> "AgreementVersion | None":
        """The text in force: the adopted version, else the newest one out for consultation.
        Never a draft, even when `versions` holds drafts (a coordinator's list)."""
        for version in versions:
            if version.status == AgreementVersion.Status.ADOPTED:
                return version
        return AgreementVersion.pick_consultation(versions)

    @staticmethod
    def pick_consultation(versions) -> "AgreementVersion | None":
        """The newest version out for consultation, if any."""
        out = [v for v in versions if v.status == AgreementVersion.Status.CONSULTATION]
        return max(out, key=lambda v: v.number, default=None)

    @property
    def is_adopted(self) -> bool:
        return self.status == self.Status.ADOPTED

    @property
    def is_open_for_comments(self) -> bool:
        today = timezone.localdate()
        return (
            self.status == self.Status.CONSULTATION
            and (self.consultation_opens_on is None or self.consultation_opens_on <= today)
            and (self.consultation_closes_on is None or self.consultation_closes_on >= today)
        )

    @property
    def consultation_closed(self) -> bool:
        return self.status in {self.Status.ADOPTED, self.Status.SUPERSEDED} or bool(
            self.consultation_closes_on and self.consultation_closes_on < timezone.localdate()
        )


class SectionQuerySet(models.QuerySet):
    def public(self):
        """Sections of the versions the public sees."""
        return self.filter(version__in=AgreementVersion.objects.public())

    def on_theme(self, theme):
        return self.filter(themes=theme)


class Section(models.Model):
    version = models.ForeignKey(
        AgreementVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="sections",
    )
    order = models.PositiveSmallIntegerField(_("order"))
    heading = models.CharField(_("heading"), max_length=200)
    slug = models.SlugField(
        _("anchor"),
        max_length=120,
        help_text=_("Keep it the same across versions: the comparison pairs sections by it."),
    )
    text = models.TextField(_("text"), help_text=help_texts.MARKDOWN)
    text_html = MarkdownHTMLField(source="text")
    principles = models.ManyToManyField(
        Principle, verbose_name=_("principles it expresses"), blank=True, related_name="sections"
    )
    minutes_items = models.ManyToManyField(
        "AgendaItem",
        verbose_name=_("minutes items that led to it"),
        blank=True,
        related_name="agreement_sections",
    )
    dialogue_topics = models.ManyToManyField(
        "dialogues.Topic",
        verbose_name=_("dialogue topics that led to it"),
        blank=True,
        related_name="agreement_sections",
    )
    dialogue_notes = models.ManyToManyField(
        "dialogues.Note",
        verbose_name=_("dialogue notes that led to it"),
        blank=True,
        related_name="agreement_sections",
    )
    themes = models.ManyToManyField(
        "organisations.Theme",
        verbose_name=_("themes"),
        blank=True,
        related_name="agreement_sections",
    )
    search_vector = search_vector_field(("heading", "A"), ("text", "C"))

    objects = SectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["version", "order"]
        indexes = search_indexes("section", "heading")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "slug"],
                name="one_section_per_anchor",
                violation_error_message=_("The version already has a section with this anchor."),
            ),
        ]

    def __str__(self):
        return self.heading


class Signature(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="agreement_signatures",
    )
    version = models.ForeignKey(
        AgreementVersion,
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="signatures",
    )
    signed_on = models.DateField(_("signed"))
    signed_by = models.CharField(_("signed by"), max_length=200)
    signatory_title = models.CharField(_("title of the signatory"), max_length=200, blank=True)
    decision_reference = models.CharField(_("decision reference"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["-signed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "version"],
                name="one_signature_per_organisation_and_version",
                violation_error_message=_("The organisation has already signed this version."),
            )
        ]

    def __str__(self):
        return f"{self.organisation} – {self.version}"


class CommentQuerySet(models.QuerySet):
    def public(self):
        """Comments on versions whose consultation has closed."""
        today = timezone.localdate()
        return self.filter(
            Q(section__version__status__in=["adopted", "superseded"])
            | Q(section__version__consultation_closes_on__lt=today)
        )


class ConsultationComment(models.Model):
    """A comment an organisation's representative makes on a section out for consultation."""

    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="comments"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="consultation_comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    is_handled = models.BooleanField(_("handled"), default=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation comment")
        verbose_name_plural = _("consultation comments")
        ordering = ["section__order", "created_at"]
        constraints = [
            models.UniqueConstraint(
                MD5("text"),
                "section",
                "organisation",
                name="one_comment_per_text",
                violation_error_message=_("The organisation has already made this comment."),
            )
        ]

    def __str__(self):
        return f"{self.organisation} – {self.section}"
