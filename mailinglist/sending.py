"""Sending a campaign: one ``Delivery`` per subscriber, each sent once.

``run_campaign`` does the whole job and can be run again at any time (a
second task, ``manage.py send_campaigns`` after a crash, two workers at
once): it never sends anyone a second copy.

1. ``materialise``: the audience becomes one ``Delivery`` row per subscriber,
   in one transaction with the campaign moving from QUEUED to SENDING (so a
   resumed run does not add people who confirmed after the start). The
   unique (campaign, subscriber) constraint and ``ignore_conflicts`` make a
   second run create nothing.
2. ``send_pending``: pending deliveries that are due, in id order, in batches
   of ``BATCH_SIZE`` over one SMTP connection per batch. Each delivery is
   claimed in its own transaction with ``SELECT ... FOR UPDATE SKIP LOCKED``,
   so several workers share the work and never take the same row.
3. The campaign becomes SENT when no delivery is pending any more; until
   then deliveries waiting for a retry keep it SENDING.

Exactly once, with the SMTP backend (``SmtpTransport``): the message goes
out with the low-level commands (MAIL, RCPT, DATA) and its whole text,
*except* the final ``.`` line; the delivery is then marked SENT and the
transaction COMMITS; only then is the final ``.`` sent and the reply read.

- A worker killed (even SIGKILL) before the commit leaves the server with an
  unfinished DATA, which it discards when the connection drops; the
  database rolls the claim back, the delivery is still pending, and the
  next run sends it: once.
- A worker killed after the commit has written the final dot in a single
  ``send()`` right after it (microseconds later); bytes written to a socket
  are delivered by the kernel even after the process dies. If it dies in
  that window the message is lost rather than sent twice.
- The final reply decides: 250 keeps SENT; 4xx puts the delivery back to
  pending with a later ``next_attempt_at`` (``RETRY_DELAYS``), up to
  ``MAX_ATTEMPTS``; 5xx marks it FAILED with the server's answer. A
  connection lost before the commit retries the same delivery on a new
  connection (backing off, ``MAX_RECONNECTS`` times, then stopping the run);
  lost while waiting for the final reply, the delivery stays SENT (it was
  most likely delivered) with the error noted.

On PostgreSQL the marking transaction runs with ``SET LOCAL
synchronous_commit TO OFF`` (``MAILINGLIST_SYNCHRONOUS_COMMIT`` = False, the
default): COMMIT returns before the WAL reaches the disk. A killed worker
loses nothing committed (the server has it); only a crash of the database
server itself can forget the last few hundred milliseconds of marks, and
those messages would then be sent again. ``bench/README.md`` has the
measured difference.

Other email backends (locmem in tests, console in development) have no
such protocol: ``DjangoTransport`` sends with the backend, then marks SENT.
Only the SMTP path is exactly-once under SIGKILL; the others are
at-least-once in that window.

The sending functions commit per delivery, so they must run outside any
transaction (a task, a command); inside one, nothing is durable until it
commits.
"""

import logging
import re
import smtplib
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import islice

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpEmailBackend
from django.core.mail.message import sanitize_address
from django.db import connection, transaction
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from home.mail import Outcome, Stage, classify_error, refusal

from .emails import CampaignRenderer, RawMessage
from .models import Campaign, Delivery, Subscriber, Suppression, email_digest
from .services import audience

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
MATERIALISE_BATCH = 1000
MAX_ATTEMPTS = 5
# Wait before attempt 2, 3, 4, 5 after a temporary (4xx) refusal.
RETRY_DELAYS = (
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
)
MAX_RECONNECTS = 5
RECONNECT_DELAY = 1.0  # seconds, doubled after each failed attempt
# When the SMTP server stays unreachable, the task tries again this much later.
UNAVAILABLE_RETRY = timedelta(minutes=5)

Hook = Callable[[str, Delivery], None]


class TemporaryFailure(Exception):
    """The server refused for now (4xx): try this delivery again later."""


class PermanentFailure(Exception):
    """The server refused for good (5xx): record it and do not try again."""


class ConnectionLost(Exception):
    """The connection to the SMTP server failed or dropped."""


