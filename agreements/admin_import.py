"""The minutes import in the admin: upload, a preview the coordinator corrects, confirmation.

The upload is kept server-side (okportal.importing.uploads) and named by its token in every
later request; Word files and files over 1 MB are read by a Celery task while the preview page
shows its progress (a page that reloads itself, no JavaScript needed). The preview shows the
document line by line beside what each line became, with the parser's doubts; a correction is
a form round-trip. Nothing is saved, or published, until the coordinator confirms.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from okportal.documents import DocumentError
from okportal.importing import uploads
from okportal.importing.preview import line_rows, read_again, until_ready
from okportal.models import ImportUpload

from .forms import LINE_ROLES, ImportPreviewForm, ImportUploadForm
from .importing.save import (
    MinutesOptions,
    changes_since_import,
    import_key,
    import_minutes,
    item_numbers,
)
from .importing.structure import ParsedMeeting
from .models import Meeting

IMPORTER = "minutes"
LINES_PER_PAGE = 400

UNPLACED_REASONS = {
    "header": gettext_lazy("document header"),
    "page_header": gettext_lazy("page header or footer"),
    "stray": gettext_lazy("stray characters"),
    "duplicate_link": gettext_lazy("link repeated at the end of a page"),
    "after_signature": gettext_lazy("after the signature"),
    "ignored": gettext_lazy("left out by you"),
}
ROLE_NAMES = {
    **dict(LINE_ROLES),
    "date": gettext_lazy("Date or time"),
    "field": gettext_lazy("Fact (place, chair …)"),
    "signature": gettext_lazy("Signature"),
    "dropped": gettext_lazy("Page header or footer (dropped)"),
    "unplaced": gettext_lazy("Not placed"),
    "ignore": gettext_lazy("Left out by you"),
}
DOUBTS = {  # with the date doubts of okportal.importing.doubts
    "date_closing_line": gettext_lazy("The date was only found in the closing lines."),
    "date_page_header": gettext_lazy("The date was only found in a page header."),
    "no_date": gettext_lazy("No date was found: give the date of the meeting."),
    "heading_guessed": gettext_lazy("An unnumbered line was taken for an item's heading."),
    "attendee_guessed": gettext_lazy(
        "Which part is the name and which the organisation is a guess."
    ),
}


def _check(model_admin, request) -> None:
    if not model_admin.has_add_permission(request):
        raise PermissionDenied


def _context(model_admin, request, **extra) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        **extra,
    }


def upload_view(model_admin, request):
    """The upload form; a valid upload is kept and read, and the preview follows."""
    _check(model_admin, request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            options = {
                "group": data["group"].pk,
                "date": data["date"].isoformat() if data["date"] else "",
                "title": data["title"],
            }
            try:
                upload = uploads.store(request.user, IMPORTER, data["file"], options)
            except DocumentError as error:
                form.add_error(error.field or "file", error.message)
            else:
                uploads.start(upload)
                return HttpResponseRedirect(_preview_url(upload))
        status = 400
    return TemplateResponse(
        request,
        "agreements/admin/meeting_import.html",
        _context(model_admin, request, title=_("Import minutes"), form=form),
        status=status,
    )


def _preview_url(upload: ImportUpload) -> str:
    return reverse("admin:agreements_meeting_import_preview", args=[upload.token])


def preview_view(model_admin, request, token: str):
    """Progress while the document is read; then the preview, its corrections and the import."""
    _check(model_admin, request)
    upload = uploads.for_user(token, request.user, IMPORTER)
    if upload is None:
        raise Http404
    return until_ready(
        request,
        upload,
        _context(model_admin, request),
        lambda options, error: _upload_page(model_admin, request, options, error),
        lambda: _read(model_admin, request, upload),
    )


def _read(model_admin, request, upload: ImportUpload):
    """The preview of a document read, a correction or the import."""
    parsed: ParsedMeeting = uploads.parsed(upload)
    lines = upload.text.split("\n")
    form = ImportPreviewForm(
        request.POST or None, initial=_initial(upload, parsed), line_count=len(lines)
    )
    if request.method == "POST":
        if not form.is_valid():
            return _preview(model_admin, request, upload, parsed, lines, form, status=400)
        if "confirm" in request.POST:
            return _confirm(model_admin, request, upload, parsed, lines, form)
        return _correct(model_admin, request, upload, parsed, lines, form)
    return _preview(model_admin, request, upload, parsed, lines, form)


def _initial(upload: ImportUpload, parsed: ParsedMeeting) -> dict:
    saved = upload.options
    when = parsed.when
    return {
        "group": saved.get("group"),
        "date": saved.get("date") or (when.date if when else None),
        "start": saved.get("start") or (when.start if when else None),
        "end": saved.get("end") or (when.end if when else None),
        "title": saved.get("title") or parsed.title or "",
        "publish": saved.get("publish", False),
    }


def _correct(model_admin, request, upload, parsed, lines, form):
    """Keep the corrected facts and line roles, parse again, and show the preview again."""
    data = form.cleaned_data
    first = data.get("first_line")
    options = {
        **upload.options,
        "group": data["group"].pk,
        "date": data["date"].isoformat() if data["date"] else "",
        "start": data["start"].strftime("%H:%M") if data["start"] else "",
        "end": data["end"].strftime("%H:%M") if data["end"] else "",
        "title": data["title"],
        "publish": data["publish"],
    }
    read_again(upload, options, form)
    url = _preview_url(upload)
    if first:
        url += f"?page={(first - 1) // LINES_PER_PAGE + 1}#line-{first}"
    return HttpResponseRedirect(url)


def _confirm(model_admin, request, upload, parsed, lines, form):
    data = form.cleaned_data
    options = MinutesOptions(
        date=data["date"],
        start=data["start"],
        end=data["end"],
        title=data["title"],
        publish=data["publish"],
        replace=data["replace"],
    )
    try:
        result = import_minutes(
            upload.text, group=data["group"], parsed=parsed, options=options, user=request.user
        )
    except DocumentError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return _preview(model_admin, request, upload, parsed, lines, form, status=400)
    if not (result.created or result.replaced):
        form.add_error(
            "replace",
            _("This document was imported before. Tick the box to replace what it made."),
        )
        return _preview(model_admin, request, upload, parsed, lines, form, status=400)
    upload.delete()
    message = (
        _("Imported %(count)s agenda items.")
        if result.created
        else _("Imported again: %(count)s agenda items replace those of the earlier import.")
    ) % {"count": len(parsed.items)}
    if result.meeting.status != Meeting.Status.PUBLISHED:
        message += " " + _("Check them and publish when ready.")
    messages.success(request, message)
    return HttpResponseRedirect(
        reverse("admin:agreements_meeting_change", args=[result.meeting.pk])
    )


def _upload_page(model_admin, request, options: dict, error: str):
    """The upload form again, with what was given and why the document could not be read."""
    return TemplateResponse(
        request,
        "agreements/admin/meeting_import.html",
        _context(
            model_admin,
            request,
            title=_("Import minutes"),
            form=ImportUploadForm(initial=options),
            error=error,
        ),
        status=400,
    )


def _item_changes(earlier: Meeting, parsed: ParsedMeeting) -> dict[str, list[str]]:
    """Which items a re-import removes and adds, by number and title."""
    old = [f"§{number} {title}" for number, title in earlier.items.values_list("number", "title")]
    new = [
        f"§{number} {item.title}"
        for number, item in zip(item_numbers(parsed), parsed.items, strict=True)
    ]
    return {
        "removed": [item for item in old if item not in new],
        "added": [item for item in new if item not in old],
    }


def _preview(model_admin, request, upload, parsed: ParsedMeeting, lines, form, status=200):
    reasons = {line.line_number: UNPLACED_REASONS.get(line.reason, "") for line in parsed.unplaced}
    rows, doubts_by_line = line_rows(
        upload.text, parsed.line_roles, ROLE_NAMES, upload, parsed.doubts, DOUBTS, reasons
    )
    page = Paginator(rows, LINES_PER_PAGE).get_page(request.GET.get("page"))
    earlier = Meeting.objects.filter(import_key=import_key(upload.text)).first()
    unplaced = [line for line in parsed.unplaced if line.reason != "page_header"]
    return TemplateResponse(
        request,
        "agreements/admin/meeting_import_preview.html",
        _context(
            model_admin,
            request,
            title=_("Preview of the import"),
            upload=upload,
            parsed=parsed,
            form=form,
            page=page,
            general_doubts=doubts_by_line.get(0, []),
            doubt_lines=[
                (number, (number - 1) // LINES_PER_PAGE + 1, texts)
                for number, texts in sorted(doubts_by_line.items())
                if number
            ],
            # Lines not placed, and guesses: never "all placed" when the parser guessed.
            unplaced_count=len(unplaced),
            guessed_count=len(parsed.doubts),
            dropped_count=len(parsed.unplaced) - len(unplaced),
            earlier=earlier,
            edits=changes_since_import(earlier) if earlier else [],
            item_changes=_item_changes(earlier, parsed) if earlier else None,
        ),
        status=status,
    )
