"""The coordinators' admin: events with everything inline, notes nested and previewed, import."""

from django.contrib import admin, messages
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from invitations.admin import EventPlanInline, InvitationInline, answers_summary, invite_action
from okportal.admin_site import HistoryAdmin

from .admin_import import ImportView
from .importing.save import unplaced_reason
from .models import (
    BarometerStatement,
    Dialogue,
    DialogueEvent,
    GuidingQuestion,
    Note,
    SourceDocument,
    Topic,
    build_note_groups,
)


class TopicInline(admin.TabularInline):
    model = Topic
    fields = ("title", "discussed_on_own", "grid_row", "grid_column", "position", "edit_link")
    readonly_fields = ("edit_link",)
    extra = 0
    ordering = ("position", "pk")

    @admin.display(description=_("Notes"))
    def edit_link(self, obj):
        if not obj.pk:
            return "–"
        url = reverse("admin:dialogues_topic_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Edit notes"))


class DialogueInline(admin.StackedInline):
    model = Dialogue
    fields = ("title", "position", "summary", "raw_material")
    extra = 0
    show_change_link = True


class GuidingQuestionInline(admin.TabularInline):
    model = GuidingQuestion
    fields = ("text", "dialogue", "position")
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields.get("dialogue")
        if field is not None:
            field.queryset = Dialogue.objects.filter(event=obj) if obj else Dialogue.objects.none()
        return formset


class BarometerStatementInline(admin.StackedInline):
    model = BarometerStatement
    fields = ("statement", "outcome", "comments", "position", "status", "links")
    readonly_fields = ("status", "links")
    extra = 0

    @admin.display(description=_("Live"))
    def links(self, obj):
        return _statement_links(obj)


class SourceDocumentInline(admin.TabularInline):
    model = SourceDocument
    fields = ("filename", "is_raw", "imported_at", "unplaced")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Unplaced lines"))
    def unplaced(self, obj):
        return len(obj.unplaced_lines)