class SmtpUnavailable(Exception):
    """The SMTP server could not be reached after ``MAX_RECONNECTS`` tries."""


_FAILURE_FOR = {
    Outcome.CONNECTION: ConnectionLost,
    Outcome.PERMANENT: PermanentFailure,
    Outcome.TEMPORARY: TemporaryFailure,
}


def _refusal(code: int, reply: bytes | str, stage: Stage) -> Exception:
    """The exception for a refusal, as ``home.mail.refusal`` classifies it."""
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
    message = f"{stage}: {code} {text}".strip()
    return _FAILURE_FOR[refusal(code, stage)](message)


PLAIN_ADDRESS = re.compile(r"[^\s<>()\[\],;:\\\"@]+@[^\s<>()\[\],;:\\\"@]+")


def _command(smtp: smtplib.SMTP, verb: str, keyword: str, address: str):
    """MAIL FROM / RCPT TO; a plain ``a@b`` address is sent without re-parsing.

    smtplib's ``mail()``/``rcpt()`` parse every address again
    (``email.utils.parseaddr``), which costs more than the rest of the
    conversation; addresses in any other form still go through them.
    """
    if PLAIN_ADDRESS.fullmatch(address):
        return smtp.docmd(verb, f"{keyword}:<{address}>")
    return smtp.mail(address) if verb == "mail" else smtp.rcpt(address)


def dot_stuff(data: bytes) -> bytes:
    """The message as DATA carries it: leading dots doubled, ends with CRLF."""
    data = re.sub(rb"(?m)^\.", b"..", data)
    return data if data.endswith(b"\r\n") else data + b"\r\n"


class SmtpTransport:
    """The two-step SMTP send behind the exactly-once guarantee (see the module).

    Connection settings (host, TLS, login, timeout) are Django's SMTP
    backend's, which opens the connection; this class then speaks the
    commands itself.
    """

    exactly_once = True
    takes_raw = True

    def __init__(self, backend: SmtpEmailBackend) -> None:
        self.backend = backend
        self.in_data = False

    @property
    def smtp(self) -> smtplib.SMTP:
        if self.backend.connection is None:
            try:
                self.backend.open()
                # Send each command at once: with Nagle's algorithm the final
                # dot would wait for the server's (delayed) ACK, about 40 ms.
                self.backend.connection.sock.setsockopt(
                    socket.IPPROTO_TCP, socket.TCP_NODELAY, 1
                )
            except (smtplib.SMTPException, OSError) as error:
                self.abort()
                raise ConnectionLost(f"connect: {error}") from error
        return self.backend.connection

    def begin(self, message: RawMessage | EmailMessage) -> None:
        """Everything up to, not including, the final dot of DATA."""
        if isinstance(message, RawMessage):
            sender, recipients, data = message.sender, message.recipients, message.data
        else:
            encoding = message.encoding or settings.DEFAULT_CHARSET
            sender = sanitize_address(message.from_email, encoding)
            recipients = [sanitize_address(a, encoding) for a in message.recipients()]
            data = message.message().as_bytes(linesep="\r\n")
        data = dot_stuff(data)
        smtp = self.smtp
        try:
            smtp.ehlo_or_helo_if_needed()
            code, reply = _command(smtp, "mail", "FROM", sender)
            if code != 250:
                self._reset()
                raise _refusal(code, reply, Stage.MAIL_FROM)
            for recipient in recipients:
                code, reply = _command(smtp, "rcpt", "TO", recipient)
                if code not in (250, 251):
                    self._reset()
                    raise _refusal(code, reply, Stage.RCPT_TO)
            smtp.putcmd("data")
            code, reply = smtp.getreply()
            if code != 354:
                self._reset()
                raise _refusal(code, reply, Stage.DATA)
            self.in_data = True
            smtp.send(data)
        except (smtplib.SMTPException, OSError) as error:
            self.abort()
            raise ConnectionLost(str(error)) from error

    def finish(self) -> None:
        """Send the final dot and read the verdict.

        :raises ConnectionLost: with ``delivered_maybe`` set when the dot went
            out but no reply came.
        """
        smtp = self.backend.connection
        try:
            smtp.send(b".\r\n")
        except (smtplib.SMTPException, OSError, AttributeError) as error:
            self.abort()
            raise ConnectionLost(f"end of DATA: {error}") from error
        self.in_data = False
        try:
            code, reply = smtp.getreply()
        except (smtplib.SMTPException, OSError) as error:
            self.abort()
            lost = ConnectionLost(f"no reply after DATA: {error}")
            lost.delivered_maybe = True
            raise lost from error
        if code != 250:
            raise _refusal(code, reply, Stage.END_OF_DATA)

    def _reset(self) -> None:
        try:
            self.backend.connection.rset()
        except (smtplib.SMTPException, OSError):
            self.abort()

    def abort(self) -> None:
        """Drop the connection without QUIT: an unfinished DATA is discarded."""
        self.in_data = False
        smtp = self.backend.connection
        self.backend.connection = None
        if smtp is not None:
            try:
                smtp.close()
            except OSError:
                pass

    def close(self) -> None:
        """End the session politely (QUIT), or drop it when in the middle of DATA."""
        if self.in_data:
            self.abort()
            return
        try:
            self.backend.close()
        except (smtplib.SMTPException, OSError):
            self.abort()


