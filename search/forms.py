from django import forms
from django.utils.translation import gettext_lazy as _

from organisations.models import Theme

from .kinds import KINDS

MAX_QUERY = 200


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for"),
        required=False,
        max_length=MAX_QUERY,
        error_messages={
            "max_length": _("Search for at most %(limit_value)d characters at a time."),
        },
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Everything")), *[(kind.key, kind.label) for kind in KINDS]],
    )
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=1900,
        max_value=2100,
        error_messages={
            "invalid": _("Give the year in digits, e.g. 2021."),
            "min_value": _("Give a year between 1900 and 2100."),
            "max_value": _("Give a year between 1900 and 2100."),
        },
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        required=False,
        queryset=Theme.objects.all(),
        to_field_name="slug",
        empty_label=_("All themes"),
    )
    page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=10_000,
        error_messages={
            "invalid": _("The page number is not a number."),
            "min_value": _("There is no such page."),
            "max_value": _("There is no such page."),
        },
    )

    def options(self, name: str) -> list[tuple[str, str, bool]] | None:
        """The options of the select `name` as (value, label, selected), None for a field
        that is not a select. A theme's value is its slug; the themes are read in one plain
        query (a ModelChoiceField reads its options through a server-side cursor: four round
        trips for a dozen themes)."""
        field = self.fields[name]
        if isinstance(field, forms.ModelChoiceField):
            themes = [(theme.slug, field.label_from_instance(theme)) for theme in field.queryset]
            choices = [("", field.empty_label), *themes]
        elif isinstance(field, forms.ChoiceField):
            choices = field.choices
        else:
            return None
        current = str(self[name].value() or "")
        return [(value, label, str(value) == current) for value, label in choices]

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())
