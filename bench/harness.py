"""Shared pieces of the benchmarks: a throw-away database, gunicorn, a bounded load loop.

Every benchmark runs against its own database on the same server as `make run` (created and
dropped here, never the dev data) and serves the site the way production does: gunicorn with
2 workers, DEBUG off, persistent client connections. Run through `make bench`, which gives the
embedded servers' URLs.
"""

import http.client
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import redis

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from okportal.local_services import free_port, wait_for_port  # noqa: E402


@contextmanager
def scratch_database(name: str = "okportal_bench"):
    """A new, migrated database; dropped afterwards. Yields its URL."""
    server = urlsplit(os.environ["DATABASE_URL"])
    admin_url = urlunsplit(server._replace(path="/postgres"))
    url = urlunsplit(server._replace(path=f"/{name}"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        manage(url, "migrate", "--noinput", "-v", "0")
        yield url
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def production_env(database_url: str, static_root: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": "bench-" * 10,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": static_root,
        "LOG_LEVEL": "WARNING",
    }


def manage(database_url: str, *args: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "true"}
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


@contextmanager
def gunicorn(env: dict[str, str], wsgi: str = "okportal.wsgi"):
    """Yields the base URL of gunicorn (2 workers) serving `wsgi` with `env`."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", wsgi, "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning"],
        cwd=BASE_DIR, env=env,
    )  # fmt: skip
    try:
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


@contextmanager
def portal(database_url: str):
    """The portal under gunicorn, production settings, static files collected."""
    with tempfile.TemporaryDirectory() as static_root:
        env = production_env(database_url, static_root)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=BASE_DIR, env=env, check=True,
        )  # fmt: skip
        with gunicorn(env) as base_url:
            yield base_url


WRK = shutil.which("wrk")
WRK_SECONDS = int(os.environ.get("BENCH_SECONDS", "4"))
# wrk's Lua, after the lines that set FRESH, PATH, SEPARATOR and RUN: each thread asks for its
# own new addresses when FRESH; the figures on one line
WRK_SCRIPT = r"""
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end
local counter = 0
request = function()
  if FRESH then
    counter = counter + 1
    return wrk.format("GET", PATH .. SEPARATOR .. "bench=" .. RUN .. "-" .. id .. "-" .. counter)
  end
  return wrk.format("GET", PATH)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95),
    e.status + e.connect + e.read + e.write + e.timeout))
