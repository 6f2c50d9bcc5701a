"""Benchmark: the organisation directory with 10,000 organisations, unfiltered, filtered and
searched, and a working group's page with 200 members, beside the yardstick. Each page is
measured the four ways of `harness.every_way`; and searches nobody made before (two words and
a place, every request a new search: neither the page nor its parts are kept for it).

    DEBUG=true .venv/bin/python -m okportal.local_services run -- \
        .venv/bin/python bench/organisations_directory.py [--organisations 10000] [--requests 400]

Uses bench/harness.py: a scratch database of its own (created, migrated and dropped again: the
development database is never touched), the portal under gunicorn with 2 workers and DEBUG off,
a bounded number of keep-alive requests, and the bare-Django yardstick measured in the same run.
"""

import argparse
import itertools
import os
import random
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.harness import (  # noqa: E402
    baseline,
    client_for,
    every_way,
    load,
    portal,
    report,
    scratch_database,
    signed_in_cookie,
    yardstick_server,
)

DATABASE_NAME = "okportal_bench_organisations"
GROUP_SLUG = "benchmark-natverket"
WORDS = [
    "idrott", "kultur", "folkhälsa", "integration", "ungdom", "pensionärer", "kör", "studiecirkel",
    "friluftsliv", "ensamhet", "demokrati", "stöd", "föräldrar", "barn", "träffpunkt", "läxhjälp",
]  # fmt: skip
KINDS = ["Föreningen", "Stiftelsen", "Nätverket", "Kooperativet", "Ideella föreningen"]
PLACES = ["Karlstad", "Arvika", "Säffle", "Årjäng", "Hammarö", "Sunne", "Torsby", "Kil"]


NEVER_ASKED = "rendered: anonymous, a new search"


def new_searches():
    """Addresses of searches in the directory's own words, none asked twice in one run."""
    for words in itertools.product(WORDS, WORDS, PLACES):
        yield "/organisationer/?q=" + quote(" ".join(words))


def build(count: int) -> None:
    from organisations.models import (
        LegalForm,
        Level,
        Membership,
        Municipality,
        Organisation,
        Sector,
        Theme,
        WorkingGroup,
    )

    chance = random.Random(2015)
    municipalities = list(Municipality.objects.all())
    themes = list(Theme.objects.all())
    organisations = Organisation.objects.bulk_create(
        (
            Organisation(
                name=f"{chance.choice(KINDS)} {chance.choice(WORDS).capitalize()} "
                f"{chance.choice(PLACES)} {n}",
                slug=f"organisation-{n}",
                sector=chance.choice(Sector.values),
                legal_form=chance.choice(LegalForm.values),
                level=chance.choice(Level.values),
                description=" ".join(chance.choices(WORDS, k=25)).capitalize() + ".",
                email=f"info{n}@example.org",
                status=Organisation.Status.APPROVED,
            )
            for n in range(count)
        ),
        batch_size=2000,
    )
    through = Organisation.municipalities.through
    through.objects.bulk_create(
        (
            through(organisation=o, municipality=m)
            for o in organisations
            for m in chance.sample(municipalities, chance.randint(1, 3))
        ),
        batch_size=5000,
    )
    through = Organisation.themes.through
    through.objects.bulk_create(
        (
            through(organisation=o, theme=t)
            for o in organisations
            for t in chance.sample(themes, chance.randint(1, 3))
        ),
        batch_size=5000,
    )
    group = WorkingGroup.objects.create(
        name="Nätverket (benchmark)", slug=GROUP_SLUG, kind=WorkingGroup.Kind.NETWORK
    )
    Membership.objects.bulk_create(
        Membership(group=group, organisation=o, status=Membership.Status.ACTIVE)
        for o in organisations[:200]
    )


def fill(count: int) -> None:
    """Run in a child process whose DATABASE_URL is the scratch database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "okportal.settings")
    import django

    django.setup()
    from django.db import connection, transaction

    with transaction.atomic():
        build(count)
    # as autovacuum leaves the table after a bulk load (as bench/search.py does): each row was
    # written 3 times (its themes' and places' triggers renew its search vector), and the
    # server the benchmarks run on may have autovacuum off
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--fill", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fill:
        fill(args.organisations)
        return
    with scratch_database(DATABASE_NAME) as database_url:
        yardstick = baseline(database_url)
        env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "true"}
        subprocess.run(
            [sys.executable, __file__, "--fill", "--organisations", str(args.organisations)],
            env=env, check=True,
        )  # fmt: skip
        cookie = signed_in_cookie(database_url)
        pages = {
            "/organisationer/ (unfiltered)": "/organisationer/",
            "/organisationer/ (sector + municipality)": (
                "/organisationer/?sector=ideburen&municipality=karlstad"
            ),
            "/organisationer/ (theme + level, page 3)": (
                "/organisationer/?theme=folkhalsa&level=lokal&page=3"
            ),
            "/organisationer/?q=idrott (search)": "/organisationer/?q=idrott",
            "/organisationer/ (page 400)": "/organisationer/?page=400",
            f"/arbetsgrupper/{GROUP_SLUG}/ (200 members)": f"/arbetsgrupper/{GROUP_SLUG}/",
        }
        with portal(database_url) as base_url, yardstick_server(database_url) as bare:
            for path in pages.values():  # both workers: templates compiled, caches filled
                load(base_url + path, requests=40)
            results = {
                name: every_way(base_url, path, cookie, args.requests, bare)
                for name, path in pages.items()
            }
            # the yardstick measured just before, by the row's own client (a new address from a
            # list is asked by the Python client, which wrk cannot; wrk's yardstick is faster)
            client = client_for(paths=new_searches())
            bare_rps = load(bare, args.requests, client=client)["rps"]
            searches = load(
                base_url + "/organisationer/", args.requests, paths=new_searches(), client=client
            )
            results["/organisationer/?q=… (searches never made before)"] = {
                NEVER_ASKED: {**searches, "bare_rps": bare_rps}
            }
    report(
        f"Organisation directory, {args.organisations:,} organisations (gunicorn, 2 workers)",
        results,
        yardstick,
    )


if __name__ == "__main__":
    main()
