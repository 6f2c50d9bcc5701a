"""Demo content: the seeds of October 2015, imported through the importer, idempotent.

The three documents go into ONE event, because they are one day: the inspiration day of
23 October 2015 whose afternoon was the Open Space (its minutes say "En sammanställning av
områden och anteckningar finns som bilaga").

* open-space-2015-compiled.md makes the event: the topic grid, 18 topics, the notes.
* open-space-2015-raw.txt (a PDF's text) is added as raw material: its topics match the
  compiled ones by title, and its notes become further note groups of the same topics, marked
  as raw and shown apart, so the lines the compiled version lacks are there too. Nothing is
  merged line by line: a fuzzy merge would drop or mangle exactly those lines.
* inspirationsdag-2015-10-23.txt adds the minutes as a dialogue and the opinion barometer.

Each document is stored whole (SourceDocument) with its hash, so running this again (or
importing the same file by hand) changes nothing.
"""

import datetime
from pathlib import Path

from .importing.save import ImportOptions, import_document
from .models import BarometerStatement, DialogueEvent

SEEDS = Path(__file__).resolve().parent / "seeds"
DATE = datetime.date(2015, 10, 23)
TITLE = "Open Space om en värmländsk överenskommelse"
ORGANISER = "Landstinget i Värmland och arbetsgruppen för en överenskommelse"
PRACTICE_STATEMENT = (
    "Övning: Överenskommelsen bör gälla hela Värmland, inte bara det sociala området."
)


def load(stdout) -> DialogueEvent:
    compiled = import_document(
        (SEEDS / "open-space-2015-compiled.md").read_bytes(),
        "open-space-2015-compiled.md",
        ImportOptions(
            title=TITLE, date=DATE, kind=DialogueEvent.Kind.OPEN_SPACE, organiser=ORGANISER
        ),
    )
    event = compiled.event
    raw = import_document(
        (SEEDS / "open-space-2015-raw.txt").read_bytes(),
        "open-space-2015-raw.txt",
        ImportOptions(event=event, is_raw=True),
    )
    minutes = import_document(
        (SEEDS / "inspirationsdag-2015-10-23.txt").read_bytes(),
        "inspirationsdag-2015-10-23.txt",
        ImportOptions(event=event),
    )
    if not event.is_published:
        event.publish()
    # A statement a coordinator can open to try the live barometer (not from the seeds).
    BarometerStatement.objects.get_or_create(
        event=event,
        statement=PRACTICE_STATEMENT,
        defaults={"position": 100, "status": BarometerStatement.Status.READY},
    )
    for result in (compiled, raw, minutes):
        state = "imported" if result.created else "already there"
        stdout.write(f"Dialogues: {result.source.filename} {state}.\n")
    return event
