"""Trigram search, Värmland's sixteen municipalities and the themes of the seeds, as data."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

MUNICIPALITIES = [
    ("1784", "Arvika", "arvika"),
    ("1730", "Eda", "eda"),
    ("1782", "Filipstad", "filipstad"),
    ("1763", "Forshaga", "forshaga"),
    ("1764", "Grums", "grums"),
    ("1783", "Hagfors", "hagfors"),
    ("1761", "Hammarö", "hammaro"),
    ("1780", "Karlstad", "karlstad"),
    ("1715", "Kil", "kil"),
    ("1781", "Kristinehamn", "kristinehamn"),
    ("1762", "Munkfors", "munkfors"),
    ("1760", "Storfors", "storfors"),
    ("1766", "Sunne", "sunne"),
    ("1785", "Säffle", "saffle"),
    ("1737", "Torsby", "torsby"),
    ("1765", "Årjäng", "arjang"),
]

THEMES = [
    ("Folkhälsa", "folkhalsa"),
    ("Psykisk hälsa", "psykisk-halsa"),
    ("Integration", "integration"),
    ("Barn och unga", "barn-och-unga"),
    ("Ensamhet", "ensamhet"),
    ("Demokrati", "demokrati"),
    ("IOP – idéburet offentligt partnerskap", "iop"),
    ("Funktionshinder och tillgänglighet", "tillganglighet"),
    ("Äldre", "aldre"),
    ("Kultur och folkbildning", "kultur-och-folkbildning"),
]


def add_data(apps, schema_editor):
    Municipality = apps.get_model("organisations", "Municipality")
    Theme = apps.get_model("organisations", "Theme")
    for code, name, slug in MUNICIPALITIES:
        Municipality.objects.update_or_create(code=code, defaults={"name": name, "slug": slug})
    for name, slug in THEMES:
        Theme.objects.get_or_create(slug=slug, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_organisations_groups_memberships")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(add_data, migrations.RunPython.noop),
    ]
