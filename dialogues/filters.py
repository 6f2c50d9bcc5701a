"""The filters of /dialoger/: year, kind and theme, as a plain GET form."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from okportal.forms import PortalFilterForm
from organisations.models import Theme

from .models import DialogueEvent


class EventFilter(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(
        label=_("Year"), method="filter_year", empty_label=_("All years")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=DialogueEvent.Kind.choices, empty_label=_("All kinds")
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        method="filter_theme",
        empty_label=_("All themes"),
        widget=forms.Select,
    )

    class Meta:
        model = DialogueEvent
        fields = ["year", "kind", "theme"]
        form = PortalFilterForm

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = [(y, str(y)) for y in years]
        # the field adds its empty label ("All years") itself
        self.form.fields["year"].choices = [(y, str(y)) for y in years]

    def filter_year(self, queryset, name, value):
        return queryset.in_year(int(value))

    def filter_theme(self, queryset, name, value):
        return queryset.on_theme(value)
