"""The preview both import views show, and its correction round-trip: the document line by
line beside what each line became, the parser's doubts beside their lines, and the
coordinator's facts and line corrections kept with the upload before it is read again."""

from __future__ import annotations

from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from okportal.models import ImportUpload

from . import uploads
from .doubts import doubts_by_line


def line_rows(
    text: str,
    roles: dict[int, str],
    role_names: dict,
    upload: ImportUpload,
    doubts,
    doubt_wording: dict,
    reasons: dict[int, str] | None = None,
) -> tuple[list[dict], dict[int, list[str]]]:
    """Each line of the document as the preview shows it, and the doubts by line number
    (0: about the whole document)."""
    corrected = uploads.corrections(upload)
    by_line = doubts_by_line(doubts, doubt_wording)
    reasons = reasons or {}
    rows = [
        {
            "number": number,
            "text": line,
            "role": roles.get(number, ""),
            "role_name": role_names.get(roles.get(number, ""), ""),
            "reason": reasons.get(number, ""),
            "corrected": number in corrected,
            "doubts": by_line.get(number, []),
        }
        for number, line in enumerate(text.split("\n"), 1)
    ]
    return rows, by_line


def read_again(upload: ImportUpload, options: dict, form) -> None:
    """Keep the facts the coordinator gave and the line corrections of `form` (a
    LineCorrectionForm), and read the document again with them."""
    upload.options = {
        **options,
        "corrections": form.corrected(upload.options.get("corrections", {})),
    }
    upload.save(update_fields=["options"])
    uploads.start(upload)


def until_ready(request, upload: ImportUpload, context: dict, upload_page, preview_page):
    """The page an upload calls for in its state: while it is read, the progress page (it
    reloads itself); when it could not be read, `upload_page(options, error)` (the upload form
    again, with what was given and the reason; the upload is dropped); once read,
    `preview_page()`."""
    if upload.state == ImportUpload.State.FAILED:
        error = f"{upload.filename}: {uploads.error_of(upload).message}"
        options = {key: value for key, value in upload.options.items() if key != "corrections"}
        upload.delete()
        return upload_page(options, error)
    if upload.state != ImportUpload.State.READY:
        return TemplateResponse(
            request,
            "admin/import_progress.html",
            {**context, "title": _("Reading the document"), "upload": upload},
        )
    return preview_page()
