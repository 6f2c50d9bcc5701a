"""What the portal adds to allauth's accounts: a name asked at sign-up, how a person is
called in messages (by that name, or by their own address, never by a generated username), and
links in allauth's mails on the portal's one address (SITE_URL), whatever host was asked."""

from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.conf import settings
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


def on_site(url: str) -> str:
    """`url` on SITE_URL's scheme and host; a relative address is left as it is."""
    parts = urlsplit(url)
    if not parts.netloc:
        return url
    site = urlsplit(settings.SITE_URL)
    path = site.path.rstrip("/") + parts.path
    return urlunsplit((site.scheme, site.netloc, path, parts.query, parts.fragment))


class AccountAdapter(DefaultAccountAdapter):
    """ACCOUNT_ADAPTER: allauth builds its mails' links from the request's host; every link in
    them (activate_url, password_reset_url, signup_url …) goes out on SITE_URL instead."""

    def send_mail(self, template_prefix, email, context):
        context = {
            key: on_site(value) if key.endswith("_url") and isinstance(value, str) else value
            for key, value in context.items()
        }
        super().send_mail(template_prefix, email, context)
