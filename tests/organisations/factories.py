import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from okportal.models import User
from organisations.models import (
    LegalForm,
    Level,
    Membership,
    Organisation,
    Representative,
    Sector,
    WorkingGroup,
)

PASSWORD = "Klarälven-1917"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(
                user=self, email=self.email, primary=True, verified=extracted is not False
            )


class CoordinatorFactory(UserFactory):
    is_staff = True
    is_superuser = True


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Föreningen nummer {n}")
    slug = factory.Sequence(lambda n: f"foreningen-{n}")
    sector = Sector.IDEA_DRIVEN
    legal_form = LegalForm.NON_PROFIT
    level = Level.REGIONAL
    description = "En idéburen förening i Värmland."
    status = Organisation.Status.APPROVED
    decided_at = factory.LazyFunction(timezone.now)


class RepresentativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Representative

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = "Ordförande"


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup

    name = factory.Sequence(lambda n: f"Arbetsgrupp {n}")
    slug = factory.Sequence(lambda n: f"arbetsgrupp-{n}")
    kind = WorkingGroup.Kind.WORKING_GROUP
    join_policy = WorkingGroup.JoinPolicy.REQUEST
    description = "Gruppens syfte."


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    group = factory.SubFactory(WorkingGroupFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    representative = None
    role = Membership.Role.MEMBER
    status = Membership.Status.ACTIVE
    joined_at = factory.LazyFunction(timezone.now)
