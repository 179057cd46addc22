"""Mailing benchmark: a campaign to 10,000 subscribers through a local SMTP sink.

Run by hand from the project folder (not part of the test suite)::

    .venv/bin/python bench/mailing_send.py            # defaults below
    .venv/bin/python bench/mailing_send.py --help

It creates a fresh PostgreSQL database (``oss_bench_mail_<timestamp>``),
migrates it, loads the demo site (newsletter edition 3: four articles with
images) and bulk-creates ``--subscribers`` confirmed subscribers in the four
languages. The settings are production's (``bench/settings.py``: the
django-tasks-db queue) plus ``MAILINGLIST_SYNCHRONOUS_COMMIT`` from the
environment, with ``EMAIL_*`` aimed at an aiosmtpd sink running in its own
process, which counts the messages it accepts per (campaign, recipient).

Runs, each a new campaign of edition 3 to every subscriber:

1. ``fast commit``: ``send_campaign`` enqueued in the database queue and run
   by ``manage.py db_worker --batch`` (the production worker, exiting when
   the queue is empty), with the default ``SET LOCAL synchronous_commit TO
   OFF`` per message;
2. ``synchronous commit``: the same with every per-message COMMIT waiting for
   the WAL flush (``MAILINGLIST_SYNCHRONOUS_COMMIT=True``), to measure it;
3. ``SIGKILL + resume``: the same as 1, the worker killed with SIGKILL once
   ``--kill-after`` messages are marked sent, then restarted as
   ``manage.py send_campaigns`` (django-tasks-db never runs a task again
   whose worker died: its row stays RUNNING, as the report shows).

For each it prints messages per second (over the campaign's own start and
finish times, and over the worker process's whole life), the worker's peak
memory (``ru_maxrss`` from ``wait4``), and the duplicates (recipients with
more than one message) and missing recipients counted by the sink. The
database is dropped at the end (``--keep-db`` keeps it).
"""

import argparse
import json
import os
import platform
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_SECONDS = 60
TARGET_MB = 300
LANGUAGES = ("en", "es", "pt", "it")
MESSAGE_ID = re.compile(rb"Message-ID: <campaign(\d+)\.", re.IGNORECASE)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument(
        "--kill-after",
        type=int,
        default=None,
        help="messages marked sent before the SIGKILL (default: half)",
    )
    parser.add_argument(
        "--pg",
        default=os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432"),
        help="PostgreSQL server URL, without a database name",
    )
    parser.add_argument(
        "--skip-synchronous",
        action="store_true",
        help="leave out the synchronous-commit run",
    )
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--sink", nargs=2, metavar=("PORT", "FILE"), help="internal")
    return parser.parse_args()


# -- the SMTP sink (its own process) --------------------------------------------------


