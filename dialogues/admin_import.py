"""The admin upload: read, show what the importer made of it (and every line it could not
place), and save only when the coordinator confirms. Errors are messages, never a 500."""

from __future__ import annotations

import logging

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from okportal.documents import DocumentError
from okportal.importing import uploads
from okportal.importing.forms import LineCorrectionForm
from okportal.importing.preview import line_rows, read_again, until_ready

from .forms import ImportUploadForm
from .importing.save import (
    ImportOptions,
    preview_of,
    reimport_changes,
    save,
    unplaced_reason,
)

IMPORTER = "dialogue"
MAX_PREVIEW_LINES = 3000
# What a coordinator can make a line (or a range of lines) in the preview.
LINE_ROLES = (
    ("", gettext_lazy("— as the parser read it —")),
    ("title", gettext_lazy("Title of the event")),
    ("date", gettext_lazy("Date of the event")),
    ("dialogue", gettext_lazy("Heading of a dialogue")),
    ("topic", gettext_lazy("Topic")),
    ("question", gettext_lazy("Guiding question")),
    ("summary", gettext_lazy("Summary of the dialogue")),
    ("note", gettext_lazy("Note on the topic above")),
    ("raw", gettext_lazy("Raw material of the dialogue")),
    ("ignore", gettext_lazy("Dropped (not part of the document)")),
)
ROLE_NAMES = {
    **dict(LINE_ROLES[1:]),
    "event": gettext_lazy("Place, introduction or topic grid"),
    "statement": gettext_lazy("Opinion barometer"),
    "dropped": gettext_lazy("Page header or footer (dropped)"),
    "ignore": gettext_lazy("Left out by you"),
    "unplaced": gettext_lazy("Not placed"),
}
DOUBTS = {
    "no_date": gettext_lazy("No date was found: give the date of the event."),
    "heading_guessed": gettext_lazy("Taken for a heading by its layout alone."),
    "sentence_case": gettext_lazy(
        "Written in capitals and shown in sentence case: check the names in it."
    ),
    "title_fallback": gettext_lazy(
        "The document names no dialogue; it is named after the event or the file."
    ),
}
logger = logging.getLogger(__name__)


