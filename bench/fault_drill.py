"""Fault drill: the booking load while a gunicorn worker dies and Redis goes away.

Run by hand from the project folder (not part of the test suite)::

    .venv/bin/python bench/fault_drill.py            # the timeline below
    .venv/bin/python bench/fault_drill.py --redis-fault pause
    .venv/bin/python bench/fault_drill.py --help

The site, the users and the requests are ``bench/booking_load.py``'s (its
own database ``oss_bench_<timestamp>``, gunicorn with the production
settings, logged-in users POSTing the booking form, double submits), except
that the cache is a ``redis-server`` of the drill's own on a free port, never
the shared one. During ``--duration`` seconds of load, on a timeline counted
from the first request:

- ``--kill-at``: SIGKILL one gunicorn worker (the master forks a new one);
- ``--redis-stop-at``: stop the drill's Redis (``stop``: SIGTERM, it exits;
  ``pause``: SIGSTOP, it hangs with its port open);
- ``--redis-start-at``: start it again on the same port, empty (``pause``:
  SIGCONT).

A thread asks ``/healthz`` every ``--health-every`` seconds throughout. Every
answer is kept with its times and status; a dropped connection is retried
(``--retries``), as a person would press the button again.

The documented windows: a request in flight on the killed worker loses its
connection (no proxy here to turn that into a 502); from the Redis stop until
``/healthz`` answers 200 for good after the restart, the cache is out. It
exits non-zero when anything breaks an invariant: a 5xx outside those windows
or a dropped connection that was not in flight on the killed worker; a
retry that is not answered 303 or 409; a booking answered 303 and not in the
database (lost); two bookings for one user and workshop (duplicate); a
booking nobody was told about (no 303, no dropped connection); confirmed seats
beyond a workshop's capacity (oversold); any status but 303 or 409; a
``/healthz`` that never said the cache was down, or did not say it was back
within ``--recovery-limit`` seconds of the restart. Gunicorn, the Redis server
and the database are gone at the end, whatever happened (``--keep-db`` keeps
the database).
"""

import argparse
import atexit
import http.client
import json
import os
import queue
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import booking_load as load  # noqa: E402

CACHE_PREFIX = "drill"
BOOTING = 3.0  # seconds a new worker may take to load Django and serve


@dataclass
class Answer:
    """One HTTP exchange, its times in seconds from the load's start."""

    started: float
    ended: float
    status: int  # 0: the connection was dropped, no answer
    detail: str = ""
    shot: load.Shot | None = None  # None: a /healthz probe
    attempt: int = 1  # 2 and more: retries after a dropped connection
    cache: str = ""  # /healthz: what it said of the cache

    @property
    def dropped(self) -> bool:
        return self.status == 0

    @property
    def timed_out(self) -> bool:
        """No answer within the client's timeout (the connection was open)."""
        return self.dropped and "timed out" in self.detail

    def overlaps(self, start: float, end: float) -> bool:
        """Whether the exchange was under way at some time from start to end."""
        return self.started <= end and self.ended >= start


