import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from okportal.forms import PortalFilterForm, PortalFilterSet

from .models import LegalForm, Level, Municipality, Organisation, Sector, Theme


def signatures():
    """The agreements app's signatures (which organisation signed which version)."""
    return Organisation._meta.get_field("agreement_signatures").related_model.objects.all()


class DirectoryFilter(PortalFilterSet):
    """The public directory's filters; every value comes from a plain GET form."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    sector = django_filters.ChoiceFilter(
        label=_("Sector"), choices=Sector.choices, empty_label=_("All sectors")
    )
    legal_form = django_filters.ChoiceFilter(
        label=_("Legal form"), choices=LegalForm.choices, empty_label=_("All legal forms")
    )
    level = django_filters.ChoiceFilter(
        label=_("Level"), choices=Level.choices, empty_label=_("All levels")
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        field_name="municipalities",
        to_field_name="slug",
        queryset=Municipality.objects.all(),
        empty_label=_("All municipalities"),
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        empty_label=_("All themes"),
    )

    signatory = django_filters.BooleanFilter(
        label=_("Has signed the agreement"),
        method="signed",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Organisation
        fields = ["q", "sector", "legal_form", "level", "municipality", "theme", "signatory"]
        form = PortalFilterForm

    def signed(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Exists(signatures().filter(organisation=OuterRef("pk"))))

    def search(self, queryset, name, value):
        """What the words find, the names that hold them first (`qs` looks for names like
        them when they find nothing)."""
        value = value.strip()
        return queryset.search(value) if value else queryset

    @property
    def words(self) -> str:
        """The search's words, once the form is valid; else nothing."""
        return (self.form.cleaned_data.get("q") or "").strip() if self.is_valid() else ""

    @property
    def found(self):
        """What the filters and the words find: nothing guessed for a search that finds
        nothing (the directory learns that from its page's own rows, with no query of its own)."""
        return super().qs

    @property
    def qs(self):
        """What the filters and the words find; names like the words when they find nothing
        (a typing error)."""
        found = self.found
        return self.misspelled() if self.words and not found.exists() else found

    def misspelled(self):
        """The other filters' rows whose names are like the words, most alike first."""
        return self.unsearched().misspelled(self.words)

    def unsearched(self, values: dict | None = None):
        """The rows of the filters but the words (of the form's, or of these `values`)."""
        rows = self.queryset.all()
        for name, value in (self.form.cleaned_data if values is None else values).items():
            if name != "q":
                rows = self.filters[name].filter(rows, value)
        return rows
