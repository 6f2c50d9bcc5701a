"""The open data's shapes. Popolo's names where Popolo has the thing: an organization
(`name`, `classification`, `identifiers`, `links`, `area`), a membership (`member`,
`organization_id`, `role`, `start_date`, `end_date`), an event (`name`, `start_date`,
`end_date`, `location`, `organization_id`, `classification`). Public fields only: no person's
e-mail address, no representatives, nothing of organisations awaiting approval."""

from django.conf import settings
from rest_framework import serializers

from agreements.models import AgendaItem, AgreementVersion, Meeting, Principle, Section, Signature
from dialogues.models import DialogueEvent, GuidingQuestion, Note, Topic
from organisations.models import LegalForm, Level, Membership, Sector, WorkingGroup
from search.addresses import address


class NamedSerializer(serializers.Serializer):
    id = serializers.CharField(source="slug")
    name = serializers.CharField()


class IdentifierSerializer(serializers.Serializer):
    scheme = serializers.CharField()
    identifier = serializers.CharField()


class LinkSerializer(serializers.Serializer):
    url = serializers.URLField()
    note = serializers.CharField()


ORGANISATION_COLUMNS = ("slug", "name", "sector", "legal_form", "level", "description",
                        "organisation_number", "website")  # fmt: skip


class OrganizationSerializer(serializers.Serializer):
    """An approved organisation (Popolo's organization): the municipalities it works in
    (`area`), its themes, its organisation number and website."""

    # Its rows come from api.views.organisations() (dicts, places and themes already lists of
    # {"id", "name"}) and are written out directly in to_representation: the list of
    # organisations is the API's busiest. The fields describe them for the OpenAPI document.

    id = serializers.CharField()
    name = serializers.CharField()
    classification = serializers.ChoiceField(choices=Sector.choices)
    legal_form = serializers.ChoiceField(choices=LegalForm.choices)
    level = serializers.ChoiceField(choices=Level.choices)
    area = serializers.ListField(child=NamedSerializer())
    themes = serializers.ListField(child=NamedSerializer())
    description = serializers.CharField()
    identifiers = serializers.ListField(child=IdentifierSerializer())
    links = serializers.ListField(child=LinkSerializer())
    url = serializers.URLField()

    def to_representation(self, row: dict) -> dict:
        number, website = row["organisation_number"], row["website"]
        return {
            "id": row["slug"],
            "name": row["name"],
            "classification": row["sector"],
            "legal_form": row["legal_form"],
            "level": row["level"],
            "area": row["area"],
            "themes": row["theme_rows"],
            "description": row["description"],
            "identifiers": (
                [{"scheme": "se-organisationsnummer", "identifier": number}] if number else []
            ),
            "links": [{"url": website, "note": "website"}] if website else [],
            "url": _organisation_url(row["slug"]),
        }


def _organisation_url(slug: str) -> str:
    return settings.SITE_URL + address("organisations:detail", slug)


class GroupSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="slug")
    classification = serializers.CharField(source="kind")
    themes = NamedSerializer(many=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = WorkingGroup
        fields = ["id", "name", "classification", "description", "join_policy", "themes", "url"]

    def get_url(self, obj) -> str:
        return settings.SITE_URL + obj.get_absolute_url()


class MembershipSerializer(serializers.ModelSerializer):
    member = NamedSerializer(source="organisation")
    organization_id = serializers.CharField(source="group.slug")
    start_date = serializers.DateTimeField(source="joined_at")
    end_date = serializers.DateTimeField(source="left_at")

    class Meta:
        model = Membership
        fields = ["id", "member", "organization_id", "role", "start_date", "end_date"]


class AgendaItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgendaItem
        fields = ["number", "title", "minutes", "decision", "link_list"]


class MeetingSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="slug")
    name = serializers.CharField(source="title")
    classification = serializers.SerializerMethodField()
    start_date = serializers.DateTimeField(source="starts_at")
    end_date = serializers.DateTimeField(source="ends_at")
    location = serializers.CharField(source="place")
    organization_id = serializers.CharField(source="group.slug")
    minutes_published = serializers.DateTimeField(source="published_at")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = ["id", "name", "classification", "start_date", "end_date", "location",
                  "online_url", "organization_id", "chair", "minutes_published", "url"]  # fmt: skip

    def get_classification(self, obj) -> str:
        return "meeting"

    def get_url(self, obj) -> str:
        return settings.SITE_URL + obj.get_absolute_url()


class MeetingDetailSerializer(MeetingSerializer):
    items = AgendaItemSerializer(many=True)

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "note_taker", "items"]


class NoteSerializer(serializers.ModelSerializer):
    parent_id = serializers.IntegerField(allow_null=True)

    class Meta:
        model = Note
        fields = ["id", "parent_id", "group", "position", "text"]


class TopicSerializer(serializers.ModelSerializer):
    themes = NamedSerializer(many=True)
    notes = NoteSerializer(many=True)

    class Meta:
        model = Topic
        fields = ["id", "title", "discussed_on_own", "themes", "notes"]


class QuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = GuidingQuestion
        fields = ["id", "text"]


class DialogueEventSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="slug")
    name = serializers.CharField(source="title")
    classification = serializers.CharField(source="kind")
    start_date = serializers.DateField(source="date")
    location = serializers.CharField(source="place")
    url = serializers.SerializerMethodField()

    class Meta:
        model = DialogueEvent
        fields = ["id", "name", "classification", "start_date", "location", "organiser", "url"]

    def get_url(self, obj) -> str:
        return settings.SITE_URL + obj.get_absolute_url()


class DialogueEventDetailSerializer(DialogueEventSerializer):
    questions = QuestionSerializer(many=True)
    topics = TopicSerializer(many=True)

    class Meta(DialogueEventSerializer.Meta):
        fields = [*DialogueEventSerializer.Meta.fields, "introduction", "questions", "topics"]


class SectionSerializer(serializers.ModelSerializer):
    principles = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Section
        fields = ["order", "slug", "heading", "text", "principles"]


class VersionSerializer(serializers.ModelSerializer):
    sections = SectionSerializer(many=True)

    class Meta:
        model = AgreementVersion
        fields = ["number", "title", "status", "summary", "created_on", "consultation_opens_on",
                  "consultation_closes_on", "adopted_on", "adopted_by", "sections"]  # fmt: skip


class PrincipleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Principle
        fields = ["slug", "name", "scope", "description"]


class SignatureSerializer(serializers.ModelSerializer):
    organization = NamedSerializer(source="organisation")
    version = serializers.IntegerField(source="version.number")

    class Meta:
        model = Signature
        fields = ["id", "organization", "version", "signed_on", "signed_by", "signatory_title",
                  "decision_reference"]  # fmt: skip