class ImportConfirmForm(LineCorrectionForm, ImportUploadForm):
    ROLES = LINE_ROLES
    token = forms.CharField(widget=forms.HiddenInput)
    replace = forms.BooleanField(
        label=gettext_lazy("Replace what the earlier import of this document made"),
        required=False,
    )
    field_order = ["event", "is_raw", "title", "date", "kind", "place", "organiser", "replace"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["file"]


def _line_count(pending) -> int:
    return pending.text.count("\n") + 1


def _kept_options(data: dict) -> dict:
    """The facts of the upload or preview form, as the upload keeps them."""
    return {
        "event": data["event"].pk if data.get("event") else None,
        "title": data.get("title") or "",
        "date": data["date"].isoformat() if data.get("date") else "",
        "kind": data.get("kind") or "",
        "place": data.get("place") or "",
        "organiser": data.get("organiser") or "",
        "is_raw": bool(data.get("is_raw")),
    }


def _options(data: dict) -> ImportOptions:
    return ImportOptions(
        event=data.get("event"),
        title=data.get("title") or "",
        date=data.get("date"),
        kind=data.get("kind") or "",
        place=data.get("place") or "",
        organiser=data.get("organiser") or "",
        is_raw=bool(data.get("is_raw")),
        replace=bool(data.get("replace")),
    )


class ImportView(View):
    admin_site = None
    template_name = "admin/dialogues/import.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("dialogues.add_dialogueevent"):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def context(self, request, **extra):
        return {
            **self.admin_site.each_context(request),
            "title": _("Import a dialogue document"),
            "opts": self._opts(),
            **extra,
        }

    def _opts(self):
        from .models import DialogueEvent

        return DialogueEvent._meta

    def get(self, request):
        token = request.GET.get("token")
        if token:
            pending = uploads.for_user(token, request.user, IMPORTER)
            if pending is None:
                messages.error(request, _("The preview has expired. Upload the document again."))
                return redirect("admin:dialogues_dialogueevent_import")
            return self.show(request, pending)
        return TemplateResponse(
            request, self.template_name, self.context(request, form=ImportUploadForm())
        )

    def post(self, request):
        if "update" in request.POST:
            return self.correct(request)
        if "token" in request.POST:
            return self.confirm(request)
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return TemplateResponse(
                request, self.template_name, self.context(request, form=form), status=400
            )
        data = form.cleaned_data
        try:
            pending = uploads.store(request.user, IMPORTER, data["file"], _kept_options(data))
        except DocumentError as refusal:
            form.add_error("file", refusal.message)
            return TemplateResponse(
                request, self.template_name, self.context(request, form=form), status=400
            )
        uploads.start(pending)
        return self.show(request, pending)

    def show(self, request, pending):
        """The preview once the document is read; its progress until then (Word and large
        files are read by the worker); the upload form with the reason if it cannot be read."""
        pending.refresh_from_db()
        return until_ready(
            request,
            pending,
            self.context(request),
            lambda options, error: TemplateResponse(
                request,
                self.template_name,
                self.context(request, form=ImportUploadForm(initial=options), error=error),
                status=400,
            ),
            lambda: self.read(request, pending),
        )

    def read(self, request, pending):
        preview = preview_of(pending.filename, pending.text, uploads.parsed(pending))
        initial = {**pending.options, "token": pending.token}
        initial.pop("corrections", None)
        form = ImportConfirmForm(initial=initial, line_count=_line_count(pending))
        return self.preview_response(request, pending, preview, form)

    def correct(self, request):
        """Keep the facts and the line corrections, read again, and show the preview again."""
        pending = uploads.for_user(request.POST.get("token", ""), request.user, IMPORTER)
        if pending is None:
            messages.error(request, _("The preview has expired. Upload the document again."))
            return redirect("admin:dialogues_dialogueevent_import")
        form = ImportConfirmForm(request.POST, line_count=_line_count(pending))
        if not form.is_valid():
            preview = preview_of(pending.filename, pending.text, uploads.parsed(pending))
            return self.preview_response(request, pending, preview, form, status=400)
        data = form.cleaned_data
        read_again(pending, _kept_options(data), form)
        url = reverse("admin:dialogues_dialogueevent_import") + f"?token={pending.token}"
        if data.get("first_line"):
            url += f"#line-{data['first_line']}"
        return redirect(url)

    def preview_response(self, request, pending, preview, form, status=200):
        parsed = preview.parsed
        already = preview.already_imported
        rows, doubts = line_rows(
            preview.text, parsed.line_roles(), ROLE_NAMES, pending, parsed.doubts, DOUBTS
        )
        return TemplateResponse(
            request,
            "admin/dialogues/import_preview.html",
            self.context(
                request,
                title=_("Check the import before saving"),
                preview=preview,
                parsed=preview.parsed,
                already=already,
                reimport=reimport_changes(preview, already) if already else None,
                unplaced=[
                    (line.line, line.text, unplaced_reason(line.reason, line.message))
                    for line in preview.parsed.unplaced
                ],
                lines=[row for row in rows if row["text"].strip()][:MAX_PREVIEW_LINES],
                general_doubts=doubts.get(0, []),
                doubt_lines=[(n, texts) for n, texts in sorted(doubts.items()) if n],
                guessed_count=len(parsed.doubts),
                form=form,
            ),
            status=status,
        )

    def confirm(self, request):
        token = request.POST.get("token", "")
        pending = uploads.for_user(token, request.user, IMPORTER) if token else None
        if pending is None:
            messages.error(request, _("The preview has expired. Upload the document again."))
            return redirect("admin:dialogues_dialogueevent_import")
        form = ImportConfirmForm(request.POST, line_count=_line_count(pending))
        preview = preview_of(pending.filename, pending.text, uploads.parsed(pending))
        if not form.is_valid():
            return self.preview_response(request, pending, preview, form, status=400)
        try:
            result = save(preview, _options(form.cleaned_data))
        except DocumentError as refusal:
            form.add_error(None, refusal.message)
            return self.preview_response(request, pending, preview, form, status=400)
        except Exception:  # the transaction is rolled back: say so rather than answer 500
            logger.exception("Import of %s failed", pending.filename)
            form.add_error(
                None,
                _(
                    "The import failed unexpectedly and nothing was saved. The error has "
                    "been logged; please tell the site's administrators."
                ),
            )
            return self.preview_response(request, pending, preview, form, status=400)
        pending.delete()
        if result.replaced:
            messages.success(
                request,
                _("Imported “%(file)s” again: what its earlier import made is replaced.")
                % {"file": result.source.filename},
            )
        elif result.created:
            counts = result.counts
            messages.success(
                request,
                _(
                    "Imported “%(file)s”: %(topics)s new topics, %(notes)s notes, "
                    "%(questions)s questions, %(dialogues)s dialogues, %(statements)s opinion "
                    "barometer statements; %(unplaced)s lines kept as unplaced."
                )
                % {"file": result.source.filename, **counts},
            )
        else:
            messages.info(
                request,
                _("“%(file)s” was already imported; nothing was changed.")
                % {"file": result.source.filename},
            )
        return redirect(reverse("admin:dialogues_dialogueevent_change", args=[result.event.pk]))
