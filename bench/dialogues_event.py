"""Benchmark: an event page with 2,000 notes and the list of events, each measured the four
ways of `harness.every_way` beside the yardstick; and the importer's times.

    DEBUG=true .venv/bin/python -m okportal.local_services run -- \
        .venv/bin/python bench/dialogues_event.py [--notes 2000] [--requests 400]

Uses bench/harness.py: a scratch database of its own (created, migrated and dropped again: the
development database is never touched), the portal under gunicorn with 2 workers and DEBUG
off, a bounded number of keep-alive requests, and the bare-Django yardstick measured in the same
run. Then each seed is imported with `manage.py import_dialogue` into the scratch database, and
imported again (which must change nothing), and the times are printed.
"""

import argparse
import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.harness import (  # noqa: E402
    baseline,
    every_way,
    portal,
    report,
    scratch_database,
    signed_in_cookie,
    yardstick_server,
)

SLUG = "benchmark-open-space"
DATABASE_NAME = "okportal_bench_dialogues"
DATE = datetime.date(2015, 10, 23)


def build_event(notes: int):
    from dialogues.models import (
        BarometerStatement,
        Dialogue,
        DialogueEvent,
        GuidingQuestion,
        Note,
        Topic,
    )

    event = DialogueEvent.objects.create(
        title="Benchmark: Open Space",
        slug=SLUG,
        kind=DialogueEvent.Kind.OPEN_SPACE,
        date=datetime.date(2015, 10, 23),
        introduction="Dialogprocess **överenskommelse** Värmland",
        grid_legend="Ämnen med *kursiv* stil diskuterades inte som separata ämnen.",
        is_published=True,
    )
    topics = Topic.objects.bulk_create(
        Topic(
            event=event,
            title=f"Ämne {i + 1}",
            key=f"amne {i + 1}",
            discussed_on_own=i % 3 != 0,
            grid_row=1 + i // 6,
            grid_column=1 + i % 6,
            position=i,
        )
        for i in range(18)
    )
    top = Note.objects.bulk_create(
        Note(topic=topics[i % 18], text=f"Anteckning **{i}** med *betoning*", position=i)
        for i in range(notes // 2)
    )
    Note.objects.bulk_create(
        Note(topic=parent.topic, parent=parent, text=f"Underpunkt {i}", position=i)
        for i, parent in enumerate(top[: notes - len(top)])
    )
    for i in range(3):
        dialogue = Dialogue.objects.create(
            event=event, title=f"Dialog {i + 1}", summary="Sammanfattning\n\n- a\n- b", position=i
        )
        GuidingQuestion.objects.create(event=event, dialogue=dialogue, text=f"Fråga {i}?")
    GuidingQuestion.objects.create(event=event, text="Hur går vi vidare?")
    for i in range(7):
        BarometerStatement.objects.create(
            event=event,
            statement=f"Påstående {i}",
            outcome="Spridning mellan mitten och håller inte med.",
            status=BarometerStatement.Status.RECORDED,
            position=i,
        )
    return event


def fill(notes: int) -> None:
    """Run in a child process whose DATABASE_URL is the scratch database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "okportal.settings")
    import django

    django.setup()
    from django.db import transaction

    with transaction.atomic():
        build_event(notes)


def import_seeds(database_url: str) -> list[str]:
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "true"}
    seeds = BASE_DIR / "dialogues" / "seeds"
    plan = [
        ("open-space-2015-compiled.md", ["--title", "Open Space 2015", "--date", str(DATE)]),
        ("open-space-2015-raw.txt", ["--event", "open-space-2015-2015-10-23", "--raw"]),
        ("inspirationsdag-2015-10-23.txt", ["--event", "open-space-2015-2015-10-23"]),
    ]
    lines = []
    for name, options in plan:
        for attempt in ("first import", "again (changes nothing)"):
            output = subprocess.run(
                [sys.executable, "manage.py", "import_dialogue", str(seeds / name), *options],
                cwd=BASE_DIR, env=env, check=True, capture_output=True, text=True,
            ).stdout  # fmt: skip
            seconds = re.search(r"\(([\d.]+) s\)", output).group(1)
            lines.append(f"{name:<34} {attempt:<24} {float(seconds) * 1000:>8.0f} ms")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--fill", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fill:
        fill(args.notes)
        return
    with scratch_database(DATABASE_NAME) as database_url:
        yardstick = baseline(database_url)
        env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "true"}
        subprocess.run(
            [sys.executable, __file__, "--fill", "--notes", str(args.notes)], env=env, check=True
        )
        cookie = signed_in_cookie(database_url)
        pages = {
            f"/dialoger/{SLUG}/ ({args.notes} notes)": f"/dialoger/{SLUG}/",
            "/dialoger/": "/dialoger/",
        }
        with portal(database_url) as base_url, yardstick_server(database_url) as bare:
            results = {
                name: every_way(base_url, path, cookie, args.requests, bare)
                for name, path in pages.items()
            }
        imports = import_seeds(database_url)
    report("Dialogues: event page (gunicorn, 2 workers)", results, yardstick)
    print("\nImporter, per seed (time of read + parse + save, from import_dialogue)")
    for line in imports:
        print(line)


if __name__ == "__main__":
    main()
