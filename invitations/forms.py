from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from okportal.forms import PortalForm
from organisations.models import Organisation, WorkingGroup

from .models import Answer


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"), choices=Answer.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=300,
        help_text=_("For example: “I will be ten minutes late”."),
    )
    substitute = forms.ModelChoiceField(
        label=_("Someone else from your organisation comes instead"),
        required=False,
        queryset=None,
        empty_label=_("No one"),
    )

    def __init__(self, *args, substitutes, **kwargs):
        super().__init__(*args, **kwargs)
        if substitutes.exists():
            self.fields["substitute"].queryset = substitutes
            self.fields["substitute"].label_from_instance = lambda r: r.display_name
        else:
            del self.fields["substitute"]


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Your remarks on the minutes"), widget=forms.Textarea(attrs={"rows": 5})
    )


class InviteForm(PortalForm, forms.Form):
    """Whom a coordinator or a group's chair invites: whole groups, single organisations,
    single addresses."""

    groups = forms.ModelMultipleChoiceField(
        label=_("Working groups"),
        required=False,
        queryset=WorkingGroup.objects.active().alphabetical(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Their active member organisations' representatives."),
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations"),
        required=False,
        queryset=Organisation.objects.public().alphabetical(),
        help_text=_("Their representatives, else the organisation's own address."),
    )
    emails = forms.CharField(
        label=_("E-mail addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line or separated by commas; people without an account too."),
    )

    def clean_emails(self):
        text = self.cleaned_data["emails"]
        return [part.strip() for part in text.replace(",", "\n").splitlines() if part.strip()]

    def targets(self) -> dict:
        """Whom to invite, as inviting.preview and inviting.invite take them."""
        return {name: self.cleaned_data[name] for name in ("groups", "organisations", "emails")}

    def clean(self):
        data = super().clean()
        if not (data.get("groups") or data.get("organisations") or data.get("emails")):
            raise ValidationError(_("Choose a group, an organisation or an address to invite."))
        return data
