"""Uploads kept server-side between the preview and the confirmation of an import.

`store` keeps the uploaded bytes as an ImportUpload row named by a random token; `start` reads
and parses them — in the request for a small text file, else in the Celery task `read_upload`,
whose progress the preview page shows until the result is there. The preview, each correction
and the confirmation name the upload by its token; the document never travels in a form.
Reading is bounded: at most `documents.MAX_BYTES` uploaded, the .docx limits of
`okportal.documents`, and in the task a time limit and an address-space limit
(`READ_MEMORY_BYTES` above what the worker already uses).
"""

from __future__ import annotations

import datetime
import pickle
import resource
import secrets
from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from okportal.documents import (
    DOCX_SUFFIX,
    MAX_BYTES,
    DocumentError,
    check_upload,
    read_document,
)
from okportal.models import ImportUpload

READ_IN_TASK_BYTES = 1024 * 1024
READ_MEMORY_BYTES = 1024 * 1024 * 1024
READ_SECONDS = 120
KEPT_FOR = datetime.timedelta(days=1)
# importer: (how .docx tables come out, its parser: text, file name and line corrections in)
IMPORTERS = {
    "minutes": ("rows", "agreements.importing.minutes.parse_upload"),
    "dialogue": ("markdown", "dialogues.importing.parser.parse_upload"),
}


def store(user, importer: str, upload, options: dict) -> ImportUpload:
    """Keep an uploaded file (a Django UploadedFile) for `importer`; DocumentError if too large."""
    if upload.size > MAX_BYTES:
        raise DocumentError("too_large", field="file")
    data = upload.read()
    check_upload(data, upload.name)
    ImportUpload.objects.filter(created_at__lt=timezone.now() - KEPT_FOR).delete()
    return ImportUpload.objects.create(
        token=secrets.token_urlsafe(32),
        user=user,
        importer=importer,
        filename=upload.name[:255],
        data=data,
        options=options,
    )


def keep_text(user, importer: str, filename: str, text: str) -> ImportUpload:
    """Keep a document already read (in the request) for its preview and confirmation."""
    ImportUpload.objects.filter(created_at__lt=timezone.now() - KEPT_FOR).delete()
    return ImportUpload.objects.create(
        token=secrets.token_urlsafe(32),
        user=user,
        importer=importer,
        filename=filename[:255],
        data=b"",
        text=text,
        state=ImportUpload.State.READY,
        progress=100,
    )


def in_task(upload: ImportUpload) -> bool:
    """Word files and large files are read by the worker, never inside a request."""
    return len(upload.data) > READ_IN_TASK_BYTES or upload.filename.lower().endswith(DOCX_SUFFIX)


def start(upload: ImportUpload) -> None:
    """Read and parse the upload now (small text) or queue the task that does it."""
    upload.state, upload.progress, upload.error_code = ImportUpload.State.WAITING, 0, ""
    upload.save(update_fields=["state", "progress", "error_code"])
    if in_task(upload):
        from .tasks import read_upload

        pk = upload.pk
        transaction.on_commit(lambda: read_upload.delay(pk))
    else:
        read(upload)


def read(upload: ImportUpload) -> None:
    """Read the stored bytes as text and parse them with the line corrections kept in the
    upload's options; the row says READY with the result, or FAILED with the error's code."""
    tables, parser = IMPORTERS[upload.importer]
    _progress(upload, ImportUpload.State.READING, 10)
    try:
        if not upload.text:
            upload.text = read_document(bytes(upload.data), upload.filename, tables=tables)
            upload.save(update_fields=["text"])
        _progress(upload, ImportUpload.State.READING, 50)
        parsed = import_string(parser)(upload.text, upload.filename, corrections(upload))
    except DocumentError as error:
        upload.state, upload.error_code, upload.progress = (
            ImportUpload.State.FAILED,
            error.code,
            100,
        )
        upload.save(update_fields=["state", "error_code", "progress"])
        return
    upload.parsed = pickle.dumps(parsed)
    upload.state, upload.progress = ImportUpload.State.READY, 100
    upload.save(update_fields=["parsed", "state", "progress"])


def _progress(upload: ImportUpload, state: str, progress: int) -> None:
    upload.state, upload.progress = state, progress
    ImportUpload.objects.filter(pk=upload.pk).update(state=state, progress=progress)


def parsed(upload: ImportUpload):
    """The parser's result, as the reading stored it (pickled by this server only)."""
    return pickle.loads(upload.parsed) if upload.parsed else None  # noqa: S301


def corrections(upload: ImportUpload) -> dict[int, str]:
    return {int(line): role for line, role in upload.options.get("corrections", {}).items()}


def fail(upload_id: int, code: str) -> None:
    ImportUpload.objects.filter(pk=upload_id).update(
        state=ImportUpload.State.FAILED, error_code=code, progress=100
    )


def error_of(upload: ImportUpload) -> DocumentError:
    return DocumentError(upload.error_code or "unreadable", field="file")


@contextmanager
def memory_limit(extra: int):
    """Limit this process's address space to what it uses now plus `extra`, then restore it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with open("/proc/self/statm") as statm:
        used = int(statm.read().split()[0]) * resource.getpagesize()
    limit = used + extra if hard == resource.RLIM_INFINITY else min(used + extra, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def for_user(token: str, user, importer: str) -> ImportUpload | None:
    """The user's own upload for this importer, if it is still kept."""
    return ImportUpload.objects.filter(
        token=token, user=user, importer=importer, created_at__gte=timezone.now() - KEPT_FOR
    ).first()
