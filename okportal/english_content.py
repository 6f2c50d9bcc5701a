"""English for the Swedish content that is part of the interface: the themes of the seeds, the
principles and phases of the demo agreement, the legend of the seeds' topic grid.

Keyed by the Swedish text, so that only a text known word for word gets its English: a region
that wrote its own principles keeps them for its coordinators to translate in the admin. Used
by the data migrations (rows that exist) and the demo loader (rows it creates).
"""

ENGLISH = {
    # themes
    "Folkhälsa": "Public health",
    "Psykisk hälsa": "Mental health",
    "Integration": "Integration",
    "Barn och unga": "Children and young people",
    "Ensamhet": "Loneliness",
    "Demokrati": "Democracy",
    "IOP – idéburet offentligt partnerskap": "IOP – idea-driven public partnership",
    "Funktionshinder och tillgänglighet": "Disability and accessibility",
    "Äldre": "Older people",
    "Kultur och folkbildning": "Culture and popular education",
    # the national principles
    "Självständighet och oberoende": "Independence and autonomy",
    "Dialog": "Dialogue",
    "Långsiktighet": "Long-term commitment",
    "Kvalitet": "Quality",
    "Öppenhet och insyn": "Openness and transparency",
    "Mångfald": "Diversity",
    "De idéburna organisationernas rätt att självständigt formulera sina uppfattningar och "
    "bedriva påverkansarbete, oberoende av offentligt stöd.": (
        "The right of idea-driven organisations to form their own views and to advocate "
        "for them, independently of public funding."
    ),
    "Parterna för en öppen dialog på lika villkor, där båda sidors kunskap och erfarenhet tas "
    "tillvara – i tidigt skede, innan beslut fattas.": (
        "The parties hold an open dialogue on equal terms, in which the knowledge and "
        "experience of both sides are used – early, before decisions are taken."
    ),
    "Samverkan och finansiering planeras över längre tid, så att organisationerna kan bygga "
    "verksamhet som håller.": (
        "Cooperation and funding are planned over a longer time, so that the organisations "
        "can build work that lasts."
    ),
    "De idéburna organisationerna har en särart som är en del av kvaliteten; den ska kunna "
    "beskrivas och följas upp på organisationernas egna villkor.": (
        "The idea-driven organisations have a distinctive character that is part of their "
        "quality; it can be described and followed up on the organisations' own terms."
    ),
    "Parterna är öppna med hur beslut fattas och hur medel fördelas, och ger varandra insyn.": (
        "The parties are open about how decisions are taken and how funds are allocated, and "
        "give each other insight."
    ),
    "En mångfald av utförare och av organisationsformer, så att människor kan välja och "
    "idéburna organisationer kan bidra med sina särskilda erfarenheter.": (
        "A diversity of providers and of forms of organisation, so that people can choose and "
        "idea-driven organisations can contribute their particular experience."
    ),
    # the regional principles of the demo
    "Utveckling": "Development",
    "Integritet": "Integrity",
    "Samhällsutveckling": "Community development",
    "Mångfald (individ)": "Diversity (individual)",
    "Samverkan": "Cooperation",
    "Förnyelse": "Renewal",
    "Tillgänglighet": "Accessibility",
    # the phases of the demo
    "En arbetsgrupp har funnits sedan mötet den 23 januari 2015.": (
        "A working group has existed since the meeting of 23 January 2015."
    ),
    "Inspirationsdagen 23 oktober 2015: vad en överenskommelse är och vilka som ska vara med.": (
        "The inspiration day of 23 October 2015: what an agreement is and who should take part."
    ),
    "Open Space samma eftermiddag; parterna formar i dialog de principer som ska gälla.": (
        "Open Space the same afternoon; in dialogue, the parties shape the principles that "
        "are to apply."
    ),
    "Ett första utkast till text (demotext).": "A first draft of the text (demo text).",
    "Remiss, förankring i organisationerna och beslut.": (
        "Consultation, anchoring in the organisations and decision."
    ),
    "Sedan börjar arbetet: uppföljning och revidering.": (
        "Then the work begins: follow-up and revision."
    ),
    # the legend of the Open Space topic grid (2015)
    "Ämnen som kom upp som förslag, de med *kursiv* stil diskuterades inte som separata ämnen.": (
        "Topics that were proposed; those in *italics* were not discussed as topics of their own."
    ),
    "Ämnen som kom upp som förslag, de med kursiv stil diskuterades inte som separata ämnen.": (
        "Topics that were proposed; those in italics were not discussed as topics of their own."
    ),
}

# model label → its translated fields (as in the apps' translation.py)
TRANSLATED = {
    "organisations.Theme": ("name", "description"),
    "agreements.Principle": ("name", "description"),
    "agreements.Phase": ("description",),
    "dialogues.DialogueEvent": ("grid_legend",),
}


def fill(model, fields) -> None:
    """Swedish from the original column where it is missing, then the English that is known.
    Works on the migrations' historical models and on the real ones alike."""
    for row in model.objects.all():
        changed = []
        for field in fields:
            swedish = getattr(row, f"{field}_sv") or row.__dict__.get(field) or ""
            if getattr(row, f"{field}_sv") != swedish:
                setattr(row, f"{field}_sv", swedish)
                changed.append(f"{field}_sv")
            english = ENGLISH.get(swedish.strip())
            if english and not getattr(row, f"{field}_en"):
                setattr(row, f"{field}_en", english)
                changed.append(f"{field}_en")
        if changed:
            model.objects.filter(pk=row.pk).update(**{f: getattr(row, f) for f in changed})


def fill_all(apps) -> None:
    for label, fields in TRANSLATED.items():
        fill(apps.get_model(label), fields)


def data_migration(*labels):
    """The forward and backward steps of an app's data migration for `labels`."""

    def forward(apps, schema_editor):
        for label in labels:
            fill(apps.get_model(label), TRANSLATED[label])

    def backward(apps, schema_editor):
        for label in labels:
            apps.get_model(label).objects.update(
                **{f"{field}_en": None for field in TRANSLATED[label]}
            )

    return forward, backward
