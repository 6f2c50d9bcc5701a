"""Demo content: the Värmland agreement as the seeds describe it, and the seed minutes imported
through the importer. Loading it again changes nothing."""

import datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from okportal.documents import read_document

from .importing.save import import_minutes
from .models import (
    Agreement,
    AgreementVersion,
    Attendance,
    Meeting,
    Phase,
    Principle,
    Section,
    Signature,
)

SEEDS = Path(__file__).resolve().parent / "seeds"
COUNCIL = ("radet-for-ideburna-organisationer", "Rådet för idéburna organisationer", "rad")
WORKING_GROUP = (
    "arbetsgruppen-2015",
    "Arbetsgruppen för överenskommelsen i Värmland",
    "arbetsgrupp",
)
# The council's minutes do not say when the meeting was held. The council meets on Thursdays
# 9–11 (the next meetings: 2 September and 9 December 2021), and the minutes speak of a
# deadline on 8 May; this Thursday is the demo's assumption, said so on the meeting page.
COUNCIL_MEETING_DATE = datetime.date(2021, 4, 29)
UPCOMING_SLUG = "demo-kommande-radsmote"

NATIONAL = [
    ("Självständighet och oberoende", "sjalvstandighet-och-oberoende",
     "De idéburna organisationernas rätt att självständigt formulera sina uppfattningar och "
     "bedriva påverkansarbete, oberoende av offentligt stöd."),
    ("Dialog", "dialog",
     "Parterna för en öppen dialog på lika villkor, där båda sidors kunskap och erfarenhet tas "
     "tillvara – i tidigt skede, innan beslut fattas."),
    ("Långsiktighet", "langsiktighet",
     "Samverkan och finansiering planeras över längre tid, så att organisationerna kan bygga "
     "verksamhet som håller."),
    ("Kvalitet", "kvalitet",
     "De idéburna organisationerna har en särart som är en del av kvaliteten; den ska kunna "
     "beskrivas och följas upp på organisationernas egna villkor."),
    ("Öppenhet och insyn", "oppenhet-och-insyn",
     "Parterna är öppna med hur beslut fattas och hur medel fördelas, och ger varandra insyn."),
    ("Mångfald", "mangfald",
     "En mångfald av utförare och av organisationsformer, så att människor kan välja och "
     "idéburna organisationer kan bidra med sina särskilda erfarenheter."),
]  # fmt: skip
REGIONAL = [
    ("Demokrati", "demokrati"), ("Utveckling", "utveckling"), ("Integritet", "integritet"),
    ("Samhällsutveckling", "samhallsutveckling"), ("Mångfald (individ)", "mangfald-individ"),
    ("Samverkan", "samverkan"), ("Förnyelse", "fornyelse"), ("Tillgänglighet", "tillganglighet"),
]  # fmt: skip
PHASES = [
    (Phase.Kind.PRE, datetime.date(2015, 1, 23), datetime.date(2015, 10, 23),
     "En arbetsgrupp har funnits sedan mötet den 23 januari 2015."),
    (Phase.Kind.GATHERING, datetime.date(2015, 10, 23), None,
     "Inspirationsdagen 23 oktober 2015: vad en överenskommelse är och vilka som ska vara med."),
    (Phase.Kind.DIALOGUE, datetime.date(2015, 10, 23), None,
     "Open Space samma eftermiddag; parterna formar i dialog de principer som ska gälla."),
    (Phase.Kind.DRAFTING, None, None, "Ett första utkast till text (demotext)."),
    (Phase.Kind.DECISION, None, None, "Remiss, förankring i organisationerna och beslut."),
    (Phase.Kind.IMPLEMENTATION, None, None, "Sedan börjar arbetet: uppföljning och revidering."),
]  # fmt: skip