@dataclass
class Timeline:
    """What the drill did, and when (seconds from the load's start)."""

    kills: list[tuple[float, float, int]]  # before, after os.kill, the pid
    replaced: list[float]  # when the master had its workers again
    redis_stopped: float = 0.0
    redis_started: float = 0.0  # it answered PING again
    ended: float = 0.0
    ran_dry: float | None = None  # the plan ran out before the end
    load: tuple[float, float, float] = (0.0, 0.0, 0.0)  # load average at the end


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    load.add_load_arguments(parser)
    # More seats and users than the benchmark: the plan must last the
    # timeline, and seats still be left when the faults come.
    parser.set_defaults(capacity=100, users=800)
    parser.add_argument("--duration", type=float, default=30, help="seconds")
    parser.add_argument(
        "--kill-at",
        type=float,
        nargs="+",
        default=[5.0],
        help="seconds: SIGKILL a gunicorn worker (one per value)",
    )
    parser.add_argument("--redis-stop-at", type=float, default=12.0)
    parser.add_argument("--redis-start-at", type=float, default=20.0)
    parser.add_argument(
        "--redis-fault",
        choices=("stop", "pause"),
        default="stop",
        help="stop: SIGTERM, restarted empty; pause: SIGSTOP, then SIGCONT",
    )
    parser.add_argument("--health-every", type=float, default=0.2, help="seconds")
    parser.add_argument("--retries", type=int, default=3, help="per dropped connection")
    parser.add_argument(
        "--recovery-limit",
        type=float,
        default=15.0,
        help="seconds after the restart for /healthz to say 200 for good",
    )
    parser.add_argument(
        "--cache-timeout",
        default=os.environ.get("CACHE_TIMEOUT", ""),
        help="CACHE_TIMEOUT for the server (empty: the settings' default)",
    )
    args = parser.parse_args()
    events = [*args.kill_at, args.redis_stop_at, args.redis_start_at]
    if not 0 < args.redis_stop_at < args.redis_start_at < args.duration:
        parser.error("need 0 < --redis-stop-at < --redis-start-at < --duration")
    if max(events) >= args.duration or min(events) <= 0:
        parser.error("every event must fall inside the load (0 .. --duration)")
    if args.workers < 2:
        parser.error("--workers: at least 2, so that one can be killed")
    return args


# -- the drill's Redis ----------------------------------------------------------------


class RedisServer:
    """A ``redis-server`` of the drill's own: no persistence, its log in a file."""

    def __init__(self, port: int, workdir: Path) -> None:
        self.port = port
        self.workdir = workdir
        self.log = workdir / "redis.log"
        self.process: subprocess.Popen | None = None
        self.paused = False

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = [
            "redis-server",
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(self.workdir),
        ]
        with self.log.open("ab") as output:
            self.process = subprocess.Popen(
                command,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.wait_until_ready()

    def wait_until_ready(self) -> None:
        import redis

        client = redis.Redis(port=self.port, socket_timeout=0.5)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"redis-server exited; see {self.log}")
            try:
                if client.ping():
                    client.close()
                    return
            except redis.RedisError:
                time.sleep(0.05)
        raise SystemExit(f"redis-server did not answer on port {self.port}")

    def pause(self) -> None:
        self.process.send_signal(signal.SIGSTOP)
        self.paused = True

    def resume(self) -> None:
        self.process.send_signal(signal.SIGCONT)
        self.paused = False
        self.wait_until_ready()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        if self.paused:
            self.process.send_signal(signal.SIGCONT)
            self.paused = False
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# -- the load, the probes and the faults ----------------------------------------------


