"""Organisations, the people who represent them, working groups and their members.

Themes and municipalities are data that coordinators edit; other apps link to them.
"""

import re
import unicodedata
import uuid

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVectorField,
    TrigramSimilarity,
)
from django.db import models
from django.db.models import Case, F, Func, OuterRef, Q, Value, When
from django.db.models.functions import JSONObject, Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from simple_history.models import HistoricalRecords

from okportal.content_language import SwedishOriginal

from .validators import validate_organisation_number

# The database has no ICU collations (the embedded PostgreSQL is built without ICU), so Swedish
# order comes from a stored sort key: the lower-cased name with å, ä, ö (and æ, ø) mapped to the
# three code points after z, and other accented letters to their base letter; compared bytewise
# ("C"). translate() and lower() are immutable, so the key is a generated column with an index.
_ACCENTED = "ÅåÄäÆæÖöØøÉéÈèÊêËëÜüÁáÀàÂâÍíÌìÓóÒòÚúÙù"
_SORTS_AS = "{{||||}}}}eeeeeeeeyyaaaaaaiiiioooouuuu"
_UNACCENTED = "AaAaAaOoOoEeEeEeEeUuAaAaAaIiIiOoOoUuUu"


def swedish_sort_key(field: str) -> Lower:
    return Lower(Func(F(field), Value(_ACCENTED), Value(_SORTS_AS), function="translate"))


def plain_text(text: str) -> str:
    """Lower case, without accents and punctuation: what near-identical names are compared on."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("æ", "a").replace("ø", "o"))
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9\s]+", "", letters).split())


def plain_letters(field: str) -> Func:
    """The database's counterpart of `plain_text`, for the letters Swedish names use."""
    lowered = Lower(Func(F(field), Value(_ACCENTED), Value(_UNACCENTED), function="translate"))
    return Func(
        lowered, Value("[^a-z0-9[:space:]]+"), Value(""), Value("g"), function="regexp_replace"
    )


def sort_key_field(field: str = "name") -> models.GeneratedField:
    return models.GeneratedField(
        expression=swedish_sort_key(field),
        output_field=models.CharField(max_length=255, db_collation="C"),
        db_persist=True,
        editable=False,
    )


