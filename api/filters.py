import django_filters

from agreements.models import Meeting
from dialogues.models import DialogueEvent
from okportal.forms import PortalFilterSet
from organisations.models import Membership


class MembershipFilter(PortalFilterSet):
    organization_id = django_filters.CharFilter(field_name="group__slug")
    member = django_filters.CharFilter(field_name="organisation__slug")
    role = django_filters.ChoiceFilter(choices=Membership.Role.choices)

    class Meta:
        model = Membership
        fields = ["organization_id", "member", "role"]


class MeetingFilter(PortalFilterSet):
    organization_id = django_filters.CharFilter(field_name="group__slug")
    year = django_filters.NumberFilter(field_name="starts_at__year", min_value=1900, max_value=2100)

    class Meta:
        model = Meeting
        fields = ["organization_id", "year"]


class DialogueEventFilter(PortalFilterSet):
    year = django_filters.NumberFilter(field_name="date__year", min_value=1900, max_value=2100)
    classification = django_filters.ChoiceFilter(
        field_name="kind", choices=DialogueEvent.Kind.choices
    )

    class Meta:
        model = DialogueEvent
        fields = ["year", "classification"]