class Drill:
    def __init__(self, args, port: int, server: subprocess.Popen, redis_server):
        self.args = args
        self.port = port
        self.server = server
        self.redis = redis_server
        self.stop = threading.Event()
        self.t0 = 0.0
        self.answers: list[Answer] = []
        self.probes: list[Answer] = []
        self.timeline = Timeline([], [])
        # When each worker was forked (those of the start: before the load).
        self.forked = dict.fromkeys(load.gunicorn_workers(server.pid), -60.0)
        self.lock = threading.Lock()

    def clock(self) -> float:
        return time.monotonic() - self.t0

    def client(self, work: queue.Queue) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        mine = []
        while not self.stop.is_set():
            try:
                shot = work.get_nowait()
            except queue.Empty:
                with self.lock:
                    if self.timeline.ran_dry is None:
                        self.timeline.ran_dry = self.clock()
                break
            for attempt in range(1, self.args.retries + 2):
                started = self.clock()
                try:
                    outcome = load.post_booking(conn, self.port, shot)
                    status, detail = outcome.status, outcome.detail
                except (OSError, http.client.HTTPException) as error:
                    conn.close()
                    status, detail = 0, repr(error)
                mine.append(
                    Answer(started, self.clock(), status, detail, shot, attempt)
                )
                if status:
                    break
                time.sleep(0.2)  # then the person presses the button again
        conn.close()
        with self.lock:
            self.answers.extend(mine)

    def probe_health(self) -> None:
        """GET /healthz as a load balancer does: plain HTTP, by IP address."""
        while not self.stop.is_set():
            started = self.clock()
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
            try:
                response = load.request(conn, "GET", "/healthz", {})
                status = response.status
                cache = json.loads(response.body or b"{}").get("cache", "?")
                detail = "" if status in (200, 503) else repr(response.body[:200])
            except (OSError, http.client.HTTPException, ValueError) as error:
                status, cache, detail = 0, "", repr(error)
            finally:
                conn.close()
            self.probes.append(
                Answer(started, self.clock(), status, detail, None, 1, cache)
            )
            self.stop.wait(max(0.0, self.args.health_every - (self.clock() - started)))

    def sleep_until(self, at: float) -> None:
        self.stop.wait(max(0.0, at - self.clock()))

    def kill_a_worker(self, rng: random.Random) -> None:
        """SIGKILL a worker that is serving, not one still booting (forked
        less than ``BOOTING`` seconds ago), unless all are; wait for the
        master to fork its replacement."""
        workers = sorted(load.gunicorn_workers(self.server.pid))
        for pid in workers:
            self.forked.setdefault(pid, self.clock())
        serving = [p for p in workers if self.clock() - self.forked[p] > BOOTING]
        pid = rng.choice(serving or workers)
        before = self.clock()
        os.kill(pid, signal.SIGKILL)
        self.timeline.kills.append((before, self.clock(), pid))
        print(f"  {before:5.1f} s  SIGKILL worker {pid}")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            now = set(load.gunicorn_workers(self.server.pid))
            if pid not in now and len(now) >= self.args.workers:
                self.timeline.replaced.append(self.clock())
                for new in now - set(workers):
                    self.forked[new] = self.clock()
                print(f"  {self.clock():5.1f} s  the master forked a new worker")
                return
            time.sleep(0.02)
        print("  the master did not replace the worker within 30 s")

    def run(self, shots: list[load.Shot]) -> None:
        work: queue.Queue[load.Shot] = queue.Queue()
        for shot in shots:
            work.put(shot)
        args = self.args
        rng = random.Random(args.seed)
        events = sorted(
            [(at, "kill") for at in args.kill_at]
            + [(args.redis_stop_at, "redis-stop"), (args.redis_start_at, "redis-start")]
        )
        threads = [
            threading.Thread(target=self.client, args=(work,))
            for _ in range(args.clients)
        ]
        threads.append(threading.Thread(target=self.probe_health))
        self.t0 = time.monotonic()
        for thread in threads:
            thread.start()
        try:
            for at, event in events:
                self.sleep_until(at)
                if event == "kill":
                    self.kill_a_worker(rng)
                elif event == "redis-stop":
                    self.timeline.redis_stopped = self.clock()
                    if args.redis_fault == "pause":
                        self.redis.pause()
                    else:
                        self.redis.stop()
                    print(
                        f"  {self.timeline.redis_stopped:5.1f} s  Redis {args.redis_fault}"
                    )
                else:
                    at = self.clock()
                    if args.redis_fault == "pause":
                        self.redis.resume()
                    else:
                        self.redis.start()
                    self.timeline.redis_started = self.clock()
                    print(
                        f"  {at:5.1f} s  Redis started again, answering PING "
                        f"at {self.timeline.redis_started:.1f} s"
                    )
            self.sleep_until(args.duration)
        finally:
            self.stop.set()
            self.timeline.ended = self.clock()
            self.timeline.load = os.getloadavg()
            for thread in threads:
                thread.join()


# -- results ----------------------------------------------------------------------------