def run_sink(port: int, path: str) -> None:
    """Accept every message, count per (campaign, recipient), dump on SIGTERM."""
    import logging
    import threading

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)
    counts: Counter = Counter()
    lock = threading.Lock()

    class CountingHandler:
        async def handle_DATA(self, server, session, envelope):
            found = MESSAGE_ID.search(envelope.original_content or envelope.content)
            campaign = found.group(1).decode() if found else "?"
            with lock:
                for recipient in envelope.rcpt_tos:
                    counts[f"{campaign} {recipient}"] += 1
            return "250 OK"

    controller = Controller(
        CountingHandler(), hostname="127.0.0.1", port=port, server_hostname="sink"
    )
    controller.start()
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    Path(path + ".ready").touch()
    done.wait()
    controller.stop()
    with lock:
        Path(path).write_text(json.dumps(counts))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Sink:
    """The sink process: start, then ``counts()`` stops it and reads its tally."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.path = workdir / f"sink-{self.port}.json"
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--sink", str(self.port), str(self.path)],
            cwd=ROOT,
        )
        ready = Path(str(self.path) + ".ready")
        for _ in range(200):
            if ready.exists():
                return
            time.sleep(0.05)
        raise RuntimeError("the SMTP sink did not start")

    def counts(self) -> Counter:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)
        return Counter(json.loads(self.path.read_text()))


# -- database and content (in this process, through Django) ---------------------------


def admin_command(pg: str, sql: str) -> None:
    """Run ``sql`` outside a transaction (CREATE/DROP DATABASE need that)."""
    import psycopg2

    conn = psycopg2.connect(f"{pg}/postgres")
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql)
    finally:
        conn.close()


def build(args: argparse.Namespace) -> None:
    """Migrate, load the demo site, create the subscribers."""
    import io

    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from mailinglist.models import Subscriber

    call_command("migrate", verbosity=0)
    call_command("load_demo_content", stdout=io.StringIO())
    now = timezone.now()
    Subscriber.objects.bulk_create(
        [
            Subscriber(
                email=f"reader{n:06d}@example.org",
                language=LANGUAGES[n % len(LANGUAGES)],
                interests=["news"],
                status=Subscriber.Status.CONFIRMED,
                consent_text="I agree.",
                consent_version="bench",
                confirmed_at=now,
            )
            for n in range(args.subscribers)
        ],
        batch_size=2000,
    )
    # Image renditions are made by the first campaign that needs them: make
    # them now, so that no run pays for them.
    from mailinglist.emails import CampaignRenderer
    from mailinglist.models import Campaign
    from news.models import NewsPage

    page = NewsPage.objects.live().filter(edition=3).order_by("date", "pk").first()
    renderer = CampaignRenderer(Campaign(page=page))
    for language in LANGUAGES:
        renderer.rendered(language)


def new_campaign() -> int:
    """A QUEUED campaign of edition 3, its task in the database queue."""
    from mailinglist.models import Campaign
    from mailinglist.tasks import send_campaign
    from news.models import NewsPage

    page = NewsPage.objects.live().filter(edition=3).order_by("date", "pk").first()
    campaign = Campaign.objects.create(page=page)
    send_campaign.enqueue(campaign.pk)
    return campaign.pk


def sent_count(campaign_id: int) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM mailinglist_delivery "
            "WHERE campaign_id = %s AND status = 'sent'",
            [campaign_id],
        )
        return cursor.fetchone()[0]


# -- worker processes -----------------------------------------------------------------


@dataclass
class Finished:
    seconds: float
    peak_mb: float
    status: int
    cpu_seconds: float


def wait_for(process: subprocess.Popen, started: float) -> Finished:
    """Wait for ``process``; its wall time and peak memory (ru_maxrss, kB)."""
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = status
    return Finished(
        time.monotonic() - started,
        usage.ru_maxrss / 1024,
        status,
        usage.ru_utime + usage.ru_stime,
    )


def manage(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


WORKER = ["db_worker", "--batch", "--no-reload", "--no-startup-delay", "--interval=0"]


@dataclass
class Result:
    name: str
    campaign_id: int
    messages: int
    campaign_seconds: float
    process_seconds: float
    peak_mb: float
    duplicates: int
    missing: int
    extra: int
    cpu_seconds: float
    note: str = ""

    @property
    def rate(self) -> float:
        return self.messages / self.campaign_seconds if self.campaign_seconds else 0


def campaign_facts(campaign_id: int) -> tuple[float, set[str], str]:
    """Seconds from start to finish, the addresses delivered to, the status."""
    from mailinglist.models import Campaign, Delivery

    campaign = Campaign.objects.get(pk=campaign_id)
    seconds = (
        (campaign.finished_at - campaign.started_at).total_seconds()
        if campaign.finished_at and campaign.started_at
        else 0.0
    )
    expected = set(
        Delivery.objects.filter(campaign_id=campaign_id).values_list(
            "subscriber__email", flat=True
        )
    )
    return seconds, expected, campaign.status


def tally(
    counts: Counter, campaign_id: int, expected: set[str]
) -> tuple[int, int, int]:
    """(duplicates, missing, unexpected) for one campaign from the sink's counts."""
    mine = {
        key.split(" ", 1)[1]: n
        for key, n in counts.items()
        if key.split(" ", 1)[0] == str(campaign_id)
    }
    duplicates = sum(1 for n in mine.values() if n > 1)
    missing = len(expected - set(mine))
    unexpected = len(set(mine) - expected)
    return duplicates, missing, unexpected


def plain_run(name: str, env: dict, workdir: Path) -> Result:
    """One campaign sent by ``db_worker --batch`` start to finish."""
    sink = Sink(workdir)
    campaign_id = new_campaign()
    started = time.monotonic()
    worker = manage(
        WORKER, {**env, "EMAIL_PORT": str(sink.port)}, workdir / "worker.log"
    )
    finished = wait_for(worker, started)
    counts = sink.counts()
    seconds, expected, status = campaign_facts(campaign_id)
    duplicates, missing, extra = tally(counts, campaign_id, expected)
    return Result(
        name,
        campaign_id,
        sum(1 for key in counts if key.startswith(f"{campaign_id} ")),
        seconds,
        finished.seconds,
        finished.peak_mb,
        duplicates,
        missing,
        extra,
        finished.cpu_seconds,
        note=f"campaign {status}, worker exit status {finished.status}",
    )


