"""The Swedish text into its own column, and English where the Swedish is known word for word
(see okportal/english_content.py). Backwards: the English is emptied."""

from django.db import migrations

from okportal.english_content import data_migration

forward, backward = data_migration("agreements.Principle", "agreements.Phase")


class Migration(migrations.Migration):
    dependencies = [("agreements", "0004_principle_phase_english_fields")]

    operations = [migrations.RunPython(forward, backward)]