@dataclass
class Windows:
    """Where failures are expected: the kills, and the cache outage."""

    kills: list[tuple[float, float, int]]
    cache_out: tuple[float, float]  # from the Redis stop until /healthz says 200

    def in_flight_at_kill(self, answer: Answer) -> bool:
        return any(answer.overlaps(before, after) for before, after, _ in self.kills)

    def during_outage(self, answer: Answer) -> bool:
        return answer.overlaps(*self.cache_out)

    def covers(self, answer: Answer) -> bool:
        return self.in_flight_at_kill(answer) or self.during_outage(answer)


def health_figures(probes: list[Answer], timeline: Timeline) -> dict[str, float | None]:
    """When /healthz said the cache was down and when it said 200 for good."""
    probes = sorted(probes, key=lambda p: p.started)
    after_stop = [p for p in probes if p.started >= timeline.redis_stopped]
    first_down = next((p.ended for p in after_stop if p.status == 503), None)
    down = [p for p in after_stop if p.status != 200]
    last_down = max((p.ended for p in down), default=None)
    back = None
    if last_down is not None:
        back = next(
            (p.ended for p in probes if p.started > last_down and p.status == 200),
            None,
        )
    # Time /healthz answered 503 (for the cache), summed over gaps between probes.
    down_seconds = 0.0
    for before, after in zip(probes, probes[1:], strict=False):
        if before.status == 503:
            down_seconds += after.started - before.started
    return {
        "first_down": first_down,
        "back": back,
        "down_seconds": down_seconds,
        "db_unreachable": sum(1 for p in probes if p.status == 503 and p.cache == "ok"),
    }


def database_pairs(pages, paths) -> dict[tuple[int, str], int]:
    """Bookings per (user, booking URL), counted by the database."""
    from workshops.models import Booking

    url = {
        str(page.translation_key): path for page, path in zip(pages, paths, strict=True)
    }
    counts: Counter = Counter()
    for user_id, key in Booking.objects.filter(
        workshop__translation_key__in=list(url)
    ).values_list("user_id", "workshop__translation_key"):
        counts[user_id, url[str(key)]] += 1
    return counts


def pair_figures(answers: list[Answer], in_db: dict) -> dict[str, int]:
    """Lost, duplicated and unannounced bookings; how dropped ones ended."""
    asked: dict[tuple[int, str], list[Answer]] = defaultdict(list)
    for answer in sorted(answers, key=lambda a: a.started):
        asked[answer.shot.booker.user_id, answer.shot.path].append(answer)
    figures = Counter()
    for pair, pair_answers in asked.items():
        statuses = [a.status for a in pair_answers]
        made = in_db.get(pair, 0)
        figures["duplicated"] += made > 1
        figures["lost"] += 303 in statuses and made == 0
        figures["acknowledged twice"] += statuses.count(303) > 1
        figures["booked, never told"] += (
            made > 0 and 303 not in statuses and 0 not in statuses
        )
    # A dropped request's last try: 409 if it had been booked before the
    # connection went, 303 if not (the pair's checks above say it is there once).
    tries: dict[int, list[Answer]] = defaultdict(list)
    for answer in answers:
        tries[id(answer.shot)].append(answer)
    for shot_tries in tries.values():
        shot_tries.sort(key=lambda a: a.attempt)
        if shot_tries[0].dropped:
            last = shot_tries[-1].status
            name = {409: "booked (409 next)", 303: "unbooked (303 next)"}.get(
                last, "retry failed"
            )
            figures[f"dropped, {name}"] += 1
    figures["booked, never asked"] = sum(1 for pair in in_db if pair not in asked)
    return figures


