"""Account emails go through the task queue: a mail server that refuses or
hangs never fails nor holds a sign-up or a password reset, and the email goes
out once the server is back, once."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from accounts.models import QueuedEmail
from tests.factories import VerifiedUserFactory
from tests.silent_server import SilentServer
from tests.smtp import running_smtp_server, smtp_server_down, smtp_settings

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

SIGNUP = "/en/accounts/signup/"
RESET = "/en/accounts/password/reset/"
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def sign_up(client, email="new@example.org"):
    return client.post(
        SIGNUP, {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )


def retry_and_work() -> None:
    """What cron and the worker do once the server is back."""
    call_command("send_account_emails", retry_after=0, stdout=io.StringIO())


def run_worker() -> None:
    call_command(
        "db_worker", batch=True, no_startup_delay=True, interval=0, stdout=io.StringIO()
    )


def test_signup_with_smtp_refused_answers_and_sends_once_smtp_is_back(
    client, home_page
):
    with smtp_server_down():
        response = sign_up(client)
    assert response.status_code == 302
    (queued,) = QueuedEmail.objects.all()
    assert queued.attempts == 1 and "connection" in queued.last_error
    assert queued.recipients == "new@example.org"

    with running_smtp_server() as smtp:
        retry_and_work()
        retry_and_work()  # nothing left: not sent twice
    (received,) = smtp.messages
    assert received.rcpt_tos == ["new@example.org"]
    assert "confirm-email" in received.message.get_body(("plain",)).get_content()
    assert not QueuedEmail.objects.exists()


def test_password_reset_with_smtp_refused_answers(client, home_page):
    VerifiedUserFactory(email="reader@example.org")
    with smtp_server_down():
        response = client.post(RESET, {"email": "reader@example.org"})
    assert response.status_code == 302
    assert QueuedEmail.objects.get().subject.endswith("Password Reset Email")


@override_settings(TASKS=DATABASE_QUEUE, EMAIL_TIMEOUT=5)
@pytest.mark.django_db(transaction=True)
def test_signup_with_smtp_hanging_does_not_wait_for_it(client, committed_demo):
    """Production's queue: the request only stores the email; the worker
    talks to the server, and sends it once the server answers again.

    The worker runs as it does in production, on committed rows (it closes
    its connection between tasks, which would end a test's transaction)."""
    server = SilentServer()
    try:
        with smtp_settings(server.port):
            response = sign_up(client)
            assert response.status_code == 302
            # The request never even connected to the hung server.
            assert server.connections == []
            run_worker()  # the worker waits for it instead, and gives up
        assert len(server.connections) == 1
    finally:
        server.close()
    assert QueuedEmail.objects.get().attempts == 1
    with running_smtp_server() as smtp:
        call_command("send_account_emails", retry_after=0, stdout=io.StringIO())
        run_worker()
    assert [m.rcpt_tos for m in smtp.messages] == [["new@example.org"]]
    assert not QueuedEmail.objects.exists()


def test_a_permanent_refusal_stops_the_retries_and_blanks_the_message(
    client, home_page
):
    with running_smtp_server() as smtp:
        smtp.rcpt_reply = "550 5.1.1 No such user"
        sign_up(client, "nobody@example.org")
        retry_and_work()
    queued = QueuedEmail.objects.get()
    assert queued.given_up_at is not None
    assert queued.attempts == 1
    assert queued.message == {}  # the secret link is not kept
    assert "permanent" in queued.last_error


HOSTS = ["testserver", "other.example.org"]


@override_settings(ALLOWED_HOSTS=HOSTS)
@pytest.mark.parametrize("host", HOSTS)
def test_the_requests_host_changes_no_link_in_account_emails(
    client, home_page, mailoutbox, host
):
    """Verification, password reset and the "no account" answer: every link
    is on SITE_URL, whichever allowed Host the request named."""
    VerifiedUserFactory(email="reader@example.org")
    client.post(
        SIGNUP,
        {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD},
        HTTP_HOST=host,
    )
    client.post(RESET, {"email": "reader@example.org"}, HTTP_HOST=host)
    client.post(RESET, {"email": "stranger@example.org"}, HTTP_HOST=host)
    assert len(mailoutbox) == 3
    for message in mailoutbox:
        bodies = [message.body] + [c for c, _t in getattr(message, "alternatives", [])]
        for body in bodies:
            assert host not in body
            assert "http://127.0.0.1:8000/en/accounts/" in body


def test_deleting_the_account_drops_its_waiting_emails(client, home_page):
    from accounts import services

    user = VerifiedUserFactory(email="leaving@example.org")
    with smtp_server_down():
        client.post(RESET, {"email": "leaving@example.org"})
        client.post(RESET, {"email": "reader@example.org"})
        sign_up(client, "staying@example.org")
    assert QueuedEmail.objects.count() == 3
    services.delete_account(user)
    assert sorted(QueuedEmail.objects.values_list("recipients", flat=True)) == [
        "reader@example.org",
        "staying@example.org",
    ]
