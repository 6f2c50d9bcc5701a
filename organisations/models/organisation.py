"""Organisations: the directory's rows, searched, and the coordinators' queue of those
awaiting approval."""

import re

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import (
    SearchQuery,
    SearchVector,
    SearchVectorField,
    TrigramSimilarity,
)
from django.db import models
from django.db.models import ExpressionWrapper, F, OuterRef, Q, Value
from django.db.models.functions import JSONObject, Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from simple_history.models import HistoricalRecords

from ..validators import validate_organisation_number
from .names import plain_letters, plain_text, sort_key_field
from .reference import LegalForm, Level, Municipality, Sector, Theme


def _search_conditions(text: str) -> tuple[Q, Q]:
    """The rows the words find anywhere, and those whose names hold them or the text as typed
    (each served by an index: organisation_search; organisation_name_words and the trigram
    index on the name)."""
    query = SearchQuery(text, config="swedish", search_type="websearch")
    return Q(search_vector=query), Q(name_words=query) | Q(name__iregex=as_typed(text))


def as_typed(text: str) -> str:
    """A regular expression of the text as it is typed."""
    return re.sub(r"(\W)", r"\\\1", text)


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
        """What the words find in the name, the themes, the places or the description: those
        whose names hold them (or the text as it is typed, a partial word) first, then the
        others, each in the directory's order. Not ranked by how often the words occur: a rank
        reads every hit, where a page needs twenty of them (`search_page`)."""
        anywhere, in_name = _search_conditions(text)
        return (
            self.filter(anywhere | in_name)
            .alias(in_name=ExpressionWrapper(in_name, output_field=models.BooleanField()))
            .order_by(F("in_name").desc(), "sort_name", "pk")
        )

    def search_page(self, text: str, offset: int, limit: int):
        """The keys of `search(text)[offset:offset + limit]` (a queryset of rows of key, part,
        sort name), reading no more rows than those: the first rows whose names hold the
        words, and the first of the others, each read in order from an index (EXPLAIN in the
        tests)."""
        anywhere, in_name = _search_conditions(text)
        rows = self.order_by("sort_name", "pk")
        parts = [
            rows.filter(condition).annotate(part=Value(number))
            .values_list("id", "part", "sort_name")[: offset + limit]
            for number, condition in ((1, in_name), (2, anywhere & ~in_name))
        ]  # fmt: skip
        found = parts[0].union(parts[1], all=True).order_by("part", "sort_name", "id")
        return found[offset : offset + limit]

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
    # The name's words alone: a search lists first the organisations whose names hold them.
    name_words = models.GeneratedField(
        expression=SearchVector("name", config="swedish"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_vector", "name_words", "sort_name"])

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
            # the names' words alone: a search lists the organisations whose names hold the
            # words first, and reads only as many of them as its page shows
            GinIndex(fields=["name_words"], name="organisation_name_words", fastupdate=False),
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