def phase_rows(answers: list[Answer], timeline: Timeline, windows: Windows):
    """Requests, statuses and latency before, during and after the faults."""
    # From a kill until 2 s after its worker was replaced (the new one boots).
    kill_spans = [
        (before, replaced + 2.0)
        for (before, _, _), replaced in zip(
            timeline.kills, timeline.replaced, strict=False
        )
    ]
    out_start, out_end = windows.cache_out

    def phase(answer: Answer) -> str:
        if any(start <= answer.started <= end for start, end in kill_spans):
            return "worker killed"
        if out_start <= answer.started <= out_end:
            return "cache out"
        if answer.started < out_start:
            return "before"
        return "after"

    groups: dict[str, list[Answer]] = defaultdict(list)
    for answer in answers:
        groups[phase(answer)].append(answer)
    for name in ("before", "worker killed", "cache out", "after"):
        group = groups.get(name)
        if not group:
            continue
        seconds = max(a.started for a in group) - min(a.started for a in group)
        latencies = sorted(a.ended - a.started for a in group if a.status)
        cuts = statistics.quantiles(latencies, n=100, method="inclusive")
        statuses = dict(sorted(Counter(a.status for a in group).items()))
        yield (
            name,
            f"{len(group)} req, {len(group) / max(seconds, 0.001):.0f}/s, "
            f"p50 {cuts[49] * 1000:.0f} ms, p99 {cuts[98] * 1000:.0f} ms, "
            f"max {latencies[-1] * 1000:.0f} ms, {statuses}",
        )


def log_facts(log: Path) -> tuple[Counter, list[str]]:
    """What gunicorn's log says: failovers, kills, boots; the tracebacks."""
    text = log.read_text(errors="replace") if log.exists() else ""
    facts = Counter(
        {
            "cache failovers logged": text.count("Cache server unreachable"),
            "worker boots": len(re.findall(r"Booting worker with pid", text)),
            "server errors logged": text.count("Internal Server Error"),
        }
    )
    tracebacks = re.findall(r"(?ms)^Traceback.*?^\S[^\n]*$", text)
    return facts, tracebacks


