"""Organisations: the directory's rows, searched, and the coordinators' queue of those
awaiting approval."""

import re

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
from django.db.models import F, OuterRef, Q
from django.db.models.functions import JSONObject, Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from simple_history.models import HistoricalRecords

from ..validators import validate_organisation_number
from .names import plain_letters, plain_text, sort_key_field
from .reference import LegalForm, Level, Municipality, Sector, Theme


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


class PendingOrganisation(Organisation):
    """The coordinators' queue: organisations awaiting a decision."""

    class Meta:
        proxy = True
        verbose_name = _("organisation awaiting approval")
        verbose_name_plural = _("organisations awaiting approval")
