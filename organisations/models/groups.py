"""Working groups, their member organisations, and the coordinators' queue of requests to
join."""

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .names import sort_key_field
from .organisation import Organisation
from .people import Representative
from .reference import Theme


class WorkingGroupQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def alphabetical(self):
        return self.order_by("sort_name", "pk")


class WorkingGroup(models.Model):
    class Kind(models.TextChoices):
        WORKING_GROUP = "arbetsgrupp", _("Working group")
        REFERENCE_GROUP = "referensgrupp", _("Reference group")
        STEERING_GROUP = "ledningsgrupp", _("Steering group")
        NETWORK = "natverk", _("Network")
        COUNCIL = "rad", _("Council")

    class JoinPolicy(models.TextChoices):
        OPEN = "open", _("Open: organisations join at once")
        REQUEST = "request", _("By request: a coordinator or the chair decides")
        INVITATION = "invitation", _("By invitation only")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("purpose"), blank=True)
    join_policy = models.CharField(
        _("joining"), max_length=20, choices=JoinPolicy.choices, default=JoinPolicy.REQUEST
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="working_groups"
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sort_name = sort_key_field()

    objects = WorkingGroupQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["sort_name"])

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["sort_name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisations:group_detail", args=[self.slug])


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Membership.Status.ACTIVE)

    def requested(self):
        return self.filter(status=Membership.Status.REQUESTED)

    def current(self):
        return self.filter(status__in=Membership.OPEN_STATUSES)

    def by_role(self):
        """Chair first, then secretary, members, deputies and co-opted; by name within each."""
        order = [
            Membership.Role.CHAIR,
            Membership.Role.SECRETARY,
            Membership.Role.MEMBER,
            Membership.Role.DEPUTY,
            Membership.Role.CO_OPTED,
        ]
        rank = Case(*(When(role=role, then=Value(n)) for n, role in enumerate(order)), default=9)
        return self.order_by(rank, "organisation__sort_name")


class Membership(models.Model):
    """An organisation in a working group, through one of its representatives."""

    class Role(models.TextChoices):
        CHAIR = "ordforande", _("Chair")
        MEMBER = "ledamot", _("Member")
        DEPUTY = "ersattare", _("Deputy")
        CO_OPTED = "adjungerad", _("Co-opted")
        SECRETARY = "sekreterare", _("Secretary")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACTIVE = "active", _("Active")
        DECLINED = "declined", _("Declined")
        LEFT = "left", _("Left")

    OPEN_STATUSES = [Status.REQUESTED, Status.ACTIVE]

    group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    representative = models.ForeignKey(
        Representative,
        verbose_name=_("representative"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    motivation = models.TextField(_("motivation"), blank=True)
    language = models.CharField(max_length=10, default="sv", editable=False)
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)
    joined_at = models.DateTimeField(_("joined"), null=True, blank=True)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["group", "requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "organisation"],
                condition=Q(status__in=["requested", "active"]),
                name="one_current_membership_per_group",
                violation_error_message=_("The organisation is already a member or has asked."),
            )
        ]
        indexes = [models.Index(fields=["group", "status"], name="membership_group_status")]

    def __str__(self):
        return f"{self.organisation} – {self.group}"


class JoinRequest(Membership):
    """The coordinators' queue: requests to join a working group."""

    class Meta:
        proxy = True
        verbose_name = _("request to join a group")
        verbose_name_plural = _("requests to join a group")
