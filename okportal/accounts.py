"""What the portal adds to allauth's accounts: a name asked at sign-up, and how a person is
called in messages (by that name, or by their own address, never by a generated username)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class SignupForm(forms.Form):
    """allauth's sign-up form is built on this one (ACCOUNT_SIGNUP_FORM_CLASS)."""

    field_order = ["name", "email", "password1", "password2"]  # allauth follows it

    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        help_text=_(
            "First name and surname, as others will see them. Your name is shown publicly only "
            "if you agree to it."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def signup(self, request, user):
        user.name = self.cleaned_data["name"]
        user.save(update_fields=["name"])


def user_display(user) -> str:
    """ACCOUNT_USER_DISPLAY: shown to the person themself, so their own address will do."""
    return user.get_full_name() or user.email
