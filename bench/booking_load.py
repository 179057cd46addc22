"""Booking load benchmark: logged-in users book over HTTP (gunicorn + PostgreSQL).

Run by hand from the project folder (not part of the test suite)::

    .venv/bin/python bench/booking_load.py            # the defaults below
    .venv/bin/python bench/booking_load.py --help

It creates a fresh PostgreSQL database (``oss_bench_<timestamp>``), migrates
it, loads the demo site, publishes ``--workshops`` workshops through Wagtail
and creates ``--users`` verified users with a logged-in session each (made
directly with the session engine, as ``django.contrib.auth.login`` would).
Then it starts ``gunicorn portal.wsgi`` with the production settings (see
``bench/settings.py``), and ``--clients`` threads POST the booking form
(``/en/workshops/<translation_key>/book/``, ``seats=1``, session and CSRF
cookies, the CSRF form field) as the TLS-terminating load balancer would pass them on
(``X-Forwarded-Proto: https``). A share of the requests repeat an earlier one
(a double submit), which the rules refuse.

A booking, confirmed or waitlisted, answers 303; a refusal 409 (or 400); any
5xx or dropped connection is a server error. It prints the requests and
bookings per second, p50/p99 latency, server errors, oversold seats (confirmed
seats beyond a workshop's capacity, counted in the database), the CPU each
request cost gunicorn and PostgreSQL (so that a run on a busy machine still
says what the server can do), and the SQL of one booking. Then it stops
gunicorn, drops the database (``--keep-db`` keeps it) and deletes its cache
keys. Exit status 0 when every target is met.
"""

import argparse
import http.client
import os
import queue
import random
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_RPS = 100

# Each booking URL's workshop page (the form's page, sent as the Referer).
referers: dict[str, str] = {}


@dataclass
class Booker:
    """A logged-in user as the server knows them: their cookies."""

    user_id: int
    session_key: str
    csrf_token: str = field(default_factory=lambda: secrets.token_hex(16))

    @property
    def cookie(self) -> str:
        return f"sessionid={self.session_key}; csrftoken={self.csrf_token}"


@dataclass
class Shot:
    """One booking request to send."""

    booker: Booker
    path: str
    repeat: bool = False


@dataclass
class Outcome:
    status: int
    seconds: float
    repeat: bool
    detail: str = ""


def add_load_arguments(parser: argparse.ArgumentParser) -> None:
    """The site and load options (shared with ``bench/fault_drill.py``)."""
    cores = os.cpu_count() or 1
    parser.add_argument("--workshops", type=int, default=20, help="workshops")
    parser.add_argument("--capacity", type=int, default=50, help="seats each")
    parser.add_argument("--users", type=int, default=400, help="logged-in users")
    parser.add_argument(
        "--bookings-per-user",
        type=int,
        default=5,
        help="distinct workshops each user books",
    )
    parser.add_argument(
        "--repeat-share",
        type=float,
        default=0.05,
        help="share of extra requests repeating a booking (double submits)",
    )
    parser.add_argument("--clients", type=int, default=32, help="client threads")
    parser.add_argument(
        "--workers", type=int, default=2 * cores + 1, help="gunicorn workers"
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="gunicorn threads per worker (>1 uses the gthread worker)",
    )
    parser.add_argument(
        "--pg",
        default=os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432"),
        help="PostgreSQL server URL, without a database name",
    )
    parser.add_argument("--seed", type=int, default=4, help="of the request plan")
    parser.add_argument("--keep-db", action="store_true")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    add_load_arguments(parser)
    parser.add_argument(
        "--redis",
        default=os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/0"),
        help="REDIS_URL for the cache ('' for none: a per-process memory cache)",
    )
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="afterwards, profile N booking POSTs in-process (cProfile)",
    )
    parser.add_argument(
        "--verbose", action="store_true", help="print the SQL of one booking POST"
    )
    return parser.parse_args()


# -- database -----------------------------------------------------------------------


def admin_connection(pg: str):
    import psycopg2

    conn = psycopg2.connect(f"{pg}/postgres")
    conn.autocommit = True
    return conn


