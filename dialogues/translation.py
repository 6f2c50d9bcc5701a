from modeltranslation.translator import TranslationOptions, register

from .models import DialogueEvent


@register(DialogueEvent)
class DialogueEventTranslation(TranslationOptions):
    """The legend of the topic grid explains the interface's marks; other text of an event is
    what was written on the day, and stays as written."""

    fields = ("grid_legend",)
