"""Benchmark: the agreement page (40 sections), a minutes page with 50 items, the comparison of
two 40-section versions and the list of meetings, each measured the four ways of
`harness.every_way` beside the yardstick; and the importer's time per seed.

    DEBUG=true .venv/bin/python -m okportal.local_services run -- \
        .venv/bin/python bench/agreements_pages.py [--items 50] [--sections 40] [--requests 400]

Uses bench/harness.py: a scratch database of its own (created, migrated and dropped again: the
development database is never touched), the portal under gunicorn with 2 workers and DEBUG off,
a bounded number of keep-alive requests, and the bare-Django yardstick measured in the same run.
Then each seed is imported with `manage.py import_minutes`, and again (which changes nothing).
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

DATABASE_NAME = "okportal_bench_agreements"
MEETING_SLUG = "benchmark-radsmote"
PARAGRAPH = (
    "Rådet diskuterade hur samverkan mellan region, kommuner och idéburna organisationer kan "
    "bli mer **strukturerad** och samtidigt *flexibel*. Bidragshanteringen förenklas och "
    "kriterierna förtydligas; se [regionens sida](https://www.regionvarmland.se/naravard).\n\n"
    "- Demokrativeckan, vecka 38\n- Orädd demokrati\n- Samverkansbank för rekrytering\n"
)


def build(items: int, sections: int) -> None:
    from django.utils import timezone

    from agreements.models import (
        AgendaItem,
        Agreement,
        AgreementVersion,
        Meeting,
        Principle,
        Section,
    )
    from organisations.models import WorkingGroup

    council = WorkingGroup.objects.create(
        name="Rådet för idéburna organisationer", slug="radet-for-ideburna-organisationer",
        kind=WorkingGroup.Kind.COUNCIL,
    )  # fmt: skip
    WorkingGroup.objects.create(
        name="Arbetsgruppen 2015", slug="arbetsgruppen-2015", kind=WorkingGroup.Kind.WORKING_GROUP
    )
    starts = datetime.datetime(2024, 5, 16, 9, tzinfo=timezone.get_current_timezone())
    meeting = Meeting.objects.create(
        group=council, slug=MEETING_SLUG, title="Rådets möte", starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2), chair="Elisabeth Kihlström",
        note_taker="Elisabeth Ehne", status=Meeting.Status.PUBLISHED, published_at=timezone.now(),
    )  # fmt: skip
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            number=n,
            title=f"Punkt {n}: Nära vård och samverkan",
            minutes=PARAGRAPH * 2,
            decision="Rådet beslutar att gå vidare." if n % 5 == 0 else "",
            links="https://www.regionvarmland.se/naravard",
        )  # fmt: skip
        for n in range(1, items + 1)
    )
    # a season of other meetings for the list: twenty held, five to come, ten items each
    for n in range(25):
        held = starts - datetime.timedelta(days=14 * (n + 1)) if n < 20 else None
        other = Meeting.objects.create(
            group=council, slug=f"radsmote-{n}", title="Rådets möte",
            starts_at=held or starts + datetime.timedelta(days=3650 + 14 * n),
            ends_at=(held or starts + datetime.timedelta(days=3650 + 14 * n))
            + datetime.timedelta(hours=2),
            status=Meeting.Status.PUBLISHED if held else Meeting.Status.PLANNED,
            published_at=timezone.now() if held else None,
        )  # fmt: skip
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=other, number=i, title=f"Punkt {i}", minutes=PARAGRAPH)
            for i in range(1, 11)
        )
    agreement = Agreement.objects.create(
        name="Överenskommelsen", slug="bench", parties="Parter", vision=PARAGRAPH
    )
    principles = Principle.objects.bulk_create(
        Principle(agreement=agreement, name=f"Princip {n}", slug=f"princip-{n}", scope="national",
                  order=n, description=PARAGRAPH)
        for n in range(6)
    )  # fmt: skip
    items = list(meeting.items.order_by("number"))
    # Drafts are not public: the adopted text, and a new version out for consultation beside it.
    old = AgreementVersion.objects.create(
        agreement=agreement, number=1, status="adopted", adopted_on=datetime.date(2024, 1, 1)
    )
    new = AgreementVersion.objects.create(agreement=agreement, number=2, status="consultation")
    text = PARAGRAPH * 3
    for version in (old, new):
        Section.objects.bulk_create(
            Section(
                version=version,
                order=n,
                slug=f"avsnitt-{n}",
                heading=f"Avsnitt {n}",
                text=text.replace("flexibel", "flexibel och långsiktig")
                if version is new and n % 3 == 0
                else text,
            )  # fmt: skip
            for n in range(1, sections + 1)
        )
        for n, section in enumerate(version.sections.order_by("order")):
            section.principles.set(principles[n % 6 : n % 6 + 2])
            section.minutes_items.set(items[n % len(items) : n % len(items) + 2])


def fill(items: int, sections: int) -> None:
    """Run in a child process whose DATABASE_URL is the scratch database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "okportal.settings")
    import django

    django.setup()
    from django.db import transaction

    with transaction.atomic():
        build(items, sections)


def import_seeds(database_url: str) -> list[str]:
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "true"}
    seeds = BASE_DIR / "agreements" / "seeds"
    plan = [
        ("radet-for-ideburna-2021-minnesanteckningar.txt", ["--date", "2021-04-29"]),
        ("inspirationsdag-2015-10-23.txt", ["--group", "arbetsgruppen-2015"]),
    ]
    lines = []
    for name, options in plan:
        for attempt in ("first import", "again (changes nothing)"):
            output = subprocess.run(
                [sys.executable, "manage.py", "import_minutes", str(seeds / name), *options],
                cwd=BASE_DIR, env=env, check=True, capture_output=True, text=True,
            ).stdout  # fmt: skip
            found = re.search(r"\((\d+) ms\)", output)
            figure = f"{int(found.group(1)):>8} ms" if found else "   (no change)"
            lines.append(f"{name:<48} {attempt:<24} {figure}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--sections", type=int, default=40)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--fill", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fill:
        fill(args.items, args.sections)
        return
    with scratch_database(DATABASE_NAME) as database_url:
        yardstick = baseline(database_url)
        env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "true"}
        subprocess.run(
            [sys.executable, __file__, "--fill", "--items", str(args.items),
             "--sections", str(args.sections)],
            env=env, check=True,
        )  # fmt: skip
        cookie = signed_in_cookie(database_url)
        pages = {
            f"/overenskommelsen/ ({args.sections} sections)": "/overenskommelsen/",
            f"/moten/{MEETING_SLUG}/ ({args.items} items)": f"/moten/{MEETING_SLUG}/",
            f"/overenskommelsen/versioner/ ({args.sections} sections)": (
                "/overenskommelsen/versioner/?old=1&new=2"
            ),
            "/moten/ (20 held, 5 to come)": "/moten/",
        }
        with portal(database_url) as base_url, yardstick_server(database_url) as bare:
            results = {
                name: every_way(base_url, path, cookie, args.requests, bare)
                for name, path in pages.items()
            }
        imports = import_seeds(database_url)
    report("Agreements and meetings (gunicorn, 2 workers)", results, yardstick)
    print("\nImporter, per seed (read + parse + save, from import_minutes)")
    for line in imports:
        print(line)


if __name__ == "__main__":
    main()