def admin_command(pg: str, sql: str) -> None:
    """Run ``sql`` outside a transaction (CREATE/DROP DATABASE need that)."""
    conn = admin_connection(pg)
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql)
    finally:
        conn.close()


def create_database(pg: str, name: str) -> None:
    admin_command(pg, f'CREATE DATABASE "{name}"')


def drop_database(pg: str, name: str) -> None:
    admin_command(pg, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def release_database(pg: str, name: str, keep: bool) -> None:
    """Close this process's connections, then drop the database unless ``keep``."""
    if "django" in sys.modules:
        from django.db import connections

        connections.close_all()
    if keep:
        print(f"kept database {name}")
    else:
        drop_database(pg, name)


def forget_cache_keys(redis_url: str, prefix: str) -> None:
    """Delete this run's keys only: the Redis database may be shared."""
    if not redis_url:
        return
    import redis

    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    for start in range(0, len(keys), 500):
        client.delete(*keys[start : start + 500])


# -- content (in this process, through Django) ----------------------------------------


def build_site(args: argparse.Namespace, run_id: str):
    """Migrate, load the demo site, publish the workshops, log the users in."""
    import datetime as dt
    import io
    from importlib import import_module

    import django

    django.setup()

    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.utils import timezone, translation

    from workshops.models import WorkshopIndexPage, WorkshopPage

    started = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    call_command("load_demo_content", stdout=io.StringIO())
    index = WorkshopIndexPage.objects.first()

    start = (timezone.now() + dt.timedelta(days=30)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    pages = []
    for n in range(args.workshops + 1):  # the last one is for warming up
        page = WorkshopPage(
            title=f"Load test workshop {n}",
            slug=f"load-{run_id}-{n}",
            city="Bilbao",
            venue="City Hall",
            time_zone="Europe/Madrid",
            start_date=start.date(),
            start_time=dt.time(10, 0),
            end_time=dt.time(12, 0),
            capacity=args.capacity if n < args.workshops else 10_000,
            max_seats_per_booking=1,
        )
        index.add_child(instance=page)
        page.save_revision().publish()
        pages.append(page)
    with translation.override("en"):
        paths = [page.get_booking_url() for page in pages]
    referers.update(
        (path, page.get_url_parts()[2]) for path, page in zip(paths, pages, strict=True)
    )

    User = get_user_model()
    unusable = make_password(None)
    warmups = 4 * args.workers * args.threads
    users = User.objects.bulk_create(
        User(
            email=f"load-{run_id}-{n}@example.org",
            full_name=f"Load Tester {n}",
            password=unusable,
        )
        for n in range(args.users + warmups)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True)
        for user in users
    )
    store = import_module(settings.SESSION_ENGINE).SessionStore
    backend = settings.AUTHENTICATION_BACKENDS[0]
    bookers = []
    for user in users:
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        bookers.append(Booker(user.pk, session.session_key))
    print(f"  site built in {time.monotonic() - started:.0f} s")
    return pages, paths, bookers[: args.users], bookers[args.users :]


def plan(args, paths: list[str], bookers: list[Booker]) -> list[Shot]:
    """Each user books distinct workshops; some requests are sent twice."""
    rng = random.Random(args.seed)
    shots = [
        Shot(booker, path)
        for booker in bookers
        for path in rng.sample(paths, min(args.bookings_per_user, len(paths)))
    ]
    rng.shuffle(shots)
    # A double submit comes soon after the first one, often while it is served.
    for original in rng.sample(shots, int(len(shots) * args.repeat_share)):
        at = shots.index(original) + rng.randint(1, 2 * args.clients)
        shots.insert(min(at, len(shots)), Shot(original.booker, original.path, True))
    return shots


# -- server ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(
    args, port: int, env: dict[str, str], log: Path | None = None
) -> subprocess.Popen:
    """``gunicorn portal.wsgi`` on ``port``; its output to ``log`` if given."""
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "portal.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(args.workers),
        "--backlog",
        "2048",
        "--keep-alive",
        "5",
        "--graceful-timeout",
        "10",
    ]
    if args.threads > 1:
        command += ["--worker-class", "gthread", "--threads", str(args.threads)]
    output = log.open("ab") if log else None
    try:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=output,
            stderr=subprocess.STDOUT if output else None,
        )
    finally:
        if output:
            output.close()


