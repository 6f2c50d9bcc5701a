"""What share of the facts in the corpus the importers read right before any correction, and
how long parsing takes. Run: .venv/bin/python -m tests.corpus.score"""

from __future__ import annotations

import os
import time
from collections import Counter

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "okportal.settings")
os.environ.setdefault("DEBUG", "true")


def minutes_facts(name: str) -> tuple[Counter, Counter, float]:
    """Facts right and facts in total, by kind, for one minutes document; and parse seconds."""
    from agreements.importing.minutes import parse_minutes
    from okportal.documents import read_document

    from .documents import MINUTES, minutes_bytes

    want = MINUTES[name]
    text = read_document(minutes_bytes(name), name, tables="rows")
    started = time.perf_counter()
    got = parse_minutes(text)
    seconds = time.perf_counter() - started
    right, total = Counter(), Counter()

    def count(kind: str, ok: bool) -> None:
        total[kind] += 1
        right[kind] += ok

    count("date", bool(got.when) and got.when.date == want.date)
    if want.start:
        count("time", bool(got.when) and (got.when.start, got.when.end) == (want.start, want.end))
    read = {(a.name, a.organisation, a.status) for a in got.attendees}
    for person in want.attendees:
        count("attendees", person in read)
    count("attendees_extra", len(got.attendees) == len(want.attendees))
    read_items = [(item.number, item.title) for item in got.items]
    for item in want.items:
        count("items", item in read_items)
    for position, decisions in want.decisions.items():
        found = got.items[position - 1].decisions if position <= len(got.items) else []
        for decision in decisions:
            count("decisions", decision in found)
    return right, total, seconds


def dialogue_facts(name: str) -> tuple[Counter, Counter, float]:
    from dialogues.importing.parser import parse_dialogue
    from okportal.documents import read_document

    from .documents import DIALOGUES, dialogue_bytes

    want = DIALOGUES[name]
    text = read_document(dialogue_bytes(name), name)
    started = time.perf_counter()
    got = parse_dialogue(text, name)
    seconds = time.perf_counter() - started
    right, total = Counter(), Counter()

    def count(kind: str, ok: bool) -> None:
        total[kind] += 1
        right[kind] += ok

    count("date", got.date == want.date)
    count("title", got.title == want.title)
    by_title = {dialogue.title: dialogue for dialogue in got.dialogues}
    for expected in want.dialogues:
        dialogue = by_title.get(expected.title)
        count("dialogues", dialogue is not None)
        count("summaries", bool(dialogue) and dialogue.summary.startswith(expected.summary_starts))
        found = [q.text for q in dialogue.questions] if dialogue else []
        for question in expected.questions:
            count("questions", question in found)
        if expected.raw_starts:
            count(
                "raw notes",
                bool(dialogue) and dialogue.raw_material.startswith(expected.raw_starts),
            )
    for question in want.questions:
        count("questions", question in [q.text for q in got.questions])
    for topic in want.topics:
        count("topics", topic in [t.title for t in got.topics])
    return right, total, seconds


def main() -> None:
    django.setup()
    from .documents import DIALOGUES, MINUTES

    right, total = Counter(), Counter()
    for name in [*MINUTES, *DIALOGUES]:
        facts = minutes_facts if name in MINUTES else dialogue_facts
        r, t, seconds = facts(name)
        right.update(r)
        total.update(t)
        print(f"{name:32} {sum(r.values()):3}/{sum(t.values()):3} facts  {seconds * 1000:7.1f} ms")
    for kind in total:
        print(f"{kind:16} {right[kind]:3}/{total[kind]:3} = {right[kind] / total[kind]:.0%}")
    print(f"{'all':16} {sum(right.values()):3}/{sum(total.values()):3}")
    big = five_megabytes()
    started = time.perf_counter()
    from agreements.importing.minutes import parse_minutes

    meeting = parse_minutes(big)
    print(
        f"5 MB minutes ({len(big.encode()) / 1e6:.1f} MB, {len(meeting.items)} items): "
        f"{time.perf_counter() - started:.1f} s"
    )


def five_megabytes() -> str:
    paragraph = (
        "Rådet diskuterar samverkan mellan regionen och de idéburna organisationerna, bidragen "
        "och hur arbetet ska följas upp under året som kommer.\n"
    )
    items = [f"§ {n} Ärende nummer {n}\n" + paragraph * 38 + "\n" for n in range(1, 900)]
    return "Protokoll Rådet\nDatum: 2023-09-14\n\n" + "".join(items)


if __name__ == "__main__":
    main()