class DjangoTransport:
    """Any other email backend: send with it, then mark SENT (at least once)."""

    exactly_once = False
    takes_raw = False

    def __init__(self, backend) -> None:
        self.backend = backend

    def begin(self, message: EmailMessage) -> None:
        try:
            self.backend.send_messages([message])
        except (smtplib.SMTPException, OSError) as error:
            # No exactly-once protocol here: the message may have gone out, so
            # a lost connection is not retried at once but counted and retried
            # later, like any temporary refusal.
            if classify_error(error) == Outcome.PERMANENT:
                raise PermanentFailure(str(error)) from error
            raise TemporaryFailure(str(error)) from error

    def finish(self) -> None:
        return None

    def abort(self) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.backend.close()
        except Exception:
            logger.exception("Closing the email backend failed")


def make_transport(backend: str | None = None) -> SmtpTransport | DjangoTransport:
    """The transport for ``backend`` (a dotted path; ``EMAIL_BACKEND`` by default)."""
    path = backend or settings.EMAIL_BACKEND
    email_backend = get_connection(path, fail_silently=False)
    if issubclass(import_string(path), SmtpEmailBackend):
        return SmtpTransport(email_backend)
    return DjangoTransport(email_backend)


@dataclass
class SendReport:
    """What one run did, and when the campaign needs another run."""

    created: int = 0
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    deferred: int = 0
    finished: bool = False
    retry_at: datetime | None = None
    stopped: str = ""

    def as_dict(self) -> dict:
        data = self.__dict__.copy()
        data["retry_at"] = self.retry_at.isoformat() if self.retry_at else None
        return data


class StopSending(Exception):
    """Raised inside the loop to end a run early (``limit`` reached)."""


def _fast_commit_sql() -> str:
    """``SET LOCAL synchronous_commit TO OFF;`` on PostgreSQL unless turned off.

    The transaction's COMMIT then returns before its WAL is on disk (see the
    module). LOCAL: it ends with the transaction, so a pooled connection
    (PgBouncer in transaction mode) never passes it on.
    """
    if connection.vendor == "postgresql" and not getattr(
        settings, "MAILINGLIST_SYNCHRONOUS_COMMIT", False
    ):
        return "SET LOCAL synchronous_commit TO OFF; "
    return ""


def _due(now: datetime) -> Q:
    return Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)


def _chunks(iterable, size: int) -> Iterator[list]:
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def materialise(campaign_id: int) -> int:
    """Create the campaign's deliveries and mark it SENDING; returns how many exist.

    Does nothing for a campaign that is not QUEUED any more.
    """
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign_id)
        if campaign.status == Campaign.Status.QUEUED:
            ids = (
                audience(campaign)
                .values_list("pk", flat=True)
                .iterator(chunk_size=MATERIALISE_BATCH)
            )
            for chunk in _chunks(ids, MATERIALISE_BATCH):
                Delivery.objects.bulk_create(
                    [
                        Delivery(campaign_id=campaign_id, subscriber_id=pk)
                        for pk in chunk
                    ],
                    ignore_conflicts=True,
                )
            campaign.status = Campaign.Status.SENDING
            campaign.started_at = timezone.now()
            campaign.save(update_fields=["status", "started_at"])
        return Delivery.objects.filter(campaign_id=campaign_id).count()


