"""Email backends for tests of how sending reacts to a backend's failures."""

from django.core.mail.backends.base import BaseEmailBackend

sent: list = []


class SentThenTimedOut(BaseEmailBackend):
    """Takes each message, then times out before saying so (a lost answer)."""

    def send_messages(self, email_messages):
        sent.extend(email_messages)
        raise TimeoutError("timed out waiting for the answer")