def report(args, drill: Drill, pages, paths, log: Path) -> bool:
    from django.conf import settings

    timeline = drill.timeline
    answers = drill.answers
    health = health_figures(drill.probes, timeline)
    cache_back = health["back"] or timeline.ended
    windows = Windows(timeline.kills, (timeline.redis_stopped, cache_back))
    first = [a for a in answers if a.attempt == 1]
    retries = [a for a in answers if a.attempt > 1]
    statuses = Counter(a.status for a in answers)
    server_errors = [a for a in answers if a.status >= 500]
    errors_outside = [a for a in server_errors if not windows.covers(a)]
    dropped = [a for a in answers if a.dropped]
    dropped_outside = [a for a in dropped if not windows.in_flight_at_kill(a)]
    unexpected = {
        status: n
        for status, n in statuses.items()
        if status not in (0, 303, 409) and status < 500
    }
    probe_statuses = Counter(p.status for p in drill.probes)
    probes_dropped_outside = [
        p for p in drill.probes if p.dropped and not windows.in_flight_at_kill(p)
    ]
    pairs = pair_figures(answers, database_pairs(pages[:-1], paths[:-1]))
    db = load.check_database(pages[:-1], statuses[303])
    facts, tracebacks = log_facts(log)
    recovery = (
        health["back"] - timeline.redis_started if health["back"] is not None else None
    )
    workers_now = len(load.gunicorn_workers(drill.server.pid))

    print()
    row = load.row
    row(
        "setup",
        f"{args.workers} workers, {args.clients} clients, {args.workshops} workshops "
        f"x {args.capacity} seats, {args.users} users",
    )
    row("cache", f"CACHE_TIMEOUT {settings.CACHE_TIMEOUT} s, Redis {args.redis_fault}")
    # A dropped request is the last kill's that it was in flight at.
    by_kill = Counter(
        max(before for before, after, _ in timeline.kills if a.overlaps(before, after))
        for a in dropped
        if windows.in_flight_at_kill(a)
    )
    kills = ", ".join(
        f"{before:.1f} s ({by_kill[before]} in flight)"
        for before, _, _ in timeline.kills
    )
    row("worker SIGKILLed at", kills)
    row(
        "worker replaced at",
        ", ".join(f"{at:.1f} s" for at in timeline.replaced) or "NOT REPLACED",
    )
    row("Redis stopped at", f"{timeline.redis_stopped:.1f} s ({args.redis_fault})")
    row("Redis answering again", f"{timeline.redis_started:.1f} s")
    row("load ended", f"{timeline.ended:.1f} s")
    row(
        "requests",
        f"{len(answers)} ({len(first)} first tries, {len(retries)} retries), "
        f"{len(answers) / timeline.ended:.0f}/s",
    )
    row("statuses", dict(sorted(statuses.items())))
    row("double submits", f"{sum(1 for a in first if a.shot.repeat)} sent")
    row("5xx in the windows", len(server_errors) - len(errors_outside))
    row("5xx outside the windows", len(errors_outside))
    row(
        "dropped connections",
        f"{len(dropped)} ({len(dropped) - len(dropped_outside)} in flight at a kill, "
        f"{len(dropped_outside)} other, {sum(a.timed_out for a in dropped)} of them "
        "timed out)",
    )
    if dropped:
        row("dropped, the client saw", dropped[0].detail)
    for name in (
        "dropped, booked (409 next)",
        "dropped, unbooked (303 next)",
        "dropped, retry failed",
    ):
        if pairs[name] or name != "dropped, retry failed":
            row(name, pairs[name])
    row("lost bookings", pairs["lost"])
    row("duplicated bookings", pairs["duplicated"])
    row(
        "booked, never told", pairs["booked, never told"] + pairs["booked, never asked"]
    )
    row("acknowledged twice", pairs["acknowledged twice"])
    row("oversold seats", db["oversold_seats"])
    row("waiting, seats free", db["waiting_though_seats_free"])
    row("confirmed seats", db["confirmed_seats"])
    row("waitlisted bookings", db["waitlisted_bookings"])
    waits = sorted(p.ended - p.started for p in drill.probes if p.status)
    row(
        "/healthz probes",
        f"{dict(sorted(probe_statuses.items()))}, answered in "
        f"{statistics.median(waits) * 1000:.0f} ms (median), "
        f"{waits[-1] * 1000:.0f} ms (max)",
    )
    row(
        "/healthz cache down",
        f"first 503 at {fmt(health['first_down'])} "
        f"({fmt_delta(health['first_down'], timeline.redis_stopped)} after the stop), "
        f"503 for {health['down_seconds']:.1f} s in all",
    )
    row(
        "/healthz 200 for good",
        f"at {fmt(health['back'])}: {fmt_delta(health['back'], timeline.redis_started)}"
        " after Redis answered again",
    )
    for name, value in facts.items():
        row(name, value)
    row("load average", " ".join(f"{n:.1f}" for n in timeline.load) + " (at the end)")
    print()
    for name, line in phase_rows(answers, timeline, windows):
        row(name, line)

    failures = []
    if errors_outside:
        failures.append(f"{len(errors_outside)} 5xx outside the windows")
    if dropped_outside or probes_dropped_outside:
        failures.append(
            f"{len(dropped_outside) + len(probes_dropped_outside)} dropped "
            "connections not in flight at a kill"
        )
    for name in (
        "lost",
        "duplicated",
        "booked, never told",
        "booked, never asked",
        "acknowledged twice",
        "dropped, retry failed",
    ):
        if pairs[name]:
            failures.append(f"{pairs[name]} {name}")
    if db["oversold_seats"]:
        failures.append(f"{db['oversold_seats']} seats oversold")
    if db["waiting_though_seats_free"]:
        failures.append("bookings waiting while seats are free")
    if unexpected:
        failures.append(f"unexpected statuses {unexpected}")
    if health["first_down"] is None:
        failures.append("/healthz never reported the cache down")
    if recovery is None or recovery > args.recovery_limit:
        failures.append("/healthz did not report the cache back in time")
    if health["db_unreachable"]:
        failures.append("/healthz reported the database down")
    if len(timeline.replaced) < len(timeline.kills) or workers_now < args.workers:
        failures.append("gunicorn did not replace the killed worker")
    if timeline.ran_dry is not None and timeline.ran_dry < args.duration - 1:
        failures.append(f"the plan ran out at {timeline.ran_dry:.1f} s: raise --users")
    for answer in (errors_outside + dropped_outside + probes_dropped_outside)[:5]:
        print(
            f"  {answer.started:6.2f}-{answer.ended:.2f} s {answer.status} "
            f"{answer.shot.path if answer.shot else '/healthz'} {answer.detail}"
        )
    for trace in tracebacks[:3]:
        print(trace)
    for failure in failures:
        row("FAILED", failure)
    return not failures


