"""The meetings of the groups that carry the agreement: agenda items and their minutes,
attendance, and the adjustment (justering) of the minutes before they are published."""

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeBoundary, RangeOperators
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Func, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from okportal import help_texts
from okportal.markdown import MarkdownHTMLField
from search.fields import search_indexes, search_vector_field


class TsTzRange(Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at")

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at")

    def with_published_minutes(self):
        """Published minutes, also those under correction (their published text is public)."""
        return self.filter(Meeting.MINUTES_PUBLIC)


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        DRAFT = "minutes_draft", _("Minutes in draft")
        IN_ADJUSTMENT = "in_adjustment", _("Minutes sent for adjustment")
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
        _("note-taker"),
        max_length=200,
        blank=True,
        help_text=_("Who writes the minutes (“vid anteckningarna”)."),
    )
    description = models.TextField(
        _("about the meeting"), blank=True, help_text=help_texts.MARKDOWN
    )
    description_html = MarkdownHTMLField(source="description", top=2)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    next_meeting_at = models.DateTimeField(_("next meeting"), null=True, blank=True)
    next_meeting_note = models.TextField(_("about the next meeting"), blank=True)
    published_at = models.DateTimeField(_("minutes published"), null=True, blank=True)
    # The agenda items as published last (agreements.workflow): what the public reads while a
    # correction is under way.
    published_items = models.JSONField(default=list, blank=True, editable=False)
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
    # Grows each time an item's minutes text or decision changes: the state the adjusters
    # approve, and what makes a new request for adjustment a new e-mail.
    minutes_revision = models.PositiveIntegerField(default=0, editable=False)
    adjustment_requested_at = models.DateTimeField(
        _("sent for adjustment"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=[
            "lock_version",
            "sequence",
            "updated_at",
            "minutes_revision",
            "adjustment_requested_at",
            "description_html",
        ]
    )

    CALENDAR_FIELDS = ("starts_at", "ends_at", "place", "online_url", "status", "title")
    # Published minutes that changed are back in adjustment; their published text stays public.
    CORRECTION_STATUSES = (Status.IN_ADJUSTMENT, Status.ADJUSTED)
    MINUTES_PUBLIC = Q(status=Status.PUBLISHED) | Q(
        published_at__isnull=False, status__in=CORRECTION_STATUSES
    )

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
    def correction_under_way(self) -> bool:
        """Published minutes that changed: the published text stays public until the new one
        is published (see agreements.workflow)."""
        return self.published_at is not None and self.status in self.CORRECTION_STATUSES

    @property
    def minutes_are_public(self) -> bool:
        return self.status == self.Status.PUBLISHED or self.correction_under_way

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

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


class AgendaItemQuerySet(models.QuerySet):
    def public(self):
        """Items of published minutes."""
        return self.filter(meeting__in=Meeting.objects.with_published_minutes())

    def on_theme(self, theme):
        return self.filter(themes=theme)


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="items"
    )
    number = models.PositiveSmallIntegerField(_("§"))
    title = models.CharField(_("title"), max_length=300)
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    minutes = models.TextField(_("minutes"), blank=True, help_text=help_texts.MARKDOWN)
    decision = models.TextField(_("decision"), blank=True, help_text=help_texts.MARKDOWN)
    minutes_html = MarkdownHTMLField(source="minutes", top=4)
    decision_html = MarkdownHTMLField(source="decision", top=5)
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
    search_vector = search_vector_field(("title", "A"), ("decision", "B"), ("minutes", "C"))

    objects = AgendaItemQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["lock_version", "minutes_html", "decision_html", "search_vector"]
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "number"]
        indexes = search_indexes("agenda_item", "title")
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
    organisation_name = models.CharField(
        _("organisation as written"),
        max_length=200,
        blank=True,
        help_text=_("From imported minutes, when the organisation is not in the directory."),
    )
    role = models.CharField(_("role"), max_length=100, blank=True)
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
    email = models.EmailField(
        _("e-mail"),
        blank=True,
        help_text=_("The request for adjustment is sent here (else to the account's address)."),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="sv"
    )
    # The current approval, if any; every approval and its withdrawal is kept in `approvals`.
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

    @property
    def address(self) -> str:
        return self.email or (self.user.email if self.user else "")


class AdjustmentApproval(models.Model):
    """One approval of the minutes by an adjuster: which state of the minutes, when, recorded
    by whom, and — once the minutes changed or the approval was undone — when and why it was
    withdrawn. Withdrawn approvals are kept."""

    class Withdrawal(models.TextChoices):
        MINUTES_CHANGED = "minutes_changed", _("minutes changed")
        UNDONE = "undone", _("undone in the administration")

    adjuster = models.ForeignKey(
        Adjuster, verbose_name=_("adjuster"), on_delete=models.CASCADE, related_name="approvals"
    )
    minutes_revision = models.PositiveIntegerField(_("state of the minutes"))
    approved_at = models.DateTimeField(_("approved"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approval recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawal_reason = models.CharField(
        _("reason for withdrawal"), max_length=20, choices=Withdrawal.choices, blank=True
    )
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("approval of the minutes")
        verbose_name_plural = _("approvals of the minutes")
        ordering = ["approved_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["adjuster"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_current_approval_per_adjuster",
                violation_error_message=_("The adjuster has already approved these minutes."),
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True, withdrawal_reason="")
                | Q(withdrawn_at__isnull=False) & ~Q(withdrawal_reason=""),
                name="withdrawn_approval_has_a_reason",
            ),
        ]

    def __str__(self):
        return f"{self.adjuster} {self.approved_at:%Y-%m-%d %H:%M}"

    @property
    def is_current(self) -> bool:
        return self.withdrawn_at is None
