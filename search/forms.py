from django import forms
from django.utils.translation import gettext_lazy as _

from okportal.forms import PortalForm
from organisations.models import Theme

from .kinds import KINDS

MAX_QUERY = 200


FILTERS = ["kind", "year", "theme"]


class SearchForm(PortalForm, forms.Form):
    q = forms.CharField(
        label=_("Search for"),
        required=False,
        max_length=MAX_QUERY,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_(
            "Words in quotes are found together; a minus sign leaves a word out, e.g. "
            "“psykisk hälsa” -covid."
        ),
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
    page = forms.IntegerField(  # from the result pages' links, not shown in the form
        required=False,
        widget=forms.HiddenInput,
        min_value=1,
        max_value=10_000,
        error_messages={
            "invalid": _("The page number is not a number."),
            "min_value": _("There is no such page."),
            "max_value": _("There is no such page."),
        },
    )

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())