def fmt(at: float | None) -> str:
    return "never" if at is None else f"{at:.1f} s"


def fmt_delta(at: float | None, since: float) -> str:
    return "-" if at is None else f"{at - since:.1f} s"


# -- run --------------------------------------------------------------------------------


def run(args, run_id: str, db_name: str, workdir: Path, cleanups) -> bool:
    redis_server = RedisServer(load.free_port(), workdir)
    cleanups.append(redis_server.stop)
    redis_server.start()
    env = load.server_env(args.pg, db_name, workdir, redis_server.url, CACHE_PREFIX)
    if args.cache_timeout:
        env["CACHE_TIMEOUT"] = args.cache_timeout
    os.environ.update(env)
    print(f"database {db_name}, Redis on port {redis_server.port}, files in {workdir}")
    load.create_database(args.pg, db_name)
    cleanups.append(lambda: load.release_database(args.pg, db_name, args.keep_db))
    pages, paths, bookers, warmers = load.build_site(args, run_id)
    shots = load.plan(args, paths[:-1], bookers)
    port = load.free_port()
    log = workdir / "gunicorn.log"
    server = load.start_gunicorn(args, port, dict(os.environ), log)
    cleanups.append(lambda: load.stop_gunicorn(server))
    try:
        load.wait_until_ready(port, server, load.referers[paths[0]])
    except SystemExit:
        print(log.read_text(errors="replace")[-3000:])
        raise
    load.warm_up(port, paths[-1], warmers, args.clients)
    print(f"  load for {args.duration:.0f} s, {len(shots)} requests planned")
    drill = Drill(args, port, server, redis_server)
    drill.run(shots)
    try:
        return report(args, drill, pages, paths, log)
    finally:
        load.stop_gunicorn(server)


def main() -> int:
    args = parse_args()
    run_id = time.strftime("%Y%m%d%H%M%S")
    db_name = f"oss_bench_{run_id}"
    workdir = Path(tempfile.mkdtemp(prefix="oss-drill-"))
    cleanups = []
    passed = []

    def clean_up() -> None:
        """Stop gunicorn and Redis, drop the database; keep the logs of a failure."""
        while cleanups:
            try:
                cleanups.pop()()
            except Exception as error:  # noqa: BLE001 - the others still run
                print(f"clean-up failed: {error!r}")
        if not workdir.exists():
            return
        if passed:
            shutil.rmtree(workdir, ignore_errors=True)
        elif (workdir / "static").exists():
            for folder in ("static", "media"):
                shutil.rmtree(workdir / folder, ignore_errors=True)
            print(f"logs kept in {workdir}")

    atexit.register(clean_up)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        ok = run(args, run_id, db_name, workdir, cleanups)
        load.row("RESULT", "PASS" if ok else "FAIL")
        if ok:
            passed.append(True)
        return 0 if ok else 1
    finally:
        clean_up()


if __name__ == "__main__":
    sys.exit(main())