def killed_run(env: dict, workdir: Path, kill_after: int) -> Result:
    """A campaign whose worker is SIGKILLed part-way, then resumed."""
    from django_tasks_db.models import DBTaskResult

    sink = Sink(workdir)
    campaign_id = new_campaign()
    smtp_env = {**env, "EMAIL_PORT": str(sink.port)}
    started = time.monotonic()
    worker = manage(WORKER, smtp_env, workdir / "worker.log")
    while sent_count(campaign_id) < kill_after:
        if worker.poll() is not None:
            raise RuntimeError("the worker finished before it could be killed")
        time.sleep(0.02)
    worker.send_signal(signal.SIGKILL)
    first = wait_for(worker, started)
    at_kill = sent_count(campaign_id)
    task_status = (
        DBTaskResult.objects.filter(task_path="mailinglist.tasks.send_campaign")
        .order_by("-enqueued_at")
        .first()
        .status
    )
    resumed_at = time.monotonic()
    resume = manage(
        ["send_campaigns", f"--campaign={campaign_id}"],
        smtp_env,
        workdir / "worker.log",
    )
    second = wait_for(resume, resumed_at)
    counts = sink.counts()
    _seconds, expected, status = campaign_facts(campaign_id)
    duplicates, missing, extra = tally(counts, campaign_id, expected)
    return Result(
        "SIGKILL + resume",
        campaign_id,
        sum(1 for key in counts if key.startswith(f"{campaign_id} ")),
        first.seconds + second.seconds,
        first.seconds + second.seconds,
        max(first.peak_mb, second.peak_mb),
        duplicates,
        missing,
        extra,
        first.cpu_seconds + second.cpu_seconds,
        note=(
            f"killed with {at_kill} marked sent; the killed task stayed "
            f"{task_status}; send_campaigns sent the rest in {second.seconds:.1f} s; "
            f"campaign {status}"
        ),
    )


def machine() -> dict[str, str]:
    from django.db import connection

    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
    return {
        "date": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "load average": " ".join(f"{n:.1f}" for n in os.getloadavg()),
        "nproc": str(os.cpu_count()),
        "cpu": model or platform.processor(),
        "postgresql": pg_version,
        "python": platform.python_version(),
    }


def main() -> int:
    args = parse_args()
    if args.sink:
        run_sink(int(args.sink[0]), args.sink[1])
        return 0
    kill_after = args.kill_after or args.subscribers // 2
    run_id = datetime.now().strftime("%Y%m%d%H%M%S")
    database = f"oss_bench_mail_{run_id}"
    workdir = Path(tempfile.mkdtemp(prefix="oss-bench-mail-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mailing_bench_settings",
        "DATABASE_URL": f"{args.pg}/{database}",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "ALLOWED_HOSTS": "localhost",
        "SITE_URL": "https://portal.example.org",
        "BENCH_STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": "25",
        "EMAIL_USE_TLS": "false",
        "EMAIL_USE_SSL": "false",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": f"{workdir}{os.pathsep}{ROOT}",
    }
    # The benchmark's settings: production's plus the commit mode from the
    # environment (written here so that bench/settings.py stays untouched).
    (workdir / "mailing_bench_settings.py").write_text(
        "import os\n"
        "from bench.settings import *  # noqa: F403\n"
        "MAILINGLIST_SYNCHRONOUS_COMMIT = "
        "os.environ.get('BENCH_SYNCHRONOUS_COMMIT') == '1'\n"
    )
    os.environ.update(env)
    sys.path.insert(0, str(workdir))

    admin_command(args.pg, f'CREATE DATABASE "{database}"')
    results: list[Result] = []
    try:
        print(
            f"Building {database}: migrate, demo site, {args.subscribers} subscribers"
        )
        started = time.monotonic()
        build(args)
        print(f"  built in {time.monotonic() - started:.1f} s")
        facts = machine()
        results.append(plain_run("fast commit", env, workdir))
        if not args.skip_synchronous:
            results.append(
                plain_run(
                    "synchronous commit",
                    {**env, "BENCH_SYNCHRONOUS_COMMIT": "1"},
                    workdir,
                )
            )
        results.append(killed_run(env, workdir, kill_after))
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep_db:
            admin_command(args.pg, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')

    print()
    facts["load average"] += (
        " (start), " + " ".join(f"{n:.1f}" for n in os.getloadavg()) + " (end)"
    )
    print(", ".join(f"{key}: {value}" for key, value in facts.items()))
    print(
        f"{'run':<20} {'messages':>8} {'msg/s':>7} {'send s':>7} {'process s':>9} "
        f"{'peak MB':>8} {'CPU s':>6} {'dupl.':>6} {'missing':>7}"
    )
    for r in results:
        print(
            f"{r.name:<20} {r.messages:>8} {r.rate:>7.0f} {r.campaign_seconds:>7.1f} "
            f"{r.process_seconds:>9.1f} {r.peak_mb:>8.0f} {r.cpu_seconds:>6.1f} "
            f"{r.duplicates:>6} "
            f"{r.missing:>7}"
        )
        if r.extra:
            print(f"  {r.extra} message(s) to addresses outside the campaign!")
        print(f"  {r.note}")
    ok = all(r.duplicates == 0 and r.missing == 0 and not r.extra for r in results)
    fast = results[0]
    ok = ok and fast.process_seconds < TARGET_SECONDS and fast.peak_mb < TARGET_MB
    print(
        f"Target: {args.subscribers} messages in under {TARGET_SECONDS} s, worker "
        f"under {TARGET_MB} MB, no duplicates, none missing: "
        f"{'met' if ok else 'NOT MET'}."
    )
    print(f"Worker logs: {workdir / 'worker.log'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