def stop_gunicorn(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """User + system CPU time each process has used so far (from /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    used = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        used[pid] = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return used


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds used between two readings (processes that ended keep theirs)."""
    return sum(after.get(pid, used) - used for pid, used in before.items()) + sum(
        used for pid, used in after.items() if pid not in before
    )


def gunicorn_workers(master: int) -> list[int]:
    """The worker processes of the gunicorn master ``master``."""
    workers = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            workers.append(int(stat.parent.name))
    return workers


def database_backends(db_name: str) -> list[int]:
    """PostgreSQL server processes serving the benchmark's database."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s "
            "AND pid <> pg_backend_pid()",
            [db_name],
        )
        return [pid for (pid,) in cursor.fetchall()]


def request(
    conn: http.client.HTTPConnection, method: str, path: str, headers, body=None
):
    """Send one request and read the answer (its body in ``response.body``)."""
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    response.body = response.read()
    if response.will_close:
        conn.close()
    return response


def wait_until_ready(port: int, server: subprocess.Popen, path: str) -> None:
    deadline = time.monotonic() + 120
    headers = {"X-Forwarded-Proto": "https"}
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn exited; see its output above")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            if request(conn, "GET", path, headers).status == 200:
                conn.close()
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("gunicorn did not answer within two minutes")


# -- load -------------------------------------------------------------------------------------


def post_booking(conn: http.client.HTTPConnection, port: int, shot: Shot) -> Outcome:
    body = urlencode({"csrfmiddlewaretoken": shot.booker.csrf_token, "seats": "1"})
    page = referers[shot.path]
    headers = {
        "Host": f"127.0.0.1:{port}",
        "Cookie": shot.booker.cookie,
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Forwarded-Proto": "https",
        "Referer": f"https://127.0.0.1:{port}{page}",
    }
    started = time.perf_counter()
    response = request(conn, "POST", shot.path, headers, body)
    seconds = time.perf_counter() - started
    detail = response.getheader("Location", "") if response.status != 303 else ""
    return Outcome(response.status, seconds, shot.repeat, detail)


def fire(port: int, shots: list[Shot], clients: int) -> tuple[list[Outcome], float]:
    """Send every shot from ``clients`` threads; the outcomes and the wall time."""
    work: queue.Queue[Shot | None] = queue.Queue()
    for shot in shots:
        work.put(shot)
    for _ in range(clients):
        work.put(None)
    outcomes: list[Outcome] = []
    lock = threading.Lock()
    barrier = threading.Barrier(clients + 1)

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = []
        barrier.wait()
        while (shot := work.get()) is not None:
            try:
                mine.append(post_booking(conn, port, shot))
            except (OSError, http.client.HTTPException) as error:
                conn.close()
                mine.append(Outcome(0, 0.0, shot.repeat, repr(error)))
        conn.close()
        with lock:
            outcomes.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return outcomes, time.perf_counter() - started


def warm_up(port: int, path: str, bookers: list[Booker], clients: int) -> None:
    """Every worker renders and books once before the clock starts."""
    outcomes, _ = fire(port, [Shot(b, path) for b in bookers], clients)
    statuses = Counter(o.status for o in outcomes)
    if set(statuses) != {303}:
        raise SystemExit(f"warm-up bookings failed: {dict(statuses)}")


# -- results ------------------------------------------------------------------------------------


def check_database(pages, shots_ok: int) -> dict[str, int]:
    """Oversold seats and the bookings made, counted by the database."""
    from django.db.models import Count, Q, Sum

    from workshops.models import Booking, Workshop

    records = Workshop.objects.filter(
        translation_key__in=[p.translation_key for p in pages]
    ).annotate(
        confirmed=Sum("bookings__seats", filter=Q(bookings__status="confirmed")),
        waiting=Count("bookings", filter=Q(bookings__status="waitlisted")),
        smallest_waiting=Count(
            "bookings", filter=Q(bookings__status="waitlisted", bookings__seats=1)
        ),
    )
    oversold = 0
    left_waiting = 0
    confirmed = waiting = 0
    for record in records:
        taken = record.confirmed or 0
        oversold += max(taken - record.capacity, 0)
        if taken < record.capacity:
            left_waiting += record.smallest_waiting
        confirmed += taken
        waiting += record.waiting
    made = Booking.objects.filter(workshop__in=records).count()
    return {
        "confirmed_seats": confirmed,
        "waitlisted_bookings": waiting,
        "bookings_in_db": made,
        "oversold_seats": oversold,
        "waiting_though_seats_free": left_waiting,
        "bookings_answered_303": shots_ok,
    }


def in_process_client(booker_id: int):
    """A Django test client logged in as the user, talking as the load balancer does."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    client.force_login(get_user_model().objects.get(pk=booker_id))
    return client


def queries_per_booking(path: str, booker_id: int) -> list[str]:
    """The SQL one booking POST runs, captured in this process."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = in_process_client(booker_id)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(path, {"seats": "1"})
    assert response.status_code == 303, response.status_code
    return [query["sql"] for query in queries]


def profile_bookings(path: str, booker_ids: list[int]) -> None:
    """cProfile of booking POSTs served in this process: where the time goes.

    One client (one handler, as in a gunicorn worker); only the POSTs are
    profiled, not the logins between them.
    """
    import cProfile
    import pstats

    from django.contrib.auth import get_user_model

    client = in_process_client(booker_ids[0])
    client.post(path, {"seats": "1"})  # warm up
    users = get_user_model().objects.in_bulk(booker_ids[1:])
    profiler = cProfile.Profile()
    spent = 0.0
    for user in users.values():
        client.force_login(user)
        started = time.perf_counter()
        profiler.enable()
        response = client.post(path, {"seats": "1"})
        profiler.disable()
        spent += time.perf_counter() - started
        assert response.status_code == 303, response.status_code
    each = spent / len(users) * 1000
    print(f"\nin-process booking POST: {each:.1f} ms each (profiler on)")
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(25)


def row(label: str, value) -> None:
    print(f"{label:<28}{value}")


def report(args, outcomes: list[Outcome], seconds: float, db: dict[str, int]) -> bool:
    """Print the figures; True when the targets are met."""
    statuses = Counter(o.status for o in outcomes)
    latencies = sorted(o.seconds for o in outcomes if o.status)
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    errors = sum(n for status, n in statuses.items() if not 0 < status < 500)
    unexpected = {
        status: n
        for status, n in statuses.items()
        if status not in (303, 400, 409) and 0 < status < 500
    }
    rps = len(outcomes) / seconds
    repeats = sum(1 for o in outcomes if o.repeat)
    print()
    row(
        "setup",
        f"{args.workers} workers x {args.threads} thread(s), {args.clients} clients, "
        f"{args.workshops} workshops x {args.capacity} seats, {args.users} users",
    )
    row("requests", f"{len(outcomes)} in {seconds:.1f} s")
    row("requests/s", f"{rps:.0f}   (target >= {TARGET_RPS})")
    row("bookings/s", f"{statuses[303] / seconds:.0f}   (answered 303)")
    row("latency p50", f"{cuts[49] * 1000:.0f} ms")
    row("latency p99", f"{cuts[98] * 1000:.0f} ms")
    row("latency max", f"{latencies[-1] * 1000:.0f} ms")
    row("statuses", dict(sorted(statuses.items())))
    row("double submits", f"{repeats} sent, {statuses[409]} refusals (409)")
    row("server errors", errors)
    for key, value in db.items():
        row(key.replace("_", " "), value)
    if unexpected:
        sample = next(o.detail for o in outcomes if o.status in unexpected)
        row("UNEXPECTED", f"{unexpected}, e.g. {sample!r}")
    if errors:
        row("first error", next(o.detail for o in outcomes if not 0 < o.status < 500))
    return (
        rps >= TARGET_RPS
        and errors == 0
        and not unexpected
        and db["oversold_seats"] == 0
        and db["bookings_in_db"] == db["bookings_answered_303"]
        and statuses[409] == repeats
    )


def measure(args, port: int, server: subprocess.Popen, db_name: str, shots):
    """Fire ``shots`` and report, with the CPU the server used meanwhile."""
    print(f"  firing {len(shots)} booking requests")
    before = (
        cpu_seconds(gunicorn_workers(server.pid)),
        cpu_seconds(database_backends(db_name)),
        os.times(),
    )
    outcomes, seconds = fire(port, shots, args.clients)
    after = (
        cpu_seconds(gunicorn_workers(server.pid)),
        cpu_seconds(database_backends(db_name)),
        os.times(),
    )
    load = os.getloadavg()
    stop_gunicorn(server)
    return outcomes, seconds, before, after, load


def report_cpu(outcomes, before, after, load) -> None:
    """CPU per request of gunicorn, PostgreSQL and the clients; the bound it sets."""
    client_cpu = sum(after[2][:2]) - sum(before[2][:2])
    cpu = {
        "gunicorn": cpu_used(before[0], after[0]),
        "PostgreSQL": cpu_used(before[1], after[1]),
        "clients": client_cpu,
    }
    per_request = {name: 1000 * used / len(outcomes) for name, used in cpu.items()}
    row(
        "CPU per request",
        ", ".join(f"{name} {ms:.1f} ms" for name, ms in per_request.items()),
    )
    server_ms = per_request["gunicorn"] + per_request["PostgreSQL"]
    cores = os.cpu_count() or 1
    row(
        "server CPU bound",
        f"{cores * 1000 / server_ms:.0f} requests/s on {cores} cores",
    )
    row("load average", " ".join(f"{n:.1f}" for n in load) + "  (at the end)")


def run(args, run_id: str, db_name: str, env: dict[str, str]) -> bool:
    """Build the site, serve it, fire the bookings, check and report."""
    create_database(args.pg, db_name)
    pages, paths, bookers, warmers = build_site(args, run_id)
    shots = plan(args, paths[:-1], bookers)
    port = free_port()
    server = start_gunicorn(args, port, env)
    try:
        wait_until_ready(port, server, referers[paths[0]])
        warm_up(port, paths[-1], warmers, args.clients)
        outcomes, seconds, before, after, load = measure(
            args, port, server, db_name, shots
        )
    finally:
        stop_gunicorn(server)
    db = check_database(pages[:-1], sum(1 for o in outcomes if o.status == 303))
    ok = report(args, outcomes, seconds, db)
    report_cpu(outcomes, before, after, load)
    queries = queries_per_booking(paths[-1], bookers[0].user_id)
    row("SQL queries per booking", len(queries))
    if args.verbose:
        print("\n".join(f"  {sql[:160]}" for sql in queries))
    if args.profile:
        profile_bookings(paths[-1], [b.user_id for b in bookers[1 : args.profile + 1]])
    return ok


def server_env(
    pg: str, db_name: str, workdir: Path, redis_url: str, cache_prefix: str
) -> dict[str, str]:
    """The production settings' environment for a benchmark's server."""
    return {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"{pg}/{db_name}",
        "SITE_URL": "https://example.org",
        "MEDIA_ROOT": str(workdir / "media"),
        "BENCH_STATIC_ROOT": str(workdir / "static"),
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": cache_prefix,
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        # Longer than a run, so that PostgreSQL's CPU is read from the same
        # server processes before and after (production reconnects each minute).
        "DATABASE_CONN_MAX_AGE": "3600",
    }


def main() -> int:
    args = parse_args()
    run_id = time.strftime("%Y%m%d%H%M%S")
    db_name = f"oss_bench_{run_id}"
    workdir = Path(tempfile.mkdtemp(prefix="oss-bench-"))
    cache_prefix = f"bench-{run_id}"
    env = server_env(args.pg, db_name, workdir, args.redis, cache_prefix)
    os.environ.update(env)
    print(f"database {db_name}, files in {workdir}")
    try:
        ok = run(args, run_id, db_name, dict(os.environ))
        row("RESULT", "PASS" if ok else "FAIL")
        return 0 if ok else 1
    finally:
        release_database(args.pg, db_name, args.keep_db)
        forget_cache_keys(args.redis, cache_prefix)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
