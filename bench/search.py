"""Benchmark: the site search on 10,000 organisations, 100,000 dialogue notes and 20,000 minutes
items. Ten typical queries timed in the database — the stored Swedish vectors with their GIN
indexes (search/query.py) beside the same queries done with `icontains` on the same rows, as a
ratio — and the requests per second of the search page (every request a query never asked
before) and of an API list (its answer kept until the data changes, and each page asked once),
beside the bare-Django yardstick, in the same run.

    DEBUG=true .venv/bin/python -m okportal.local_services run -- .venv/bin/python bench/search.py

(or `make bench BENCHES=bench/search.py`). Options: --notes, --items, --organisations,
--requests, --repeat.
"""

import argparse
import datetime
import itertools
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.harness import (  # noqa: E402
    client_for,
    load,
    portal,
    report,
    scratch_database,
    yardstick_server,
)

DATABASE_NAME = "okportal_bench_search"
QUERIES = [
    "föreningarna", "psykisk hälsa", '"psykisk hälsa" -covid', "folkhälsa", "integration",
    "barn och unga", "ensamhet", "samverkan", "idrott", "psykisk halsa",
]  # fmt: skip
# Words of the seeds in several of their forms, so that stems matter.
VOCABULARY = [
    "förening", "föreningar", "föreningarna", "föreningens", "hälsa", "hälsan", "psykisk",
    "psykiska", "ohälsa", "folkhälsa", "folkhälsan", "integration", "nyanlända", "barn", "unga",
    "ungdomar", "ensamhet", "ensamma", "samverkan", "samverka", "idrott", "idrotten", "kultur",
    "studiecirkel", "mötesplats", "region", "kommun", "kommunerna", "bidrag", "dialog",
    "överenskommelse", "ideell", "ideella", "frivilliga", "covid", "pandemin", "äldre",
    "pensionärer", "demokrati", "delaktighet", "förankring", "struktur", "nätverk", "kontakter",
    "information", "spelregler", "villkor",
]  # fmt: skip
WORDS = ["vi", "behöver", "mer", "och", "en", "för", "att", "med", "som", "om", "på", "till",
         "i", "det", "är", "de", "ska", "kan"]  # fmt: skip


# Filler words of their own (ord0 … ord1999) make up most of a note, so that a word of the
# vocabulary is in a few percent of the notes, as a theme's word is in real ones.
FILLER = [f"ord{n}" for n in range(2000)]


def sentence(chance: random.Random, words: int) -> str:
    def word() -> str:
        roll = chance.random()
        if roll < 0.1:
            return chance.choice(VOCABULARY)
        return chance.choice(WORDS if roll < 0.4 else FILLER)

    return " ".join(word() for _ in range(words)).capitalize() + "."


