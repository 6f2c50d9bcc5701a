import datetime
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agreements.importing.save import import_minutes
from okportal.documents import DocumentError, read_document


class Command(BaseCommand):
    help = (
        "Import meeting minutes (.txt, .md, .docx) as a meeting with its agenda items. "
        "Importing the same document again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--group",
            help="Slug or name of the working group; by default the council (kind råd).",
        )
        parser.add_argument(
            "--date", type=datetime.date.fromisoformat, help="YYYY-MM-DD, if the text has none"
        )
        parser.add_argument("--title", default="")
        parser.add_argument(
            "--publish", action="store_true", help="Publish the minutes (no e-mail is sent)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Parse and report only.")

    def handle(self, *args, file, group, date, title, publish, dry_run, **options):
        from organisations.models import WorkingGroup

        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from error
        if group:
            working_group = (
                WorkingGroup.objects.filter(slug=group).first()
                or WorkingGroup.objects.filter(name__iexact=group).first()
            )
        else:
            working_group = WorkingGroup.objects.filter(kind=WorkingGroup.Kind.COUNCIL).first()
        if working_group is None:
            raise CommandError(f"No working group {group or '(council)'}; give --group.")
        started = time.perf_counter()
        try:
            text = read_document(data, file.name, tables="rows")
            result = import_minutes(
                text,
                group=working_group,
                date=date,
                title=title,
                publish=publish,
                dry_run=dry_run,
            )
        except DocumentError as error:
            hint = " (--date YYYY-MM-DD)" if error.field == "date" else ""
            raise CommandError(f"{file}: {error}{hint}") from error
        elapsed = time.perf_counter() - started
        parsed = result.parsed
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(warning))
        for item in parsed.items:
            self.stdout.write(f"  §{item.number or '-'} {item.title}")
        for line in parsed.unplaced:
            self.stdout.write(f"  unplaced line {line.line_number} ({line.reason}): {line.text}")
        summary = f"{len(parsed.items)} items, {len(parsed.unplaced)} unplaced lines"
        if dry_run:
            self.stdout.write(f"Dry run: {summary}; nothing saved ({elapsed * 1000:.0f} ms).")
        elif result.created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Imported {result.meeting.slug}: {summary} ({elapsed * 1000:.0f} ms)."
                )
            )
        else:
            self.stdout.write(f"Already imported as {result.meeting.slug}; nothing changed.")
