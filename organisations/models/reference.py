"""Data that coordinators edit and other apps link to: themes, municipalities, and the
choices an organisation is described by."""

import re

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from okportal.content_language import SwedishOriginal

from .names import sort_key_field


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
