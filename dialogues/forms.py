from django import forms
from django.utils.translation import gettext_lazy as _

from okportal.documents import MAX_BYTES
from okportal.forms import PortalForm

from .models import BarometerStatement, DialogueEvent


class BarometerAnswerForm(PortalForm, forms.Form):
    value = forms.TypedChoiceField(
        label=_("Where do you stand?"),
        choices=BarometerStatement.Scale.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a place on the scale.")},
    )


class ImportUploadForm(forms.Form):
    """The admin's upload: a file, and where it goes."""

    file = forms.FileField(
        label=_("Document"),
        help_text=_("Plain text (.txt), Markdown (.md) or Word (.docx), at most 10 MB."),
    )
    event = forms.ModelChoiceField(
        label=_("Add to an existing event"),
        queryset=DialogueEvent.objects.order_by("-date"),
        required=False,
        help_text=_("Leave empty to create a new event from the document."),
    )
    is_raw = forms.BooleanField(
        label=_("The document is raw material"),
        required=False,
        help_text=_("E.g. the text of a PDF; its notes are shown apart from the compiled ones."),
    )
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    date = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Needed for a new event when the document does not say it."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", "—"), *DialogueEvent.Kind.choices], required=False
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    organiser = forms.CharField(label=_("Organiser"), max_length=200, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large. It may be at most %(mb)s MB."),
                params={"mb": MAX_BYTES // (1024 * 1024)},
                code="too_large",
            )
        return upload