def _next_batch(campaign_id: int, after: int, now: datetime) -> list[Delivery]:
    """The next pending, due deliveries after id ``after``, with their subscribers."""
    return list(
        Delivery.objects.filter(
            campaign_id=campaign_id, status=Delivery.Status.PENDING, pk__gt=after
        )
        .filter(_due(now))
        .select_related("subscriber")
        .order_by("pk")[:BATCH_SIZE]
    )


def _suppressed(batch: list[Delivery]) -> set[int]:
    """Deliveries of the batch whose address is suppressed (one query per batch)."""
    digests = {
        delivery.pk: email_digest(delivery.subscriber.email)
        for delivery in batch
        if delivery.subscriber is not None
    }
    found = set(
        Suppression.objects.filter(email_hash__in=digests.values()).values_list(
            "email_hash", flat=True
        )
    )
    return {pk for pk, digest in digests.items() if digest in found}


# The two statements below run once per message, so they are written out:
# the ORM would spend longer building them than the database running them.


def _claim(delivery_id: int, now: datetime) -> tuple[int | None, int] | None:
    """Lock the delivery if it is still pending and due and nobody holds it.

    Must run first in the message's transaction (it also sets the commit
    mode). Returns the row's (subscriber id, attempts), or None. ``SELECT
    ... FOR UPDATE SKIP LOCKED`` where the database has row locks
    (PostgreSQL), a plain SELECT elsewhere.
    """
    lock = (
        " FOR UPDATE SKIP LOCKED"
        if connection.features.has_select_for_update_skip_locked
        else ""
    )
    sql = (
        f"{_fast_commit_sql()}"  # noqa: S608 - no input in this SQL but %s values
        f"SELECT subscriber_id, attempts FROM {Delivery._meta.db_table} "
        "WHERE id = %s AND status = %s "
        f"AND (next_attempt_at IS NULL OR next_attempt_at <= %s){lock}"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                delivery_id,
                Delivery.Status.PENDING.value,
                connection.ops.adapt_datetimefield_value(now),
            ],
        )
        return cursor.fetchone()


def _mark_sent(delivery: Delivery) -> None:
    """Record the delivery as SENT (in the transaction holding its lock)."""
    sql = (
        f"UPDATE {Delivery._meta.db_table} "  # noqa: S608 - only %s values vary
        "SET status = %s, attempts = %s, sent_at = %s, next_attempt_at = NULL, "
        "error = '' WHERE id = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                Delivery.Status.SENT.value,
                delivery.attempts,
                connection.ops.adapt_datetimefield_value(delivery.sent_at),
                delivery.pk,
            ],
        )


def _retry_later(delivery: Delivery, error: str, now: datetime) -> None:
    if delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = Delivery.Status.FAILED
        delivery.next_attempt_at = None
    else:
        delay = RETRY_DELAYS[min(delivery.attempts, len(RETRY_DELAYS)) - 1]
        delivery.status = Delivery.Status.PENDING
        delivery.next_attempt_at = now + delay
    delivery.sent_at = None
    delivery.error = error[:2000]


