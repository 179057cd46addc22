"""What an SMTP server's refusal means: the one classifier of every email retried.

Booking emails (``workshops.tasks``) and newsletters (``mailinglist.sending``)
are retried later or given up by these rules (the questions form and the
subscription emails are sent once and only logged when they fail):

- ``421`` at any step: the server is closing the connection. Reconnect and
  try again later.
- ``5xx`` for a recipient (``RCPT TO``) or for the message (``DATA`` or its
  end): permanent. The address does not exist or the message is refused;
  trying again cannot help.
- ``5xx`` for our sender (``MAIL FROM``) or our login (``AUTH``): temporary.
  The site's mail configuration is at fault, not the person; once it is
  fixed, the retries go through.
- Anything else (``4xx``, a dropped connection, a timeout): temporary.
"""

import smtplib
from enum import StrEnum


class Outcome(StrEnum):
    TEMPORARY = "temporary"  # try this message again later
    PERMANENT = "permanent"  # never try this message again
    CONNECTION = "connection"  # the connection is gone: reconnect, then retry


class Stage(StrEnum):
    AUTH = "AUTH"
    MAIL_FROM = "MAIL FROM"
    RCPT_TO = "RCPT TO"
    DATA = "DATA"
    END_OF_DATA = "end of DATA"


# A 5xx here is about the person or the message, not about our configuration.
PERMANENT_STAGES = {Stage.RCPT_TO, Stage.DATA, Stage.END_OF_DATA}


def refusal(code: int, stage: Stage) -> Outcome:
    """What the reply ``code`` at ``stage`` means (see the module)."""
    if code == 421:
        return Outcome.CONNECTION
    if 500 <= code < 600 and stage in PERMANENT_STAGES:
        return Outcome.PERMANENT
    return Outcome.TEMPORARY


def classify_error(error: BaseException) -> Outcome:
    """What an exception from Django's SMTP backend (smtplib) means, as ``refusal``."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        outcomes = {
            refusal(code, Stage.RCPT_TO) for code, _reply in error.recipients.values()
        }
        if outcomes == {Outcome.PERMANENT}:  # every recipient refused for good
            return Outcome.PERMANENT
        if Outcome.CONNECTION in outcomes:
            return Outcome.CONNECTION
        return Outcome.TEMPORARY
    if isinstance(error, smtplib.SMTPSenderRefused):
        return refusal(error.smtp_code, Stage.MAIL_FROM)
    if isinstance(error, smtplib.SMTPDataError):
        return refusal(error.smtp_code, Stage.DATA)
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return refusal(error.smtp_code, Stage.AUTH)
    if isinstance(error, smtplib.SMTPResponseException):  # HELO, STARTTLS...
        return Outcome.CONNECTION if error.smtp_code == 421 else Outcome.TEMPORARY
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return Outcome.CONNECTION
    if isinstance(error, smtplib.SMTPException):  # smtplib's errors are OSErrors
        return Outcome.TEMPORARY
    if isinstance(error, OSError):  # refused, reset, timed out
        return Outcome.CONNECTION
    return Outcome.TEMPORARY
