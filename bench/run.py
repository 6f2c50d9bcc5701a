"""`make bench`: the start page and the other public pages beside the yardstick, in one run, each
measured the four ways of `harness.every_way`.

The app benchmarks (bench/<app>_*.py) fill their own data; this one measures the pages with
the demo content.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (  # noqa: E402
    baseline,
    every_way,
    load,
    manage,
    portal,
    report,
    scratch_database,
    signed_in_cookie,
    yardstick_server,
)

CACHED_PAGES = ["/", "/en/"]
# Not page-cached, and a signed-in visitor is sent on from the login page: rendered, anonymous.
OTHER_PAGES = ["/tillganglighet/", "/accounts/login/"]


def main() -> None:
    with scratch_database() as database_url:
        yardstick = baseline(database_url)
        manage(database_url, "load_demo")
        cookie = signed_in_cookie(database_url)
        with portal(database_url) as base_url, yardstick_server(database_url) as bare:
            results = {
                path: every_way(base_url, path, cookie, yardstick=bare) for path in CACHED_PAGES
            }
            for path in OTHER_PAGES:
                results[path] = {"rendered: anonymous": load(base_url + path)}
    report("Public pages with the demo content (gunicorn, 2 workers)", results, yardstick)


if __name__ == "__main__":
    main()