class CampaignSender:
    """One run over a campaign's pending deliveries (see the module)."""

    def __init__(
        self,
        campaign: Campaign,
        *,
        transport: SmtpTransport | DjangoTransport | None = None,
        limit: int | None = None,
        hook: Hook | None = None,
        reconnect_delay: float = RECONNECT_DELAY,
    ) -> None:
        self.campaign = campaign
        self.renderer = CampaignRenderer(campaign)
        self.transport = transport or make_transport()
        self.limit = limit
        self.hook = hook
        self.reconnect_delay = reconnect_delay
        self.report = SendReport()
        self._claimed = 0

    def _stage(self, stage: str, delivery: Delivery) -> None:
        if self.hook is not None:
            self.hook(stage, delivery)

    def run(self) -> SendReport:
        """Send every pending, due delivery; repeat passes while some are claimed."""
        try:
            while True:
                claimed_before = self._claimed
                self._one_pass()
                if self._claimed == claimed_before:
                    break
        except StopSending:
            self.report.stopped = "limit reached"
        except SmtpUnavailable as error:
            self.report.stopped = str(error)
            self.report.retry_at = timezone.now() + UNAVAILABLE_RETRY
            logger.warning("Campaign %s paused: %s", self.campaign.pk, error)
        finally:
            self.transport.close()
        return self.report

    def _one_pass(self) -> None:
        after = 0
        while batch := _next_batch(self.campaign.pk, after, timezone.now()):
            after = batch[-1].pk
            suppressed = _suppressed(batch)
            try:
                for delivery in batch:
                    self._deliver_with_reconnect(delivery, delivery.pk in suppressed)
            finally:
                self.transport.close()  # one connection per batch

    def _deliver_with_reconnect(self, delivery: Delivery, suppressed: bool) -> None:
        failures = 0
        while True:
            try:
                self._deliver(delivery, suppressed)
                return
            except ConnectionLost as error:
                failures += 1
                if failures > MAX_RECONNECTS:
                    raise SmtpUnavailable(
                        f"SMTP server unavailable after {MAX_RECONNECTS} tries: {error}"
                    ) from error
                delay = self.reconnect_delay * 2 ** (failures - 1)
                logger.warning(
                    "SMTP connection lost (%s); trying again in %.1f s", error, delay
                )
                time.sleep(delay)

    def _deliver(self, delivery: Delivery, suppressed: bool) -> None:
        """Claim, send and mark one delivery (``delivery`` as read with its batch)."""
        now = timezone.now()
        try:
            with transaction.atomic():
                claimed = _claim(delivery.pk, now)
                if claimed is None:
                    return  # done meanwhile, or another worker holds it
                if self.limit is not None and self.report.sent >= self.limit:
                    raise StopSending()
                self._claimed += 1
                # The current row: the subscriber may have left since the batch
                # was read (SET_NULL), and another run may have tried it.
                subscriber_id, delivery.attempts = claimed
                subscriber = delivery.subscriber if subscriber_id is not None else None
                delivery.subscriber_id = subscriber_id
                reason = self._skip_reason(subscriber, suppressed)
                if reason:
                    delivery.status = Delivery.Status.SKIPPED
                    delivery.error = reason
                    Delivery.objects.filter(pk=delivery.pk).update(
                        status=delivery.status, error=reason
                    )
                    self.report.skipped += 1
                    return
                if self.transport.takes_raw:
                    message = self.renderer.raw(subscriber, delivery.pk)
                else:
                    message = self.renderer.message(subscriber, delivery.pk)
                delivery.attempts += 1
                try:
                    self.transport.begin(message)
                except TemporaryFailure as error:
                    self._refused(delivery, str(error), now)
                    return
                except PermanentFailure as error:
                    self._refused(delivery, str(error), now, permanent=True)
                    return
                self._stage("data-sent", delivery)
                delivery.status = Delivery.Status.SENT
                delivery.sent_at = now
                delivery.next_attempt_at = None
                delivery.error = ""
                _mark_sent(delivery)
            # Committed: the delivery is SENT. Now the final dot.
            self._stage("committed", delivery)
            self._finish(delivery, now)
        except BaseException:
            if getattr(self.transport, "in_data", False):
                self.transport.abort()  # the server discards the unfinished message
            raise

    def _finish(self, delivery: Delivery, now: datetime) -> None:
        try:
            self.transport.finish()
        except TemporaryFailure as error:
            self._revert(delivery, str(error), now)
            return
        except PermanentFailure as error:
            self._revert(delivery, str(error), now, permanent=True)
            return
        except ConnectionLost as error:
            if getattr(error, "delivered_maybe", False):
                Delivery.objects.filter(pk=delivery.pk).update(
                    error=f"{error} (probably delivered; not sent again)"[:2000]
                )
                self.report.sent += 1
                return
            self._revert(delivery, str(error), now, count_attempt=False)
            raise
        self.report.sent += 1
        self._stage("delivered", delivery)

    def _skip_reason(self, subscriber: Subscriber | None, suppressed: bool) -> str:
        if subscriber is None:
            return "left the list"
        if not subscriber.is_confirmed:
            return "not confirmed"
        if suppressed:
            return "address suppressed"
        if self.renderer.has_nothing_for(subscriber):
            return "follows none of the countries that changed"
        return ""

    def _refused(
        self, delivery: Delivery, error: str, now: datetime, *, permanent: bool = False
    ) -> None:
        """Record a refusal before the commit (same transaction)."""
        if permanent:
            delivery.status = Delivery.Status.FAILED
            delivery.error = error[:2000]
            delivery.next_attempt_at = None
        else:
            _retry_later(delivery, error, now)
        delivery.save(
            update_fields=["status", "attempts", "next_attempt_at", "sent_at", "error"]
        )
        self._count(delivery)

    def _revert(
        self,
        delivery: Delivery,
        error: str,
        now: datetime,
        *,
        permanent: bool = False,
        count_attempt: bool = True,
    ) -> None:
        """Undo a SENT mark the server's final answer contradicts."""
        if not count_attempt:
            delivery.attempts -= 1
        with transaction.atomic():
            if permanent:
                delivery.status = Delivery.Status.FAILED
                delivery.error = error[:2000]
                delivery.sent_at = None
                delivery.next_attempt_at = None
            elif count_attempt:
                _retry_later(delivery, error, now)
            else:
                delivery.status = Delivery.Status.PENDING
                delivery.sent_at = None
                delivery.error = error[:2000]
            Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENT).update(
                status=delivery.status,
                attempts=delivery.attempts,
                sent_at=delivery.sent_at,
                next_attempt_at=delivery.next_attempt_at,
                error=delivery.error,
            )
        self._count(delivery)

    def _count(self, delivery: Delivery) -> None:
        if delivery.status == Delivery.Status.FAILED:
            self.report.failed += 1
            logger.warning("Delivery %s failed: %s", delivery.pk, delivery.error)
        elif delivery.status == Delivery.Status.PENDING:
            self.report.deferred += 1


