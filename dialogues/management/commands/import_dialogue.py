"""python manage.py import_dialogue FILE [--event SLUG] [--raw] [--title …] [--date YYYY-MM-DD]"""

import datetime
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dialogues.importing.save import ImportOptions, read, save
from dialogues.models import DialogueEvent
from okportal.documents import DocumentError


def iso_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value}") from error


class Command(BaseCommand):
    help = (
        "Import a dialogue document (.txt, .md, .docx) into a new or an existing event. "
        "Importing the same document again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--event", help="Slug of an existing event to add the document to.")
        parser.add_argument(
            "--raw", action="store_true", help="The document is raw material (e.g. a PDF's text)."
        )
        parser.add_argument("--title", default="")
        parser.add_argument("--date", type=iso_date)
        parser.add_argument("--kind", choices=DialogueEvent.Kind.values, default="")
        parser.add_argument("--place", default="")
        parser.add_argument("--organiser", default="")
        parser.add_argument("--dialogue-title", default="")
        parser.add_argument("--publish", action="store_true", help="Publish the event.")
        parser.add_argument(
            "--show-unplaced", action="store_true", help="List the lines that were not placed."
        )

    def handle(self, *args, **options):
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from error
        event = None
        if options["event"]:
            event = DialogueEvent.objects.filter(slug=options["event"]).first()
            if event is None:
                raise CommandError(f"No event with the slug {options['event']!r}.")
        started = time.perf_counter()
        try:
            preview = read(data, path.name)
            result = save(
                preview,
                ImportOptions(
                    event=event,
                    title=options["title"],
                    date=options["date"],
                    kind=options["kind"],
                    place=options["place"],
                    organiser=options["organiser"],
                    is_raw=options["raw"],
                    dialogue_title=options["dialogue_title"],
                ),
            )
        except DocumentError as refusal:
            raise CommandError(refusal.message) from refusal
        seconds = time.perf_counter() - started
        if options["publish"] and not result.event.is_published:
            result.event.publish()
        if not result.created:
            self.stdout.write(
                f"{path.name} was already imported into “{result.event.title}” "
                f"({result.event.slug}); nothing changed. ({seconds:.3f} s)"
            )
            return
        counts = ", ".join(f"{n} {what}" for what, n in result.counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {path.name} into “{result.event.title}” ({result.event.slug}): "
                f"{counts}. ({seconds:.3f} s)"
            )
        )
        if options["show_unplaced"]:
            for line in preview.parsed.unplaced:
                self.stdout.write(f"  line {line.line}: {line.text!r} – {line.message}")