@admin.register(DialogueEvent)
class DialogueEventAdmin(HistoryAdmin):
    list_display = ("title", "date", "kind", "is_published", "topic_count")
    list_filter = ("is_published", "kind", "date", "themes")
    search_fields = ("title", "place", "organiser")
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("themes",)
    readonly_fields = ("published_at", answers_summary)
    fieldsets = (
        (None, {"fields": ("title", "slug", "kind", "date", "place", "organiser", "themes")}),
        (_("Invitations"), {"fields": (answers_summary,)}),
        (
            _("Text"),
            {
                "fields": (
                    "introduction",
                    "grid_legend_sv",
                    "grid_legend_en",
                    "barometer_introduction",
                )
            },
        ),
        (_("Publishing"), {"fields": ("is_published", "published_at")}),
    )
    inlines = (
        TopicInline,
        GuidingQuestionInline,
        DialogueInline,
        BarometerStatementInline,
        SourceDocumentInline,
        EventPlanInline,
        InvitationInline,
    )
    actions = ("publish", "unpublish", invite_action)
    change_list_template = "admin/dialogues/dialogueevent/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(topic_total=Count("topics"))

    @admin.display(description=_("Topics"), ordering="topic_total")
    def topic_count(self, obj):
        return obj.topic_total

    def save_model(self, request, obj, form, change):
        # Publishing and unpublishing go through the event's own methods, as the actions do.
        publishing = "is_published" in form.changed_data
        if publishing:
            obj.is_published = bool(form.initial.get("is_published"))
        super().save_model(request, obj, form, change)
        if publishing and form.cleaned_data["is_published"]:
            obj.publish()
        elif publishing:
            obj.unpublish()

    @admin.action(description=_("Publish the selected events"))
    def publish(self, request, queryset):
        for event in queryset:
            event.publish()
        self.message_user(
            request,
            ngettext("%d event published.", "%d events published.", queryset.count())
            % queryset.count(),
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish the selected events"))
    def unpublish(self, request, queryset):
        for event in queryset:
            event.unpublish()
        self.message_user(request, _("Unpublished."), messages.SUCCESS)

    def get_urls(self):
        view = self.admin_site.admin_view(ImportView.as_view(admin_site=self.admin_site))
        return [path("import/", view, name="dialogues_dialogueevent_import"), *super().get_urls()]


class NoteInline(admin.TabularInline):
    model = Note
    fk_name = "topic"
    fields = ("text", "parent", "group", "position")
    extra = 1
    ordering = ("group", "position", "pk")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields.get("parent")
        if field is not None:
            owner = {self.fk_name: obj} if obj else None
            field.queryset = Note.objects.filter(**owner) if owner else Note.objects.none()
            field.label_from_instance = lambda note: note.text[:60]
        return formset

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("parent")


class DialogueNoteInline(NoteInline):
    fk_name = "dialogue"


def _notes_preview(notes) -> str:
    groups = build_note_groups(notes)
    if not groups:
        return _("No notes yet.")
    return format_html_join(
        "",
        '<div class="note-preview"><h4>{}</h4>{}</div>',
        (
            (
                _("Note group %(number)s%(raw)s")
                % {
                    "number": group.number + 1,
                    "raw": f" ({_('raw material')})" if group.is_raw else "",
                },
                render_to_string("dialogues/_notes.html", {"nodes": group.nodes}),
            )
            for group in groups
        ),
    )


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("title", "event", "discussed_on_own", "grid_row", "grid_column")
    list_filter = ("discussed_on_own", "event")
    search_fields = ("title", "event__title")
    autocomplete_fields = ("event",)
    filter_horizontal = ("themes",)
    fields = (
        "event",
        "title",
        "discussed_on_own",
        ("grid_row", "grid_column", "position"),
        "themes",
        "preview",
    )
    readonly_fields = ("preview",)
    inlines = (NoteInline,)

    @admin.display(description=_("Preview of the notes as the public sees them"))
    def preview(self, obj):
        if not obj.pk:
            return "–"
        return _notes_preview(obj.notes.select_related("source").order_by("group", "position"))


@admin.register(Note)
class NoteAdmin(admin.ModelAdmin):
    """Notes are written on their topic or dialogue; this list is searched by the agreement
    sections' citations (autocomplete)."""

    list_display = ("__str__", "topic", "dialogue")
    list_select_related = ("topic", "dialogue")
    search_fields = ("text", "topic__title", "dialogue__title")
    raw_id_fields = ("topic", "dialogue", "parent", "source")


@admin.register(Dialogue)
class DialogueAdmin(HistoryAdmin):
    list_display = ("title", "event", "position")
    search_fields = ("title", "event__title", "summary")
    autocomplete_fields = ("event",)
    filter_horizontal = ("themes",)
    fields = ("event", "title", "position", "summary", "raw_material", "themes", "preview")
    readonly_fields = ("preview",)
    inlines = (DialogueNoteInline,)

    @admin.display(description=_("Preview of the notes as the public sees them"))
    def preview(self, obj):
        if not obj.pk:
            return "–"
        return _notes_preview(obj.notes.select_related("source").order_by("group", "position"))


def _statement_links(obj):
    if not obj or not obj.pk:
        return "–"
    return format_html(
        '<a href="{}">{}</a> · <a href="{}">{}</a>',
        reverse("dialogues:barometer_projector", args=[obj.code]),
        _("Projector page"),
        obj.get_absolute_url(),
        _("Answer page (short address)"),
    )


@admin.register(BarometerStatement)
class BarometerStatementAdmin(HistoryAdmin):
    list_display = ("statement_text", "event", "status", "code", "links")
    list_filter = ("status", "event")
    search_fields = ("statement", "event__title")
    autocomplete_fields = ("event",)
    fields = (
        "event",
        "statement",
        "outcome",
        "comments",
        "position",
        "status",
        "code",
        "result",
        "opened_at",
        "closed_at",
        "links",
    )
    readonly_fields = ("status", "code", "result", "opened_at", "closed_at", "links")
    actions = ("open_statements", "close_statements")

    @admin.display(description=_("Statement"))
    def statement_text(self, obj):
        return str(obj)

    @admin.display(description=_("Live"))
    def links(self, obj):
        return _statement_links(obj)

    @admin.action(description=_("Open the selected statements for answers"))
    def open_statements(self, request, queryset):
        opened = sum(statement.open() for statement in queryset)
        self.message_user(request, _("Opened: %(n)s.") % {"n": opened}, messages.SUCCESS)

    @admin.action(description=_("Close the selected statements and store their results"))
    def close_statements(self, request, queryset):
        closed = sum(statement.close() for statement in queryset)
        self.message_user(request, _("Closed: %(n)s.") % {"n": closed}, messages.SUCCESS)


@admin.register(SourceDocument)
class SourceDocumentAdmin(admin.ModelAdmin):
    list_display = ("filename", "event", "is_raw", "imported_at")
    list_filter = ("is_raw",)
    search_fields = ("filename", "event__title")
    fields = ("event", "filename", "is_raw", "content_hash", "imported_at", "unplaced", "text")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Lines the importer could not place"))
    def unplaced(self, obj):
        if not obj.unplaced_lines:
            return _("None: every line was placed.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{}: «{}» – {}</li>",
                (
                    (
                        line["line"],
                        line["text"],
                        unplaced_reason(line["reason"], line.get("message", "")),
                    )
                    for line in obj.unplaced_lines
                ),
            ),
        )
