"""The open data's shapes. Popolo's names where Popolo has the thing: an organization
(`name`, `classification`, `identifiers`, `links`, `area`), a membership (`member`,
`organization_id`, `role`, `start_date`, `end_date`), an event (`name`, `start_date`,
`end_date`, `location`, `organization_id`, `classification`). Public fields only: no person's
e-mail address, no representatives, nothing of organisations awaiting approval."""

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agreements.models import AgendaItem, AgreementVersion, Meeting, Principle, Section, Signature
from dialogues.models import DialogueEvent, GuidingQuestion, Note, Topic
from organisations.models import Membership, Organisation, WorkingGroup


class NamedSerializer(serializers.Serializer):
    id = serializers.CharField(source="slug")
    name = serializers.CharField()


NAMED_LIST = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
    },
}


def named(rows) -> list[dict]:
    """Municipalities or themes as id (slug) and name: plain dicts, not a nested serializer
    per row (the list of organisations is the API's busiest)."""
    return [{"id": row.slug, "name": row.name} for row in rows]


class OrganizationSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="slug")
    classification = serializers.CharField(source="sector")
    legal_form = serializers.CharField()
    level = serializers.CharField()
    area = serializers.SerializerMethodField()
    themes = serializers.SerializerMethodField()
    identifiers = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Organisation
        fields = ["id", "name", "classification", "legal_form", "level", "area", "themes",
                  "description", "identifiers", "links", "url"]  # fmt: skip

    @extend_schema_field(NAMED_LIST)
    def get_area(self, organisation) -> list:
        return named(organisation.municipalities.all())

    @extend_schema_field(NAMED_LIST)
    def get_themes(self, organisation) -> list:
        return named(organisation.themes.all())

    @extend_schema_field(
        {"type": "array", "items": {"type": "object", "properties": {
            "scheme": {"type": "string"}, "identifier": {"type": "string"}}}}
    )  # fmt: skip
    def get_identifiers(self, organisation) -> list:
        number = organisation.organisation_number
        return [{"scheme": "se-organisationsnummer", "identifier": number}] if number else []

    @extend_schema_field(
        {"type": "array", "items": {"type": "object", "properties": {
            "url": {"type": "string"}, "note": {"type": "string"}}}}
    )  # fmt: skip
    def get_links(self, organisation) -> list:
        return [{"url": organisation.website, "note": "website"}] if organisation.website else []

    def get_url(self, obj) -> str:
        return settings.SITE_URL + obj.get_absolute_url()


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
