"""A translated field (django-modeltranslation) read in SQL in the visitor's language: for
queries that select columns (values(), a UNION of kinds, JSON built in the database), where
modeltranslation's own rewriting of field names does not reach."""

from django.conf import settings
from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname


def localized(path: str, language: str | None = None):
    """The field `path` (e.g. "name" or "theme__name") in `language` (the active one by
    default), the default language's text where that translation is empty, as settings'
    MODELTRANSLATION_FALLBACK_LANGUAGES say."""
    language = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    default = F(build_localized_fieldname(path, settings.MODELTRANSLATION_DEFAULT_LANGUAGE))
    if language == settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
        return default
    translated = NullIf(F(build_localized_fieldname(path, language)), Value(""))
    return Coalesce(translated, default, output_field=TextField())