def finish_if_done(campaign_id: int) -> tuple[bool, datetime | None]:
    """Mark the campaign SENT when nothing is pending; else when to look again."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign_id)
        if campaign.status == Campaign.Status.SENT:
            return True, None
        if campaign.status == Campaign.Status.QUEUED:
            return False, None
        pending = Delivery.objects.filter(
            campaign_id=campaign_id, status=Delivery.Status.PENDING
        )
        if pending.exists():
            retry_at = pending.aggregate(at=Min("next_attempt_at"))["at"]
            return False, retry_at
        campaign.status = Campaign.Status.SENT
        campaign.finished_at = timezone.now()
        campaign.save(update_fields=["status", "finished_at"])
        return True, None


def run_campaign(
    campaign_id: int,
    *,
    backend: str | None = None,
    limit: int | None = None,
    hook: Hook | None = None,
    reconnect_delay: float = RECONNECT_DELAY,
) -> SendReport:
    """Materialise, send what is pending and due, and finish the campaign if done.

    ``backend`` overrides ``EMAIL_BACKEND`` (the demo uses the dummy one);
    ``limit`` stops after that many messages and ``hook(stage, delivery)``
    is called at "data-sent", "committed" and "delivered" (tests use both
    to simulate a crash).
    """
    if not Campaign.objects.filter(pk=campaign_id).exists():
        return SendReport(finished=True, stopped="no such campaign (deleted?)")
    created = materialise(campaign_id)
    campaign = Campaign.objects.select_related("page").get(pk=campaign_id)
    sender = CampaignSender(
        campaign,
        transport=make_transport(backend),
        limit=limit,
        hook=hook,
        reconnect_delay=reconnect_delay,
    )
    report = sender.run()
    report.created = created
    finished, retry_at = finish_if_done(campaign_id)
    report.finished = finished
    if not finished and report.retry_at is None:
        report.retry_at = retry_at
    return report
