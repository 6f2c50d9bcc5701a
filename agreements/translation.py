from modeltranslation.translator import TranslationOptions, register

from .models import Phase, Principle


@register(Principle)
class PrincipleTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Phase)
class PhaseTranslation(TranslationOptions):
    fields = ("description",)
