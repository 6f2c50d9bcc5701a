from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info

register = template.Library()


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this very page in the other languages: plain links, no JavaScript needed."""
    request = context["request"]
    current = context.get("LANGUAGE_CODE")
    return {
        "languages": [
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": translate_url(request.get_full_path(), code),
            }
            for code, _name in settings.LANGUAGES
            if code != current
        ]
    }
