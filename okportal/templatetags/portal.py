from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.translation import get_language_info

register = template.Library()


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this very page in the other languages: plain links, no JavaScript needed.
    Pages rendered without the request (the 500 and 400 pages) link to the start page."""
    request = context.get("request")
    path = request.get_full_path() if request is not None else reverse("home")
    current = context.get("LANGUAGE_CODE")
    return {
        "languages": [
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": translate_url(path, code),
            }
            for code, _name in settings.LANGUAGES
            if code != current
        ]
    }