# (anchor, heading, text, principle slugs) – from what the inspiration day says an agreement is
# and shall do.
DRAFT = [
    ("syfte", "Syfte",
     "Överenskommelsen är en skriftlig gemensam avsiktsförklaring mellan den offentliga "
     "sektorn och den idéburna sektorn i Värmland. Den handlar om spelregler och "
     "grundvärderingar för samarbetet mellan parterna.\n\n"
     "*Samhället är större än staten och marknaden – alla behövs.*",
     ["dialog", "samverkan"]),
    ("rostbarare", "Röstbärare och opinionsbildare",
     "Överenskommelsen ska stärka de idéburna organisationernas självständiga och oberoende "
     "roll som röstbärare och opinionsbildare.",
     ["sjalvstandighet-och-oberoende", "demokrati"]),
    ("mangfald-av-utforare", "Mångfald av utförare",
     "Överenskommelsen ska utveckla en större mångfald av utförare och leverantörer av hälso- "
     "och sjukvård och omsorg.",
     ["mangfald", "kvalitet"]),
    ("samverkan", "God samverkan",
     "Överenskommelsen ska förbättra och utveckla möjligheterna för en god samverkan. "
     "Samverkan kan ske kring en verksamhet, en kris eller nya situationer.",
     ["dialog", "langsiktighet", "samverkan"]),
    ("omraden", "Vad överenskommelsen berör",
     "- det frivilliga arbetet och välfärden\n- folkhälsa och kunskapsutveckling\n"
     "- kris och beredskap\n- integration\n- idéburet företagande och stödstrukturer\n"
     "- demokratin",
     ["samhallsutveckling", "tillganglighet"]),
    ("levande", "Så håller vi överenskommelsen levande",
     "Parterna följer upp överenskommelsen och reviderar den vid behov. Förankring och "
     "spridning sker genom organisationerna och de gemensamma mötena.",
     ["oppenhet-och-insyn", "fornyelse"]),
]  # fmt: skip
SECOND_DRAFT_CHANGES = {
    "samverkan": "Överenskommelsen ska förbättra och utveckla möjligheterna för en god och "
    "jämlik samverkan. Samverkan kan ske kring en verksamhet, en kris eller nya situationer, "
    "och blir särskilt tydlig i kriser.",
    "levande": "Parterna följer upp överenskommelsen varje år och reviderar den vid behov. "
    "Förankring och spridning sker genom organisationerna, rådet och de gemensamma mötena.",
}
# Where the demo text comes from: the 2015 Open Space (dialogues' demo) – for each section, the
# topics (by title) and the compiled notes (by a piece of their text) it cites, and its themes.
CITATIONS = {
    "rostbarare": ([], ["Idéburna själva bestämma på vilken nivå"], ["demokrati"]),
    "samverkan": (
        ["Integration"],
        ["Finna en naturlig väg till samverkan", "Samarbeta om kontakter och information"],
        ["integration"],
    ),
    "omraden": (["Folkhälsa", "Integration"], ["Integration + folkhälsa"],
                ["folkhalsa", "integration"]),
    "levande": (
        ["Förankring så fler är med", "Struktur för fortsatt arbete"],
        ["bredare förankring med fler organisationer"],
        [],
    ),
}  # fmt: skip
OPEN_SPACE_DATE = datetime.date(2015, 10, 23)
SIGNATORIES = [
    ("region-varmland", "Regionstyrelsens ordförande"),
    ("natverket-vi", "Ordförande"),
    ("hso-varmland", "Ordförande"),
    ("abf-varmland", "Verksamhetschef"),
    ("pro-varmland", "Ordförande"),
]


def _group(slug, name, kind):
    from organisations.models import WorkingGroup

    group = WorkingGroup.objects.filter(slug=slug).first()
    if group is None:
        group, _created = WorkingGroup.objects.get_or_create(
            name=name, defaults={"slug": slug, "kind": kind}
        )
    return group


@transaction.atomic
def load(stdout) -> None:
    agreement = _agreement()
    versions = _versions(agreement)
    _signatures(versions[-1])
    _citations(versions)
    _meetings()
    stdout.write("agreements: demo agreement, principles, phases, drafts and seed minutes loaded")


def _agreement() -> Agreement:
    agreement, _created = Agreement.objects.get_or_create(
        slug="varmland",
        defaults={
            "name": "Överenskommelsen i Värmland",
            "parties": "Region Värmland, Värmlands kommuner och andra offentliga aktörer å ena "
            "sidan, och de idéburna organisationerna i Värmland å den andra.",
            "vision": "*Demotext:* ett Värmland där offentlig och idéburen sektor tar tillvara "
            "varandras olikheter och tillsammans löser samhällets utmaningar – "
            "ingen kan lösa dem själv.",
        },
    )
    for order, (name, slug, text) in enumerate(NATIONAL, 1):
        Principle.objects.get_or_create(
            agreement=agreement,
            slug=slug,
            defaults={"name": name, "description": text, "scope": "national", "order": order},
        )
    for order, (name, slug) in enumerate(REGIONAL, 1):
        Principle.objects.get_or_create(
            agreement=agreement,
            slug=slug,
            defaults={"name": name, "scope": "regional", "order": order},
        )
    if not agreement.phases.exists():
        Phase.objects.bulk_create(
            Phase(
                agreement=agreement,
                kind=kind,
                order=order,
                starts_on=starts,
                ends_on=ends,
                description=text,
                is_current=kind == Phase.Kind.DRAFTING,
            )  # fmt: skip
            for order, (kind, starts, ends, text) in enumerate(PHASES, 1)
        )
    return agreement