def build(organisations: int, notes: int, items: int) -> None:
    from agreements.models import AgendaItem, Meeting
    from bench.organisations_directory import build as build_organisations
    from dialogues.models import DialogueEvent, Note, Topic
    from organisations.models import WorkingGroup

    chance = random.Random(2015)
    build_organisations(organisations)
    events = DialogueEvent.objects.bulk_create(
        DialogueEvent(
            title=f"Dialog {n}",
            slug=f"dialog-{n}",
            date=datetime.date(2015, 1, 1) + datetime.timedelta(days=7 * n),
            is_published=True,
        )
        for n in range(200)
    )
    topics = Topic.objects.bulk_create(
        Topic(
            event=events[n % len(events)], title=sentence(chance, 3)[:-1], key=f"t{n}", position=n
        )
        for n in range(2000)
    )
    Note.objects.bulk_create(
        (
            Note(
                topic=topics[n % len(topics)],
                position=n,
                text=sentence(chance, chance.randint(6, 20)),
            )
            for n in range(notes)
        ),
        batch_size=5000,
    )
    group = WorkingGroup.objects.create(name="Rådet (benchmark)", slug="radet-bench", kind="rad")
    start = datetime.datetime(2016, 1, 7, 9, tzinfo=datetime.UTC)
    meetings = Meeting.objects.bulk_create(
        Meeting(
            group=group,
            title="Rådets möte",
            slug=f"mote-{n}",
            starts_at=start + datetime.timedelta(days=n),
            ends_at=start + datetime.timedelta(days=n, hours=2),
            status=Meeting.Status.PUBLISHED,
        )
        for n in range(items // 10)
    )
    AgendaItem.objects.bulk_create(
        (
            AgendaItem(
                meeting=meetings[n // 10],
                number=n % 10 + 1,
                title=sentence(chance, 4)[:-1],
                minutes=" ".join(sentence(chance, 12) for _ in range(4)),
                decision=sentence(chance, 8) if n % 3 == 0 else "",
            )  # fmt: skip
            for n in range(len(meetings) * 10)
        ),
        batch_size=5000,
    )


def icontains(text: str) -> list:
    """The same kinds and visibility, matched by `icontains` on the title or the text."""
    from django.db.models import FloatField, Q, Value

    from search.kinds import COLUMNS, KINDS

    return [
        kind.rows()
        .filter(Q(s_title__icontains=text) | Q(s_body__icontains=text))
        .annotate(s_rank=Value(0.0, output_field=FloatField()))
        .order_by()
        .values(*COLUMNS, "s_rank")
        for kind in KINDS
    ]


def plain_search(text: str) -> list[dict]:
    from search.query import ranked_rows, union_sql

    return ranked_rows(text, union_sql(icontains(text)), 0, 5)


def timed(call, repeat: int) -> list[float]:
    call()  # warm
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def measure(repeat: int) -> None:
    """Run with the scratch database: each query's median and p95, full text vs icontains."""
    from search.query import search

    print(f"\nTen typical queries, {repeat} runs each (ms; one SQL query per search)")
    print(f"{'query':<26} {'hits':>6} {'fts med':>8} {'fts p95':>8} {'icontains med':>14} "
          f"{'icontains p95':>14} {'hits':>6} {'ratio':>6}")  # fmt: skip
    ratios = []
    for text in QUERIES:
        fts = timed(lambda text=text: search(text), repeat)
        plain = timed(lambda text=text: plain_search(text), repeat)
        fts_hits = search(text).total
        plain_hits = sum({row["s_kind"]: row["total"] for row in plain_search(text)}.values())
        ratio = statistics.median(plain) / statistics.median(fts)
        ratios.append(ratio)
        print(f"{text:<26} {fts_hits:>6} {statistics.median(fts):>8.1f} {p95(fts):>8.1f} "
              f"{statistics.median(plain):>14.1f} {p95(plain):>14.1f} {plain_hits:>6} "
              f"{ratio:>5.1f}x")  # fmt: skip
    print(f"median ratio icontains / full text: {statistics.median(ratios):.1f}x")


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18]


def child(args) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "okportal.settings")
    import django

    django.setup()
    from django.db import connection, transaction

    if args.fill:
        with transaction.atomic():
            build(args.organisations, args.notes, args.items)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        measure(args.repeat)


def distinct_searches(count: int) -> Iterator[str]:
    """The addresses of `count` searches (and a warm-up's), each a query never asked before
    (two words of the vocabulary): the page is rendered every time."""
    queries = [" ".join(pair) for pair in itertools.combinations(VOCABULARY, 2)]
    random.Random(7).shuffle(queries)
    return iter([f"/sok/?q={quote(q)}" for q in queries[: count + 10]])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=10_000)
    parser.add_argument("--notes", type=int, default=100_000)
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--fill", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fill or args.measure:
        child(args)
        return
    with scratch_database(DATABASE_NAME) as database_url:
        env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "true"}
        argv = [sys.executable, __file__, "--organisations", str(args.organisations),
                "--notes", str(args.notes), "--items", str(args.items),
                "--repeat", str(args.repeat)]  # fmt: skip
        started = time.perf_counter()
        subprocess.run([*argv, "--fill"], env=env, check=True)
        print(f"filled in {time.perf_counter() - started:.0f} s")
        subprocess.run([*argv, "--measure"], env=env, check=True)
        with yardstick_server(database_url) as bare, portal(database_url) as base_url:
            yardstick = load(bare, args.requests)
            pages = itertools.cycle(range(1, args.organisations // 20 + 1))
            # each row: its address, and how it is asked for (a new address from a list is
            # asked by the Python client, wrk cannot)
            rows = {
                "/sok/?q=… (never asked before, rendered)": (
                    f"{base_url}/sok/",
                    {"paths": distinct_searches(args.requests)},
                ),
                "/api/organizations/ (cached: the answer kept until a change)": (
                    base_url + "/api/organizations/",
                    {},
                ),
                # 500 pages of 20 at the default size: none asked twice in 405 requests
                "/api/organizations/?page=… (rendered: each page asked once)": (
                    base_url + "/api/organizations/",
                    {"paths": (f"/api/organizations/?page={n}" for n in pages)},
                ),
            }
            # the yardstick measured again just before each row, by the row's own client, and
            # the row compared with that: on a shared machine the load changes from one minute
            # to the next (see three_ways)
            results = {}
            for name, (url, options) in rows.items():
                client = client_for(**options)
                bare_rps = load(bare, args.requests, client=client)["rps"]
                figures = load(url, requests=args.requests, client=client, **options)
                results[name] = {"bare_rps": bare_rps, **figures}
    report(
        f"Search and open data: {args.organisations:,} organisations, {args.notes:,} notes, "
        f"{args.items:,} minutes items (gunicorn, 2 workers)",
        results,
        yardstick,
    )


if __name__ == "__main__":
    main()
