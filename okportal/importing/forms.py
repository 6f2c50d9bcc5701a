"""The part of an import preview's form that corrects what lines are: a range of lines and the
role they take ("" gives them back to the parser). Each importer names its own roles."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_CORRECTED_RANGE = 2000


class LineCorrectionForm(forms.Form):
    ROLES: tuple[tuple[str, str], ...] = ()

    first_line = forms.IntegerField(label=gettext_lazy("From line"), required=False, min_value=1)
    last_line = forms.IntegerField(
        label=gettext_lazy("To line"),
        required=False,
        min_value=1,
        help_text=gettext_lazy("Empty: only the first line."),
    )
    role = forms.ChoiceField(label=gettext_lazy("becomes"), choices=(), required=False)

    def __init__(self, *args, line_count: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = self.ROLES
        self.line_count = line_count

    def clean(self):
        data = super().clean()
        first, last = data.get("first_line"), data.get("last_line")
        if last and not first:
            self.add_error("first_line", _("Give the first line of the range."))
        elif first:
            last = last or first
            if last < first:
                self.add_error("last_line", _("The range ends before it starts."))
            elif last > self.line_count:
                self.add_error(
                    "last_line",
                    _("The document has %(count)s lines.") % {"count": self.line_count},
                )
            elif last - first >= MAX_CORRECTED_RANGE:
                self.add_error(
                    "last_line",
                    _("Correct at most %(count)s lines at a time.")
                    % {"count": MAX_CORRECTED_RANGE},
                )
            data["last_line"] = last
        return data

    def corrected(self, corrections: dict[str, str]) -> dict[str, str]:
        """The line corrections with this form's range applied."""
        first, last = self.cleaned_data.get("first_line"), self.cleaned_data.get("last_line")
        if not first:
            return corrections
        updated = dict(corrections)
        for number in range(first, last + 1):
            if self.cleaned_data.get("role"):
                updated[str(number)] = self.cleaned_data["role"]
            else:
                updated.pop(str(number), None)
        return updated
