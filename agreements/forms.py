"""Forms of the coordinators' administration: optimistic locking, approvals, the importer."""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from okportal.documents import MAX_BYTES
from okportal.importing.forms import LineCorrectionForm

from . import workflow
from .models import Adjuster, AgendaItem, Meeting

STALE_MESSAGE = _(
    "Someone else saved these minutes while you were editing them, so your changes were not "
    "saved. Nothing is lost: your text is still in the form below. Open the page again in a new "
    "tab to see the other changes, bring yours in, and save again."
)


class MarkdownTextarea(forms.Textarea):
    """A textarea that the admin script gives a “Preview” button (works without it too)."""

    def __init__(self, attrs=None):
        super().__init__({"rows": 8, "class": "vLargeTextField markdown-input", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-preview-url"] = reverse("admin:agreements_meeting_preview")
        return context


class LockedModelForm(forms.ModelForm):
    """Optimistic locking: the form carries the lock_version it was rendered with; a changed
    form whose version is no longer the stored one is refused, and the row is locked until
    the save commits."""

    stale_message = STALE_MESSAGE

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "lock_version" in self.fields:
            self.fields["lock_version"].widget = forms.HiddenInput()
            self.fields["lock_version"].required = False

    def clean(self):
        data = super().clean()
        if self.instance.pk and self.has_changed():
            stored = (
                type(self.instance)
                .objects.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list("lock_version", flat=True)
                .first()
            )
            if stored is not None and stored != data.get("lock_version"):
                raise ValidationError(self.stale_message, code="stale")
        return data

    def save(self, commit=True):
        if self.instance.pk and self.has_changed():
            self.instance.lock_version = (self.cleaned_data.get("lock_version") or 0) + 1
        elif not self.instance.pk:
            self.instance.lock_version = 0
        return super().save(commit)


class MeetingAdminForm(LockedModelForm):
    online_url = forms.URLField(
        label=capfirst(_("online link")), required=False, assume_scheme="https", max_length=200
    )

    class Meta:
        model = Meeting
        fields = [
            "group", "title", "slug", "status", "lock_version", "starts_at", "ends_at", "place",
            "online_url", "chair", "note_taker", "description", "next_meeting_at",
            "next_meeting_note",
        ]  # fmt: skip
        widgets = {"description": MarkdownTextarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "status" in self.fields:  # a new meeting; later, only the workflow's buttons
            self.fields["status"].choices = [
                (value, label)
                for value, label in Meeting.Status.choices
                if value in workflow.INITIAL_STATUSES
            ]


class AgendaItemAdminForm(LockedModelForm):
    @property
    def changes_adjusted_text(self) -> bool:
        """Saving this (valid, not yet saved) form changes what the adjusters approve."""
        if self.cleaned_data.get("DELETE"):
            return self.instance.pk is not None
        if self.instance.pk is None:
            return any(self.cleaned_data.get(name) for name in workflow.ADJUSTED_FIELDS)
        return bool(set(self.changed_data) & set(workflow.ADJUSTED_FIELDS))

    class Meta:
        model = AgendaItem
        fields = ["number", "title", "presenter", "minutes", "decision", "links", "lock_version"]
        widgets = {
            "minutes": MarkdownTextarea(),
            "decision": MarkdownTextarea(attrs={"rows": 3}),
            "links": forms.Textarea(attrs={"rows": 2, "class": "vLargeTextField"}),
        }


class AdjusterAdminForm(forms.ModelForm):
    approved = forms.BooleanField(
        label=_("has approved"),
        required=False,
        help_text=_("Tick when the person has approved the minutes."),
    )

    class Meta:
        model = Adjuster
        fields = ["name", "user", "email", "language", "approved"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved"].initial = bool(self.instance.approved_at)
        self.fields["language"].required = False

    def clean_language(self):
        return self.cleaned_data.get("language") or Adjuster._meta.get_field("language").default

    def record(self, user):
        """Record or withdraw the approval from the checkbox (the adjuster must be saved)."""
        if "approved" not in self.changed_data:
            return
        if self.cleaned_data.get("approved"):
            workflow.record_approval(self.instance, by=user)
        else:
            workflow.withdraw_approval(self.instance, by=user)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Document"), help_text=_("Plain text (.txt), Markdown (.md) or Word (.docx).")
    )
    group = forms.ModelChoiceField(label=_("Group"), queryset=None)
    date = forms.DateField(
        label=_("Date of the meeting"),
        required=False,
        help_text=_("Needed when the document does not say it. YYYY-MM-DD."),
    )
    title = forms.CharField(label=_("Title"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        from organisations.models import WorkingGroup

        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = WorkingGroup.objects.alphabetical()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(_("The file is too large. It may be at most 10 MB."))
        return upload


LINE_ROLES = (
    ("", _("— as the parser read it —")),
    ("heading", _("Item heading")),
    ("body", _("Text of the item")),
    ("decision", _("Decision")),
    ("attendee", _("Present")),
    ("absent", _("Absent")),
    ("title", _("Title")),
    ("ignore", _("Not part of the minutes")),
)


class ImportPreviewForm(LineCorrectionForm):
    """The facts and line corrections a coordinator can change in the preview of an import."""

    ROLES = LINE_ROLES

    group = forms.ModelChoiceField(label=_("Group"), queryset=None)
    date = forms.DateField(
        label=_("Date of the meeting"), required=False, help_text=_("YYYY-MM-DD.")
    )
    start = forms.TimeField(label=_("Starts at"), required=False, help_text=_("HH:MM."))
    end = forms.TimeField(label=_("Ends at"), required=False, help_text=_("HH:MM."))
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    publish = forms.BooleanField(
        label=_("Publish the minutes at once (no e-mail is sent for imported minutes)"),
        required=False,
    )
    replace = forms.BooleanField(
        label=_("Replace what the earlier import of this document made"), required=False
    )
    field_order = ["group", "date", "start", "end", "title", "publish", "replace"]

    def __init__(self, *args, **kwargs):
        from organisations.models import WorkingGroup

        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = WorkingGroup.objects.alphabetical()
