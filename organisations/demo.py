"""Demo content: the organisations and groups the seeds name. Real names; the contact details
and the demo person are fictional. Safe to run again: nothing is created twice."""

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from okportal.models import User

from .models import (
    LegalForm,
    Level,
    Membership,
    Municipality,
    Organisation,
    Representative,
    Sector,
    Theme,
    WorkingGroup,
)

REPRESENTATIVE_EMAIL = "representant@example.org"
REPRESENTATIVE_PASSWORD = "demo-representant-2026"

ALL = "*"
# name, slug, sector, legal form, level, municipalities, themes, description
ORGANISATIONS = [
    ("Region Värmland", "region-varmland", Sector.PUBLIC, LegalForm.AUTHORITY, Level.REGIONAL, ALL,
     ["folkhalsa", "kultur-och-folkbildning", "iop"],
     "Regionen: hälso- och sjukvård, kultur och bildning, regional utveckling. Part i "
     "överenskommelsen och värd för Rådet för idéburna organisationer."),
    ("Landstinget i Värmland", "landstinget-i-varmland", Sector.PUBLIC, LegalForm.AUTHORITY,
     Level.REGIONAL, ALL, ["folkhalsa", "psykisk-halsa"],
     "Landstinget bjöd 2015 in till inspirationsdagen som startade dialogprocessen om en "
     "värmländsk överenskommelse. Uppgick 2019 i Region Värmland."),
    ("Länsstyrelsen Värmland", "lansstyrelsen-varmland", Sector.PUBLIC, LegalForm.AUTHORITY,
     Level.REGIONAL, ALL, ["integration"],
     "Statens företrädare i länet, nämnd i Open Space 2015 bland dem som borde vara med."),
    ("Handelskammaren Värmland", "handelskammaren-varmland", Sector.BUSINESS, LegalForm.NON_PROFIT,
     Level.REGIONAL, ALL, [],
     "Näringslivets röst i Värmland; Open Space 2015 ville ha med näringslivet i arbetet."),
    ("Karlstads universitet", "karlstads-universitet", Sector.ACADEMIA, LegalForm.AUTHORITY,
     Level.REGIONAL, ["karlstad"], ["integration", "demokrati"],
     "Forskning om samverkan mellan offentlig och idéburen sektor."),
    ("HSO Värmland", "hso-varmland", Sector.IDEA_DRIVEN, LegalForm.NON_PROFIT, Level.REGIONAL, ALL,
     ["tillganglighet", "folkhalsa"],
     "Samarbetsorgan för funktionshindersföreningar i Värmland, med ett samverkansavtal med "
     "regionen sedan 1990-talet."),
    ("Forum – idéburna organisationer med social inriktning", "forum", Sector.IDEA_DRIVEN,
     LegalForm.NON_PROFIT, Level.NATIONAL, [], ["iop", "demokrati"],
     "Paraplyorganisation på nationell nivå för idéburna organisationer med social inriktning."),
    ("ABF Värmland", "abf-varmland", Sector.IDEA_DRIVEN, LegalForm.NON_PROFIT, Level.REGIONAL, ALL,
     ["kultur-och-folkbildning", "integration"], "Studieförbund: studiecirklar och kultur."),
    ("Studieförbundet Vuxenskolan Värmland", "sv-varmland", Sector.IDEA_DRIVEN,
     LegalForm.NON_PROFIT, Level.REGIONAL, ALL, ["kultur-och-folkbildning", "ensamhet"],
     "Studieförbund: studiecirklar, kultur och föreningsutveckling."),
    ("Studiefrämjandet Värmland", "studieframjandet-varmland", Sector.IDEA_DRIVEN,
     LegalForm.NON_PROFIT, Level.REGIONAL, ALL, ["kultur-och-folkbildning", "folkhalsa"],
     "Studieförbund med natur, djur och kultur."),
    ("PRO Värmland", "pro-varmland", Sector.IDEA_DRIVEN, LegalForm.NON_PROFIT, Level.REGIONAL, ALL,
     ["aldre", "ensamhet", "folkhalsa"],
     "Pensionärernas riksorganisation i Värmland; PRO kultur nämndes i Open Space 2015."),
    ("Brottsofferjouren Värmland", "brottsofferjouren-varmland", Sector.IDEA_DRIVEN,
     LegalForm.NON_PROFIT, Level.REGIONAL, ALL, ["demokrati"],
     "Stöd till brottsutsatta; driver projektet Orädd demokrati."),
    ("Fritidsbanken Karlstad", "fritidsbanken-karlstad", Sector.IDEA_DRIVEN, LegalForm.NON_PROFIT,
     Level.LOCAL, ["karlstad"], ["barn-och-unga", "folkhalsa"],
     "Lånar ut sport- och fritidsutrustning gratis – en fysisk mötesplats."),
    ("Korpen Arvika", "korpen-arvika", Sector.IDEA_DRIVEN, LegalForm.NON_PROFIT, Level.LOCAL,
     ["arvika"], ["folkhalsa"], "Motion och friskvård för alla, med företag som betalar."),
    ("Nätverket VI", "natverket-vi", Sector.IDEA_DRIVEN, LegalForm.NETWORK, Level.REGIONAL, ALL,
     ["iop", "demokrati"],
     "Nätverket för idéburna organisationer i Värmland, med en processledare genom IOP."),
]  # fmt: skip

