"""The Swedish text into its own column, and English where the Swedish is known word for word
(see okportal/english_content.py). Backwards: the English is emptied."""

from django.db import migrations

from okportal.english_content import data_migration

forward, backward = data_migration("dialogues.DialogueEvent")


class Migration(migrations.Migration):
    dependencies = [("dialogues", "0003_grid_legend_english_field")]

    operations = [migrations.RunPython(forward, backward)]