end
"""


def load(
    url: str,
    requests: int = 400,
    clients: int = 4,
    *,
    cookie: str | None = None,
    fresh: bool = False,
    paths: Iterator[str] | None = None,
    before_each: Callable[[], None] | None = None,
    client: str | None = None,
) -> dict:
    """Requests per second and latency of GETs of `url`.

    `client`: "wrk" (8 connections for WRK_SECONDS seconds; the default when wrk is installed,
    `make bench` installs it) or "python" (`requests` GETs over `clients` keep-alive
    connections in threads of this process, which share the cores with the server; the
    default without wrk, and for `paths` and `before_each`, which wrk cannot do). A row and
    the yardstick it is compared with must be measured by the same client.

    `cookie`: sent with every request (a signed-in session). `fresh`: every request asks for an
    address nobody asked for before (a query parameter the page ignores), so that it is never
    served from the page cache (but may be served from the page's shared parts). `paths`: each
    request (the warm-up's too) takes the next address from it instead of `url`'s.
    `before_each`: called before each request, outside its timing (see `content_changed`)."""
    client = client or client_for(paths=paths, before_each=before_each)
    if client == "wrk":
        return _wrk(url, cookie=cookie, fresh=fresh)
    return {**_python_load(url, requests, clients, cookie, fresh, paths, before_each),
            "client": "python"}  # fmt: skip


def client_for(*, paths=None, before_each=None, **_options) -> str:
    return "wrk" if WRK and paths is None and before_each is None else "python"


def _wrk(url: str, *, cookie: str | None, fresh: bool) -> dict:
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    _python_load(url, 5, 1, cookie, fresh, None, None)  # warm up both workers
    settings = {
        "FRESH": "true" if fresh else "false",
        "PATH": repr(path),
        "SEPARATOR": repr("&" if "?" in path else "?"),
        "RUN": repr(str(next(_runs))),
    }
    script = "".join(f"local {name} = {value}\n" for name, value in settings.items())
    script += WRK_SCRIPT
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        lua.write(script)
        lua.flush()
        command = [WRK, "-t2", "-c8", f"-d{WRK_SECONDS}s", "-s", lua.name]
        if cookie:
            command += ["-H", f"Cookie: {cookie}"]
        output = subprocess.run(
            [*command, f"{parts.scheme}://{parts.netloc}/"], check=True, capture_output=True,
            text=True,
        ).stdout  # fmt: skip
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    count, duration_us, median_us, p95_us, errors = map(int, line.split()[1:])
    assert errors == 0, f"{url}: {errors} errors or answers other than 2xx/3xx"
    return {
        "requests": count,
        "median_ms": round(median_us / 1000, 2),
        "p95_ms": round(p95_us / 1000, 2),
        "rps": round(count / (duration_us / 1e6), 1),
        "client": "wrk",
    }


def _python_load(url, requests, clients, cookie, fresh, paths, before_each) -> dict:
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    headers = {"Cookie": cookie} if cookie else {}
    latencies: list[float] = []
    statuses: set[int] = set()
    lock = threading.Lock()
    counter = itertools.count()
    run = next(_runs)

    def client(count: int) -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        for _ in range(count):
            if paths is not None:
                with lock:
                    address = next(paths)
            else:
                address = path
            if fresh:
                address += f"{'&' if '?' in path else '?'}bench={run}-{next(counter)}"
            if before_each is not None:
                with lock:
                    before_each()
            started = time.perf_counter()
            connection.request("GET", address, headers=headers)
            response = connection.getresponse()
            response.read()
            with lock:
                latencies.append(time.perf_counter() - started)
                statuses.add(response.status)
        connection.close()

    client(5)  # warm up both workers' connections and caches
    latencies.clear()
    threads = [threading.Thread(target=client, args=(requests // clients,)) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    assert statuses == {200}, f"{url} answered {statuses}"
    return {
        "requests": len(latencies),
        "median_ms": round(statistics.median(latencies) * 1000, 2),
        "p95_ms": round(statistics.quantiles(latencies, n=20)[18] * 1000, 2),
        "rps": round(len(latencies) / elapsed, 1),
    }


_runs = itertools.count(int(time.time()))

CACHED = "cached: anonymous, page-cache hit"
NEW_ADDRESS = "rendered: anonymous, new address"
SIGNED_IN = "rendered: signed in"
COLD = "rendered after a change: view called"
EMPTIED = "rendered from nothing: cache emptied, process copies of rows kept"

# The versions of the filters' choices (municipalities and themes, which coordinators change
# now and then): a change of what a page lists leaves them, and the fields kept under them.
CHOICES = ("organisations:directory-choices", "search:filters")


def _portal_cache() -> redis.Redis:
    """The portal's cache: CACHE_URL, or REDIS_URL's server with the database CACHE_DB (1), as
    in okportal/settings.py."""
    server = os.environ["REDIS_URL"].rsplit("/", 1)[0]
    return redis.Redis.from_url(
        os.environ.get("CACHE_URL") or f"{server}/{os.environ.get('CACHE_DB', '1')}"
    )


def cache_emptied() -> Callable[[], None]:
    """A function that empties the portal's cache: the page is rendered from nothing (the worst
    case: after a cache server restarted; after a release, the processes are new too and have
    no copy of their own of the rows, which are kept under what they show and so stay
    valid in a process's memory)."""
    client = _portal_cache()
    return client.flushdb


def content_changed() -> Callable[[], None]:
    """A function that moves every cached page's content version on, as a change of what the
    pages list does (okportal/page_cache.py): no page, shared parts or fragment cached before
    it is served after it, the view is called; the rows of its lists that did not change are
    kept under what they show (okportal/rows.py) and are not rendered again, nor are the
    filters' fields (CHOICES)."""
    client = _portal_cache()
    keys: list[bytes] = []

    def bump() -> None:
        if not keys:
            every = client.scan_iter(match="okportal:*:content-version", count=1000)
            keys.extend(k for k in every if not any(c.encode() in k for c in CHOICES))
        pipeline = client.pipeline(transaction=False)
        for key in keys:
            pipeline.incr(key)
        pipeline.execute()

    return bump


def every_way(
    base_url: str, path: str, cookie: str, requests: int = 400, yardstick: str | None = None
) -> dict[str, dict]:
    """One page measured five ways, each row labelled: as a page-cache hit for an anonymous
    visitor; rendered for an anonymous visitor at an address nobody asked for (the page is
    rendered around its shared parts, the view is not called); rendered for a signed-in visitor
    (the same, with their own header); rendered as the first visitor after each change sees it
    (the view called, the unchanged rows of its lists kept); and rendered from nothing, the
    cache emptied before each request. With `yardstick`
    (its URL), the yardstick is measured again just before each row and the row is compared
    with that: on a shared machine the load changes from one minute to the next."""
    url = base_url + path
    ways = (
        (CACHED, {}),
        (NEW_ADDRESS, {"fresh": True}),
        (SIGNED_IN, {"cookie": cookie}),
        (COLD, {"fresh": True, "before_each": content_changed()}),
        (EMPTIED, {"fresh": True, "before_each": cache_emptied()}),
    )
    rows = {}
    for label, options in ways:
        client = client_for(**options)
        bare = load(yardstick, requests, client=client)["rps"] if yardstick else None
        rows[label] = {**load(url, requests, client=client, **options), "bare_rps": bare}
    return rows


def signed_in_cookie(database_url: str) -> str:
    """The Cookie header of a signed-in (ordinary, verified) person's session in the portal
    served by `portal()`: made with the same settings, so the session is valid there."""
    script = (
        "import django; django.setup()\n"
        "from allauth.account.models import EmailAddress\n"
        "from django.conf import settings\n"
        "from django.contrib.auth import get_user_model\n"
        "from django.test import Client\n"
        "user, _ = get_user_model().objects.get_or_create(\n"
        "    username='bench-person', defaults={'email': 'bench-person@example.org'})\n"
        "EmailAddress.objects.get_or_create(\n"
        "    user=user, email=user.email, defaults={'verified': True, 'primary': True})\n"
        "client = Client()\n"
        "client.force_login(user)\n"
        "print(f'{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}')\n"
    )
    env = {**production_env(database_url, ""), "DJANGO_SETTINGS_MODULE": "okportal.settings"}
    output = subprocess.run(
        [sys.executable, "-c", script], cwd=BASE_DIR, env=env, check=True, capture_output=True,
        text=True,
    ).stdout  # fmt: skip
    return output.strip().splitlines()[-1]


@contextmanager
def yardstick_server(database_url: str):
    """The yardstick served: a bare view with 20 rows of a 10,000-row table in a 5 KB layout.
    Yields its URL."""
    env = {**os.environ, "DATABASE_URL": database_url}
    settings = ("--settings", "bench.baseline.settings")
    run = [sys.executable, "-m", "django"]
    subprocess.run([*run, "migrate", "--run-syncdb", "-v", "0", *settings], cwd=BASE_DIR, env=env,
                   check=True)  # fmt: skip
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute("TRUNCATE baseline_row")
        connection.execute(
            "INSERT INTO baseline_row (name, value) "
            "SELECT 'Rad ' || n, n FROM generate_series(1, 10000) AS n"
        )
    with gunicorn(env, "bench.baseline.wsgi") as base_url:
        yield base_url + "/"


def baseline(database_url: str) -> dict:
    """The yardstick measured once (see yardstick_server), by the default client."""
    with yardstick_server(database_url) as url:
        return load(url)


def report(title: str, results: dict[str, dict], yardstick: dict) -> None:
    """`results`: a page's name → its figures, or → {label: figures} (see every_way). "vs
    bare" is against the yardstick measured just before the row when there is one."""
    print(f"\n{title}")
    header = f"{'client':<6} {'median ms':>9} {'p95 ms':>8} {'req/s':>7} {'bare':>7} {'vs bare':>7}"
    print(f"{'page':<48} {'measured as':<38} {header}")
    rows = [("bare Django view (yardstick)", "rendered", yardstick)]
    for name, figures in results.items():
        if "rps" in figures:
            rows.append((name, "", figures))
        else:
            rows.extend((name, label, row) for label, row in figures.items())
    for name, label, figures in rows:
        bare = figures.get("bare_rps") or yardstick["rps"]
        print(
            f"{name:<48} {label:<38} {figures.get('client', ''):<6} {figures['median_ms']:>9} "
            f"{figures['p95_ms']:>8} {figures['rps']:>7} {bare:>7} {figures['rps'] / bare:>7.0%}"
        )