# name, slug, kind, join policy, description, members: (organisation slug, role)
GROUPS = [
    ("Arbetsgruppen för överenskommelsen i Värmland", "arbetsgruppen-2015",
     WorkingGroup.Kind.WORKING_GROUP, WorkingGroup.JoinPolicy.REQUEST,
     "Arbetsgruppen som funnits sedan januari 2015 och tog fram inspirationsdagen den "
     "23 oktober 2015. Den tar gärna emot fler deltagare.",
     [("landstinget-i-varmland", Membership.Role.CO_OPTED),
      ("hso-varmland", Membership.Role.MEMBER), ("pro-varmland", Membership.Role.MEMBER)]),
    ("Referensgruppen för överenskommelsen", "referensgruppen-2015",
     WorkingGroup.Kind.REFERENCE_GROUP, WorkingGroup.JoinPolicy.OPEN,
     "Referensgrupp i dialogprocessen, föreslagen på Open Space 2015: träffas regelbundet "
     "med arbetsgruppen.",
     [("abf-varmland", Membership.Role.MEMBER), ("sv-varmland", Membership.Role.MEMBER),
      ("brottsofferjouren-varmland", Membership.Role.MEMBER)]),
    ("Rådet för idéburna organisationer", "radet-for-ideburna-organisationer",
     WorkingGroup.Kind.COUNCIL, WorkingGroup.JoinPolicy.INVITATION,
     "Region Värmlands samverkansråd med de idéburna organisationerna: en arena för dialog om "
     "områden för gemensamma insatser.",
     [("region-varmland", Membership.Role.CHAIR), ("natverket-vi", Membership.Role.MEMBER),
      ("hso-varmland", Membership.Role.MEMBER)]),
    ("Nätverket VI", "natverket-vi", WorkingGroup.Kind.NETWORK, WorkingGroup.JoinPolicy.REQUEST,
     "Idéburna organisationer i Värmland som samverkar; rekryterar nya organisationer genom "
     "seminarieserien Hållplats idéburen.",
     [("natverket-vi", Membership.Role.CHAIR), ("pro-varmland", Membership.Role.MEMBER),
      ("fritidsbanken-karlstad", Membership.Role.MEMBER)]),
]  # fmt: skip


@transaction.atomic
def load(stdout) -> None:
    municipalities = list(Municipality.objects.all())
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    by_slug = {}
    for name, slug, sector, legal_form, level, places, theme_slugs, text in ORGANISATIONS:
        organisation, created = Organisation.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "sector": sector,
                "legal_form": legal_form,
                "level": level,
                "description": text,
                "email": f"info@{slug}.example.org",
                "phone": "054-00 00 00",
                "website": f"https://{slug}.example.org",
                "status": Organisation.Status.APPROVED,
                "decided_at": timezone.now(),
            },
        )
        if created:
            organisation.municipalities.set(
                municipalities if places == ALL else [m for m in municipalities if m.slug in places]
            )
            organisation.themes.set([themes[s] for s in theme_slugs if s in themes])
        by_slug[slug] = organisation

    person, created = User.objects.get_or_create(
        username="representant",
        defaults={"email": REPRESENTATIVE_EMAIL, "name": "Demo Representant"},
    )
    if created:
        person.set_password(REPRESENTATIVE_PASSWORD)
        person.save()
    EmailAddress.objects.get_or_create(
        user=person, email=REPRESENTATIVE_EMAIL, defaults={"verified": True, "primary": True}
    )
    Representative.objects.get_or_create(
        organisation=by_slug["natverket-vi"],
        user=person,
        defaults={"role": "Processledare", "public_consent_at": timezone.now()},
    )

    for name, slug, kind, policy, text, members in GROUPS:
        group, _created = WorkingGroup.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "kind": kind, "join_policy": policy, "description": text},
        )
        for organisation_slug, role in members:
            organisation = by_slug[organisation_slug]
            if not group.memberships.current().filter(organisation=organisation).exists():
                Membership.objects.create(
                    group=group,
                    organisation=organisation,
                    representative=organisation.representatives.first(),
                    role=role,
                    status=Membership.Status.ACTIVE,
                    joined_at=timezone.now(),
                    decided_at=timezone.now(),
                )
    stdout.write(
        f"organisations: {len(ORGANISATIONS)} organisations, {len(GROUPS)} groups; "
        f"representative {REPRESENTATIVE_EMAIL} / {REPRESENTATIVE_PASSWORD}\n"
    )
