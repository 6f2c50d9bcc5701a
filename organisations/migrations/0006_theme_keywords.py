"""Themes get keywords that the importers suggest them by; the seed themes get theirs."""

from django.db import migrations, models

KEYWORDS = {
    "folkhalsa": "folkhäls",
    "psykisk-halsa": "psykisk hälsa\npsykisk ohälsa\npsykiatri",
    "integration": "integration\nnyanländ",
    "barn-och-unga": "barn\nungdom",
    "ensamhet": "ensam\nofrivillig ensamhet",
    "demokrati": "demokrati",
    "iop": "IOP\nidéburet offentligt partnerskap\nidéburna offentliga partnerskap",
    "tillganglighet": "funktionshind\nfunktionsneds\ntillgänglig",
    "aldre": "äldre\npensionär",
    "kultur-och-folkbildning": "kultur\nfolkbildning\nstudieförbund",
}


def add_keywords(apps, schema_editor):
    Theme = apps.get_model("organisations", "Theme")
    for slug, keywords in KEYWORDS.items():
        Theme.objects.filter(slug=slug, keywords="").update(keywords=keywords)


class Migration(migrations.Migration):
    dependencies = [("organisations", "0005_search_vector_with_themes_and_municipalities")]

    operations = [
        migrations.AddField(
            model_name="theme",
            name="keywords",
            field=models.TextField(
                blank=True,
                help_text="Words that suggest the theme when a document is imported, one per line. A word also matches longer words that begin with it: “folkhäls” matches “folkhälsan”.",
                verbose_name="keywords",
            ),
        ),
        migrations.RunPython(add_keywords, migrations.RunPython.noop),
    ]
