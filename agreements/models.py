"""The agreement (versions, sections, principles, phases, signatures) and the meetings of the
groups that carry it (agenda items, minutes, attendance, adjustment)."""

import datetime

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeBoundary, RangeOperators
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Func, Q
from django.db.models.functions import MD5
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# --- the agreement --------------------------------------------------------------------------


class Agreement(models.Model):
    """The agreement of one region: its parties, its vision, and its text in versions."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    parties = models.TextField(_("parties"), help_text=_("Who agrees with whom, in Markdown."))
    vision = models.TextField(_("vision"), blank=True, help_text=_("Markdown."))
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


class Principle(models.Model):
    class Scope(models.TextChoices):
        NATIONAL = "national", _("National")
        REGIONAL = "regional", _("Regional")

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="principles"
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    scope = models.CharField(_("national or regional"), max_length=10, choices=Scope.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("principle")
        verbose_name_plural = _("principles")
        ordering = ["agreement", "scope", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "slug"],
                name="one_principle_per_slug",
                violation_error_message=_("The agreement already has a principle by this name."),
            )
        ]

    def __str__(self):
        return self.name


class Phase(models.Model):
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
    def public(self):
        return self.exclude(status=AgreementVersion.Status.WITHDRAWN)


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
        """The adopted version, else the newest draft or version out for consultation."""
        for version in versions:
            if version.status == AgreementVersion.Status.ADOPTED:
                return version
        drafts = [
            v
            for v in versions
            if v.status in {AgreementVersion.Status.DRAFT, AgreementVersion.Status.CONSULTATION}
        ]
        return max(drafts, key=lambda v: v.number, default=None)

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
    text = models.TextField(_("text"), help_text=_("Markdown."))
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

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["version", "order"]
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


# --- meetings ----------------------------------------------------------------------------------


class TsTzRange(Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at")

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at")

    def of_group(self, group):
        return self.filter(group=group)

    def with_published_minutes(self):
        return self.filter(status=Meeting.Status.PUBLISHED)


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        DRAFT = "minutes_draft", _("Minutes in draft")
        ADJUSTED = "minutes_adjusted", _("Minutes adjusted")
        PUBLISHED = "minutes_published", _("Minutes published")
        CANCELLED = "cancelled", _("Cancelled")

    group = models.ForeignKey(
        "organisations.WorkingGroup",
        verbose_name=_("group"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"), max_length=220, unique=True, blank=True, help_text=_("Filled in if left empty.")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    chair = models.CharField(_("chair"), max_length=200, blank=True)
    note_taker = models.CharField(
        _("note-taker"), max_length=200, blank=True, help_text=_("“Vid anteckningarna”.")
    )
    description = models.TextField(_("about the meeting"), blank=True, help_text=_("Markdown."))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    next_meeting_at = models.DateTimeField(_("next meeting"), null=True, blank=True)
    next_meeting_note = models.TextField(_("about the next meeting"), blank=True)
    published_at = models.DateTimeField(_("minutes published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # iCalendar: SEQUENCE grows each time the time, place or status changes.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    # Optimistic locking: a save based on an older lock_version is refused.
    lock_version = models.PositiveIntegerField(default=0)
    import_key = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["lock_version", "sequence", "updated_at"])

    CALENDAR_FIELDS = ("starts_at", "ends_at", "place", "online_url", "status", "title")

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_it_starts",
                violation_error_message=_("The meeting must end after it starts."),
            ),
            ExclusionConstraint(
                name="no_overlapping_meetings_of_a_group",
                expressions=[
                    (TsTzRange("starts_at", "ends_at", RangeBoundary()), RangeOperators.OVERLAPS),
                    ("group", RangeOperators.EQUAL),
                ],
                condition=~Q(status="cancelled"),
                violation_error_message=_("The group already has a meeting at this time."),
            ),
            models.UniqueConstraint(
                fields=["import_key"],
                condition=~Q(import_key=""),
                name="one_meeting_per_imported_document",
            ),
        ]
        indexes = [models.Index(fields=["starts_at"], name="meeting_starts_at")]

    def __str__(self):
        return f"{self.title} {timezone.localtime(self.starts_at):%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.make_slug()
        if self.pk and self.calendar_changed():
            self.sequence += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "sequence"}
        super().save(*args, **kwargs)
        self._loaded = {name: getattr(self, name) for name in self.CALENDAR_FIELDS}

    def get_absolute_url(self):
        return reverse("agreements:meeting_detail", args=[self.slug])

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded = {
            name: getattr(instance, name)
            for name in cls.CALENDAR_FIELDS
            if name in instance.__dict__
        }
        return instance

    def calendar_changed(self) -> bool:
        loaded = getattr(self, "_loaded", None)
        return bool(loaded) and any(getattr(self, name) != value for name, value in loaded.items())

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The meeting must end after it starts.")
        if (
            self._state.adding
            and self.status == self.Status.PLANNED
            and self.starts_at
            and self.starts_at < timezone.now()
        ):
            errors["starts_at"] = _(
                "A new planned meeting cannot start in the past. Record a past meeting as held."
            )
        if errors:
            raise ValidationError(errors)

    OVERLAP_CONSTRAINT = "no_overlapping_meetings_of_a_group"
    OVERLAP_FIELDS = frozenset({"group", "starts_at", "ends_at", "status"})

    def validate_constraints(self, exclude=None):
        # Django cannot evaluate the overlap constraint's condition when one of its fields is
        # excluded (it already has an error of its own); leave it to the next attempt then.
        self._skip_overlap = bool(exclude and self.OVERLAP_FIELDS & set(exclude))
        try:
            super().validate_constraints(exclude)
        finally:
            self._skip_overlap = False

    def get_constraints(self):
        constraints = super().get_constraints()
        if getattr(self, "_skip_overlap", False):
            return [
                (model, [c for c in items if c.name != self.OVERLAP_CONSTRAINT])
                for model, items in constraints
            ]
        return constraints

    def make_slug(self) -> str:
        """Date and group, e.g. 2021-09-02-radet; a number is added when the day has more."""
        base = f"{timezone.localtime(self.starts_at):%Y-%m-%d}-{self.group.slug}"[:200]
        taken = set(
            Meeting.objects.filter(slug__startswith=base)
            .exclude(pk=self.pk)
            .values_list("slug", flat=True)
        )
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        return slug

    @property
    def minutes_are_public(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def minutes_visible_to(self, user) -> bool:
        return self.minutes_are_public or (user.is_authenticated and user.is_staff)

    @property
    def calendar_uid(self) -> str:
        host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
        return f"meeting-{self.pk}@{host or 'okportal'}"


class SeasonDate(models.Model):
    """A date of the season's meetings (mötestider), as the minutes announce them."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="season_dates"
    )
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("meeting date of the season")
        verbose_name_plural = _("meeting dates of the season")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "date"], name="one_season_date_per_day")
        ]

    def __str__(self):
        return str(self.date)


