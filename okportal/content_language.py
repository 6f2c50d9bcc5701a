"""Content in two languages (django-modeltranslation): Swedish first, English beside it.

`obj.name` reads the text in the language of the request and falls back to Swedish; the
original column (`name`) always holds the Swedish text, so that what is computed from it in
the database (sort keys, search vectors) is the same whoever saved the row.
"""

from django.conf import settings
from django.utils import translation
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname, get_language


class SwedishOriginal:
    """Mixin for a translated model: its original columns are saved in Swedish."""

    def save(self, *args, **kwargs):
        with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
            super().save(*args, **kwargs)


def fallback_language(obj, field: str) -> str | None:
    """The language `obj.<field>` is shown in when it is not the page's language (the text
    has no translation yet), else None."""
    language = get_language()
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    if language == default or field not in translator.get_options_for_model(type(obj)).fields:
        return None
    if getattr(obj, build_localized_fieldname(field, language)) or not getattr(obj, field):
        return None
    return default
