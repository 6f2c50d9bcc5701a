from crispy_forms.layout import Div, Fieldset
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from okportal.forms import PortalForm

from .models import LegalForm, Membership, Municipality, Organisation, Theme
from .validators import normalise_organisation_number

PROFILE_FIELDS = [
    "name",
    "organisation_number",
    "sector",
    "legal_form",
    "level",
    "municipalities",
    "themes",
    "description",
    "website",
    "email",
    "phone",
]
NUMBER_OPTIONAL_FOR = {LegalForm.NETWORK, LegalForm.OTHER}


class OrganisationProfileForm(PortalForm, forms.ModelForm):
    """The organisation's public profile, for its representatives and at registration."""

    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        help_text=_("For example https://www.example.org"),
        error_messages={"invalid": _("Enter a web address, like https://www.example.org.")},
    )

    class Meta:
        model = Organisation
        fields = PROFILE_FIELDS
        widgets = {
            "municipalities": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 5}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "name": forms.TextInput(attrs={"autocomplete": "organization"}),
        }
        help_texts = {
            "municipalities": _("Where in Värmland the organisation works."),
            "organisation_number": _(
                "Ten digits, e.g. 802000-1234. Networks without a number may leave it empty."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].queryset = Municipality.objects.all()
        self.fields["themes"].queryset = Theme.objects.all()
        self.fields["organisation_number"].validators = []

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        others = Organisation.objects.exclude(pk=self.instance.pk)
        if others.filter(name__iexact=name).exists():
            raise ValidationError(_("An organisation with this name is already registered."))
        return name

    def clean_organisation_number(self):
        value = self.cleaned_data["organisation_number"].strip()
        if not value:
            return ""
        number = normalise_organisation_number(value)
        if (
            Organisation.objects.exclude(pk=self.instance.pk)
            .filter(organisation_number=number)
            .exists()
        ):
            raise ValidationError(_("An organisation with this number is already registered."))
        return number

    def clean(self):
        cleaned = super().clean()
        if (
            "organisation_number" in cleaned
            and not cleaned["organisation_number"]
            and cleaned.get("legal_form")
            and cleaned["legal_form"] not in NUMBER_OPTIONAL_FOR
        ):
            self.add_error(
                "organisation_number",
                _("Enter the organisation number. Only networks may leave it empty."),
            )
        return cleaned

    def validate_unique(self):
        """The form's own checks above speak to the person; the database's constraints stop
        what slips past them (two submissions at once)."""


class RegistrationForm(OrganisationProfileForm):
    ABOUT_YOU = ["role", "public_consent"]

    role = forms.CharField(
        label=_("Your role in the organisation"),
        max_length=100,
        required=False,
        help_text=_("For example chair, operations manager or contact person."),
    )
    public_consent = forms.BooleanField(
        label=_("Show my name as the organisation's contact person on its public page"),
        required=False,
        help_text=_("You can withdraw this at any time under My data."),
    )
    different_organisation = forms.BooleanField(
        label=_("Yes, this is a different organisation"), required=False
    )

    def layout_fields(self):
        about = [n for n in self.fields if n not in [*self.ABOUT_YOU, "different_organisation"]]
        if getattr(self, "show_confirmation", False):
            confirm = Div("different_organisation", css_class="confirm-box")
            about.insert(about.index("name") + 1, confirm)
        return [
            Fieldset(_("The organisation"), *about),
            Fieldset(_("You"), *self.ABOUT_YOU),
        ]

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("name")
        if name and not cleaned.get("different_organisation"):
            similar = Organisation.objects.similar_names(name).first()
            if similar is not None:
                self.add_error(
                    "name",
                    _(
                        "An organisation with a very similar name is already registered: "
                        "%(name)s. If yours is a different organisation, tick the box "
                        "below to confirm."
                    )
                    % {"name": similar.name},
                )
                self.show_confirmation = True
        return cleaned


class InvitationForm(PortalForm, forms.Form):
    email = forms.EmailField(
        label=_("Your colleague's e-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.CharField(
        label=_("Their role in the organisation"), max_length=100, required=False
    )


class JoinForm(PortalForm, forms.Form):
    representative = forms.ChoiceField(label=_("On behalf of"))
    motivation = forms.CharField(
        label=_("Why does your organisation want to take part?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few sentences for the chair and the coordinators."),
    )

    def __init__(self, *args, representatives=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.representatives = {str(r.pk): r for r in representatives}
        self.fields["representative"].choices = [
            (str(r.pk), r.organisation.name) for r in representatives
        ]

    def clean_representative(self):
        return self.representatives[self.cleaned_data["representative"]]


class DecisionForm(PortalForm, forms.Form):
    membership = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        choices=[
            (Membership.Status.ACTIVE, _("Accept")),
            (Membership.Status.DECLINED, _("Decline")),
        ]
    )
    reason = forms.CharField(label=_("Reason (optional)"), max_length=1000, required=False)

    def layout_fields(self):
        return ["membership", "reason"]  # the decision is the button pressed


class NameForm(PortalForm, forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        help_text=_("First name and surname, as others see them where you agreed to be shown."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )


class DeleteAccountForm(PortalForm, forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account and my personal data will be deleted for good")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("The password is not right."))
        return password
