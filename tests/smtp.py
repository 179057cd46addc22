"""A real SMTP server for tests: aiosmtpd on 127.0.0.1, on a free port.

``running_smtp_server()`` starts it, points Django's SMTP backend at it and
yields the handler, whose ``messages`` list every message received (envelope
and parsed email). Set ``rcpt_reply``/``data_reply`` on the handler to make
the server refuse recipients or messages (e.g. ``"451 4.3.0 Try later"`` or
``"550 5.1.1 No such user"``), ``mail_reply`` to refuse the sender,
``drop_after_data`` to take a message and close the connection before
answering, and ``delay`` to hold each message for a while (concurrency
tests). ``smtp_server_down()`` points Django at a port
where nothing listens.

Usage::

    with running_smtp_server() as smtp:
        ...  # send email
    assert len(smtp.messages) == 1
"""

import asyncio
import email
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from django.test import override_settings


@dataclass(frozen=True)
class ReceivedMessage:
    """One message as the server received it."""

    mail_from: str
    rcpt_tos: list[str]
    content: bytes

    @property
    def message(self) -> EmailMessage:
        return email.message_from_bytes(self.content, policy=policy.default)


class CollectingHandler:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[ReceivedMessage] = []
        self.mail_reply: str | None = None
        self.rcpt_reply: str | None = None
        self.drop_after_data = False
        self.data_reply: str | None = None
        self.delay: float = 0.0
        self.port: int = 0
        self._lock = threading.Lock()

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.mail_reply:
            return self.mail_reply
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_reply:
            return self.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.data_reply:
            return self.data_reply
        with self._lock:
            self.messages.append(
                ReceivedMessage(
                    mail_from=envelope.mail_from,
                    rcpt_tos=list(envelope.rcpt_tos),
                    content=bytes(envelope.original_content or envelope.content),
                )
            )
        if self.drop_after_data:
            # The message is in, but its "250" never reaches the sender.
            server.transport.close()
        return "250 Message accepted for delivery"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (at the time of asking)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def smtp_settings(port: int) -> override_settings:
    """Django's SMTP backend aimed at 127.0.0.1:``port``, plain, no login."""
    return override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        EMAIL_TIMEOUT=10,
    )


@contextmanager
def running_smtp_server() -> Iterator[CollectingHandler]:
    """Run an SMTP server on 127.0.0.1 and send Django's email to it."""
    handler = CollectingHandler()
    for attempt in range(5):
        port = free_port()
        controller = Controller(
            handler, hostname="127.0.0.1", port=port, server_hostname="localhost"
        )
        try:
            controller.start()
        except (OSError, RuntimeError):
            if attempt == 4:
                raise
            continue  # someone took the port between asking and binding
        break
    handler.port = port
    try:
        with smtp_settings(port):
            yield handler
    finally:
        controller.stop()


@contextmanager
def smtp_server_down() -> Iterator[int]:
    """Send Django's email to a port where nothing listens (connection refused)."""
    port = free_port()
    with smtp_settings(port):
        yield port
