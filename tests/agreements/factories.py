import datetime

import factory
from django.utils import timezone

from agreements.models import (
    Adjuster,
    AgendaItem,
    Agreement,
    AgreementVersion,
    Attendance,
    Meeting,
    Phase,
    Principle,
    Section,
    Signature,
)
from organisations.models import WorkingGroup
from tests.organisations import factories as organisation_factories
from tests.organisations.factories import (  # noqa: F401 — one set of people and bodies
    PASSWORD,
    CoordinatorFactory,
    UserFactory,
    WorkingGroupFactory,
)


class OrganisationFactory(organisation_factories.OrganisationFactory):
    """Meetings mail their participants: these organisations have a public address."""

    email = factory.Sequence(lambda n: f"info{n}@forening.example.org")


class CouncilFactory(WorkingGroupFactory):
    name = "Rådet för idéburna organisationer"
    slug = "radet-for-ideburna-organisationer"
    kind = WorkingGroup.Kind.COUNCIL

    class Meta:
        django_get_or_create = ["slug"]


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    name = "Överenskommelsen i Värmland"
    slug = factory.Sequence(lambda n: f"varmland-{n}")
    parties = "Region Värmland och de idéburna organisationerna."
    vision = "Alla behövs."


class PrincipleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Principle

    agreement = factory.SubFactory(AgreementFactory)
    name = factory.Sequence(lambda n: f"Princip {n}")
    slug = factory.Sequence(lambda n: f"princip-{n}")
    scope = Principle.Scope.NATIONAL
    description = "Vad principen innebär."


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    agreement = factory.SubFactory(AgreementFactory)
    kind = Phase.Kind.PRE


class VersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementVersion

    agreement = factory.SubFactory(AgreementFactory)
    number = factory.Sequence(lambda n: n + 1)
    status = AgreementVersion.Status.DRAFT


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    version = factory.SubFactory(VersionFactory)
    order = factory.Sequence(lambda n: n)
    heading = factory.Sequence(lambda n: f"Avsnitt {n}")
    slug = factory.Sequence(lambda n: f"avsnitt-{n}")
    text = "Parterna ska samverka i dialog."


class SignatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signature

    organisation = factory.SubFactory(OrganisationFactory)
    version = factory.SubFactory(VersionFactory)
    signed_on = datetime.date(2024, 5, 1)
    signed_by = "Anna Andersson"
    signatory_title = "Ordförande"


def _future(days=10, hour=9):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    group = factory.SubFactory(WorkingGroupFactory)
    title = "Rådets möte"
    starts_at = factory.Sequence(lambda n: _future(days=10 + n))
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + datetime.timedelta(hours=2))
    status = Meeting.Status.PLANNED


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Punkt {n}")
    minutes = "Rådet diskuterade frågan."


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    status = Attendance.Status.ATTENDING


class AdjusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Adjuster

    meeting = factory.SubFactory(MeetingFactory)
    name = factory.Sequence(lambda n: f"Justerare {n}")