def validate_link_lines(value: str) -> None:
    check = URLValidator(schemes=["http", "https"])
    for line in value.splitlines():
        if line.strip():
            try:
                check(line.strip())
            except ValidationError:
                raise ValidationError(
                    _("“%(line)s” is not a web address (https://…)."), params={"line": line.strip()}
                ) from None


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="items"
    )
    number = models.PositiveSmallIntegerField(_("§"))
    title = models.CharField(_("title"), max_length=300)
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    minutes = models.TextField(_("minutes"), blank=True, help_text=_("Markdown."))
    decision = models.TextField(_("decision"), blank=True, help_text=_("Markdown."))
    links = models.TextField(
        _("links"),
        blank=True,
        help_text=_("One address per line."),
        validators=[validate_link_lines],
    )
    themes = models.ManyToManyField(
        "organisations.Theme", verbose_name=_("themes"), blank=True, related_name="agenda_items"
    )
    lock_version = models.PositiveIntegerField(default=0)

    history = HistoricalRecords(excluded_fields=["lock_version"])

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                name="one_agenda_item_per_number",
                deferrable=models.Deferrable.DEFERRED,
                violation_error_message=_("The meeting already has an item with this number."),
            )
        ]

    def __str__(self):
        return f"§{self.number} {self.title}"

    @property
    def link_list(self) -> list[str]:
        """The web addresses; anything else (javascript: and the like) is left out."""
        return [
            line.strip()
            for line in self.links.splitlines()
            if line.strip().lower().startswith(("https://", "http://"))
        ]

    @property
    def extra_links(self) -> list[str]:
        """The links that the minutes text does not already show."""
        return [link for link in self.link_list if link not in self.minutes]

    @property
    def anchor(self) -> str:
        return f"p{self.number}"


class Attachment(models.Model):
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="minutes/%Y/")

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self):
        return self.title


class Attendance(models.Model):
    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        ATTENDING = "attending", _("Attending")
        ABSENT = "absent", _("Absent")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendances"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="meeting_attendances",
    )
    person = models.CharField(_("person"), max_length=200, blank=True)
    email = models.EmailField(
        _("e-mail"), blank=True, help_text=_("The published minutes are sent here.")
    )
    status = models.CharField(
        _("attendance"), max_length=10, choices=Status.choices, default=Status.INVITED
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | ~Q(person=""),
                name="attendance_names_someone",
                violation_error_message=_("Name an organisation or a person."),
            ),
        ]

    def __str__(self):
        return self.person or str(self.organisation)


class Adjuster(models.Model):
    """A named person who approves (justerar) the minutes before they are published."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="adjusters"
    )
    name = models.CharField(_("name"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("With an account, the person can approve in the administration."),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approval recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("adjuster")
        verbose_name_plural = _("adjusters")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "name"],
                name="one_adjuster_per_name",
                violation_error_message=_("This person already adjusts these minutes."),
            )
        ]

    def __str__(self):
        return self.name


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