def _versions(agreement) -> list[AgreementVersion]:
    principles = {p.slug: p for p in agreement.principles.all()}
    texts = [
        ("Första utkast", DRAFT),
        (
            "Andra utkast",
            [(a, h, SECOND_DRAFT_CHANGES.get(a, t), p) for a, h, t, p in DRAFT],
        ),
    ]
    versions = []
    for number, (title, sections) in enumerate(texts, 1):
        # The newest draft is out for consultation; the one before it was out too and is now
        # superseded (a draft no coordinator has sent out is not public, nor comparable).
        consultation = number == len(texts)
        today = timezone.localdate()
        version, created = AgreementVersion.objects.get_or_create(
            agreement=agreement,
            number=number,
            defaults={
                "title": f"{title} (demotext)",
                "status": AgreementVersion.Status.CONSULTATION
                if consultation
                else AgreementVersion.Status.SUPERSEDED,
                "consultation_opens_on": today if consultation else None,
                "consultation_closes_on": today + datetime.timedelta(days=60)
                if consultation
                else None,
                "is_demo_text": True,
                "created_on": datetime.date(2016, number * 3, 1),
                "summary": "Byggt på vad inspirationsdagen 2015 säger att en överenskommelse ska "
                "göra."
                if number == 1
                else "Samverkan och uppföljning förtydligade.",
            },
        )
        if created:
            for order, (anchor, heading, text, slugs) in enumerate(sections, 1):
                section = Section.objects.create(
                    version=version, order=order, slug=anchor, heading=heading, text=text
                )
                section.principles.set([principles[s] for s in slugs if s in principles])
        versions.append(version)
    return versions


def _citations(versions) -> None:
    """Link the demo sections to the Open Space topics and notes they come from (if loaded)."""
    from dialogues.models import DialogueEvent, Note, Topic
    from organisations.models import Theme

    event = DialogueEvent.objects.filter(
        date=OPEN_SPACE_DATE, kind=DialogueEvent.Kind.OPEN_SPACE
    ).first()
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    for version in versions:
        for section in version.sections.filter(slug__in=CITATIONS):
            titles, note_texts, theme_slugs = CITATIONS[section.slug]
            section.themes.add(*[themes[slug] for slug in theme_slugs if slug in themes])
            if event is None:
                continue
            section.dialogue_topics.add(*Topic.objects.filter(event=event, title__in=titles))
            notes = Note.objects.filter(topic__event=event).exclude(source__is_raw=True)
            for text in note_texts:
                note = notes.filter(text__icontains=text).order_by("group", "position").first()
                if note is not None:
                    section.dialogue_notes.add(note)


def _signatures(version) -> None:
    from organisations.models import Organisation

    organisations = Organisation.objects.in_bulk(
        [slug for slug, _title in SIGNATORIES], field_name="slug"
    )
    for slug, title in SIGNATORIES:
        if slug in organisations:
            Signature.objects.get_or_create(
                organisation=organisations[slug],
                version=version,
                defaults={
                    "signed_on": datetime.date(2016, 9, 1),
                    "signed_by": "Demo Undertecknare",
                    "signatory_title": title,
                    "decision_reference": "Demo, avsiktsförklaring",
                },
            )


def _meetings() -> None:
    council = _group(*COUNCIL)
    working_group = _group(*WORKING_GROUP)
    text = read_document((SEEDS / "radet-for-ideburna-2021-minnesanteckningar.txt").read_bytes(),
                         "radet-for-ideburna-2021-minnesanteckningar.txt")  # fmt: skip
    result = import_minutes(
        text,
        group=council,
        date=COUNCIL_MEETING_DATE,
        title="Rådet för idéburna organisationer",
        publish=True,
    )
    if result.created:
        meeting = result.meeting
        meeting.description = (
            "Minnesanteckningarna anger inte mötesdagen; datumet här är demots antagande."
        )
        meeting.save(update_fields=["description", "description_html"])
        _attendance(meeting, council)
    text = read_document((SEEDS / "inspirationsdag-2015-10-23.txt").read_bytes(),
                         "inspirationsdag-2015-10-23.txt")  # fmt: skip
    result = import_minutes(
        text,
        group=working_group,
        title="Inspirationsdag om en värmländsk överenskommelse",
        publish=True,
    )
    if result.created:
        meeting = result.meeting
        meeting.ends_at = meeting.starts_at + datetime.timedelta(hours=7)
        meeting.place = "Landstinget i Värmland, Karlstad"
        meeting.save(update_fields=["ends_at", "place"])
    if not Meeting.objects.filter(slug=UPCOMING_SLUG).exists():
        day = timezone.localdate() + datetime.timedelta(days=21)
        day += datetime.timedelta(days=(3 - day.weekday()) % 7)  # a Thursday, like the council
        starts = datetime.datetime.combine(
            day, datetime.time(9), tzinfo=timezone.get_current_timezone()
        )
        meeting = Meeting.objects.create(
            group=council,
            slug=UPCOMING_SLUG,
            title="Rådet för idéburna organisationer",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
            place="Region Värmland, Karlstad",
            online_url="https://meet.example.org/radet",
            description="Demo: ett planerat möte. Post-covid och Hållplats idéburen tas upp.",
        )
        meeting.items.create(number=1, title="Mötet öppnas")
        meeting.items.create(number=2, title="Post-covid: vad tar vi med oss?")
        meeting.items.create(number=3, title="Hållplats idéburen")
        meeting.items.create(number=4, title="Övriga frågor")


def _attendance(meeting, group) -> None:
    for membership in group.memberships.select_related("organisation"):
        Attendance.objects.get_or_create(
            meeting=meeting,
            organisation=membership.organisation,
            defaults={"status": Attendance.Status.ATTENDING},
        )