class Theme(SwedishOriginal, models.Model):
    """A question that runs through everything: folkhälsa, integration, IOP …"""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    keywords = models.TextField(
        _("keywords"),
        blank=True,
        help_text=_(
            "Words that suggest the theme when a document is imported, one per line. A word "
            "also matches longer words that begin with it: “folkhäls” matches “folkhälsan”."
        ),
    )
    sort_name = sort_key_field()

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["sort_name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("search:theme", args=[self.slug])

    def mentioned_in(self, text: str) -> bool:
        """Does the text mention the theme's name or one of its keywords? What the importers
        assign a theme by; the coordinator corrects it in the administration."""
        words = [self.name, *self.keywords.splitlines()]
        phrases = [r"\s+".join(map(re.escape, w.split())) for w in words if w.strip()]
        return bool(re.search(rf"(?<!\w)(?:{'|'.join(phrases)})", text, re.IGNORECASE))


class Municipality(models.Model):
    """One of Värmland's sixteen municipalities (kommuner)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    code = models.CharField(_("municipality code"), max_length=4, unique=True)
    sort_name = sort_key_field()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["sort_name"]

    def __str__(self):
        return self.name


class Sector(models.TextChoices):
    """The five sectors of the Penta Helix."""

    IDEA_DRIVEN = "ideburen", _("Idea-driven sector")
    PUBLIC = "offentlig", _("Public sector")
    BUSINESS = "naringsliv", _("Business")
    ACADEMIA = "akademi", _("Academia")
    CITIZENS = "medborgare", _("Citizens")


class LegalForm(models.TextChoices):
    NON_PROFIT = "ideell-forening", _("Non-profit association")
    ECONOMIC = "ekonomisk-forening", _("Economic association")
    FOUNDATION = "stiftelse", _("Foundation")
    FAITH = "trossamfund", _("Registered faith community")
    NETWORK = "natverk", _("Network")
    COOPERATIVE = "kooperativ", _("Cooperative")
    AUTHORITY = "myndighet", _("Authority, region or municipality")
    COMPANY = "foretag", _("Company")
    OTHER = "annan", _("Other")


class Level(models.TextChoices):
    NATIONAL = "nationell", _("National")
    REGIONAL = "regional", _("Regional (county)")
    LOCAL = "lokal", _("Local")


class OrganisationQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status=Organisation.Status.APPROVED)

    def pending(self):
        return self.filter(status=Organisation.Status.PENDING)

    def on_theme(self, theme):
        return self.filter(themes=theme)

    def represented_by(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(representatives__user=user)

    def alphabetical(self):
        return self.order_by("sort_name", "pk")

    def search(self, text: str):
        """Ranked full-text search on name (A), themes and municipalities (B) and description
        (C), and the name holding the text as it is typed (a partial word). Both conditions
        are served by an index (organisation_search, the trigram index on the name: EXPLAIN in
        the tests), so only the rows found are read and ranked."""
        query = SearchQuery(text, config="swedish", search_type="websearch")
        return (
            self.annotate(rank=SearchRank(F("search_vector"), query))
            .filter(Q(search_vector=query) | Q(name__iregex=re.sub(r"(\W)", r"\\\1", text)))
            .order_by("-rank", "sort_name")
        )

    def misspelled(self, text: str):
        """Names like the text, most alike first: for a search that finds nothing (a typing
        error). Not part of `search`: the similarity of every name costs ten times the rest."""
        return (
            self.annotate(similarity=TrigramSimilarity("name", text))
            .filter(name__trigram_similar=text)
            .order_by("-similarity", "sort_name")
        )

    def listed(self):
        """What a list of organisations shows of each, as rows of values: its columns, its
        municipalities' names (`places`) and its themes' keys and names in every language
        (`theme_rows`, {"id", "name_sv", "name_en"}), in their order; no model instances."""
        names = [build_localized_fieldname("name", code) for code, _name in settings.LANGUAGES]
        return self.values(
            "pk",
            "name",
            "slug",
            "sector",
            "legal_form",
            "level",
            "description",
            places=ArraySubquery(
                self.model.municipalities.through.objects.filter(organisation=OuterRef("pk"))
                .order_by("municipality__sort_name")
                .values("municipality__name")
            ),
            theme_rows=ArraySubquery(
                self.model.themes.through.objects.filter(organisation=OuterRef("pk"))
                .order_by("theme__sort_name")
                .values(row=JSONObject(id="theme_id", **{n: f"theme__{n}" for n in names}))
            ),
        )

    def similar_names(self, name: str, threshold: float = 0.7):
        """Names that are nearly the same, whatever the case, accents and punctuation."""
        return (
            self.annotate(similarity=TrigramSimilarity(plain_letters("name"), plain_text(name)))
            .filter(similarity__gte=threshold)
            .order_by("-similarity")
        )


class Organisation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    legal_form = models.CharField(_("legal form"), max_length=30, choices=LegalForm.choices)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("municipalities"), blank=True, related_name="organisations"
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("focus themes"), blank=True, related_name="organisations"
    )
    organisation_number = models.CharField(
        _("organisation number"),
        max_length=11,
        blank=True,
        validators=[validate_organisation_number],
        help_text=_("Ten digits, e.g. 802000-1234."),
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("public e-mail"), blank=True)
    phone = models.CharField(_("public phone"), max_length=30, blank=True)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(
        _("language of the registration"), max_length=10, default="sv", editable=False
    )
    created_at = models.DateTimeField(_("registered"), default=timezone.now)

    sort_name = sort_key_field()
    # Name (A), themes and municipalities (B), description (C): kept by database triggers
    # (migration 0005), since a generated column cannot read the related themes.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_vector", "sort_name"])

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["sort_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation_number"],
                condition=~Q(organisation_number=""),
                name="one_organisation_per_number",
                violation_error_message=_(
                    "An organisation with this number is already registered."
                ),
            ),
            models.UniqueConstraint(
                Lower("name"),
                name="one_organisation_per_name",
                violation_error_message=_("An organisation with this name is already registered."),
            ),
        ]
        # The GIN indexes take new entries at once (fastupdate off), not in a pending list
        # that every search reads through until (auto)vacuum sorts it in: organisations are
        # saved seldom and searched often.
        indexes = [
            GinIndex(fields=["search_vector"], name="organisation_search", fastupdate=False),
            GinIndex(
                fields=["name"],
                opclasses=["gin_trgm_ops"],
                name="organisation_name_trigram",
                fastupdate=False,
            ),
            # the directory's order (alphabetical(): name, then key) with the key in it, so
            # that the keys of a page (OFFSET n) are read from the index alone
            models.Index(fields=["status", "sort_name", "id"], name="organisation_directory"),
            models.Index(fields=["status"], name="organisation_status"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisations:detail", args=[self.slug])

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.APPROVED


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


class PendingOrganisation(Organisation):
    """The coordinators' queue: organisations awaiting a decision."""

    class Meta:
        proxy = True
        verbose_name = _("organisation awaiting approval")
        verbose_name_plural = _("organisations awaiting approval")


class JoinRequest(Membership):
    """The coordinators' queue: requests to join a working group."""

    class Meta:
        proxy = True
        verbose_name = _("request to join a group")
        verbose_name_plural = _("requests to join a group")
