"""`make bench`: the start page and the other public pages beside the yardstick, in one run.

The app benchmarks (bench/<app>_*.py) fill their own data; this one measures the pages with
the demo content.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import baseline, load, manage, portal, report, scratch_database  # noqa: E402

PAGES = ["/", "/en/", "/tillganglighet/", "/accounts/login/"]


def main() -> None:
    with scratch_database() as database_url:
        yardstick = baseline(database_url)
        manage(database_url, "load_demo")
        with portal(database_url) as base_url:
            results = {path: load(base_url + path) for path in PAGES}
    report("Public pages with the demo content (gunicorn, 2 workers)", results, yardstick)


if __name__ == "__main__":
    main()
