"""Signed tokens for the links in mailing-list emails.

A token is ``django.core.signing`` output (URL-safe base64 and ``:``), signed
with ``SECRET_KEY`` and a salt of its own per purpose, so a link made for one
purpose is refused for another. It carries the subscriber's id, their
``token_version`` and a short keyed digest of their address: a link stops
working for a row that now holds someone else, and every link of a person
stops working when ``token_version`` is bumped. The address itself is never
in a link (links end up in logs and browser histories).

Lifetimes:

- ``confirm``: 7 days (``CONFIRM_MAX_AGE``); timestamped.
- ``unsubscribe``: never expires and is not timestamped, so the link in every
  email ever sent still lets its reader leave. It ignores ``token_version``
  for the same reason; the address digest still ties it to that address.
- ``manage``: 90 days (``MANAGE_MAX_AGE``); timestamped. The manage page shows
  and changes someone's choices, and newsletters get forwarded: an old
  forwarded email should not keep that door open for ever. Every newsletter
  carries a fresh manage link, and asking to subscribe again with a
  confirmed address emails a new one and revokes the earlier ones
  (``token_version`` is bumped). Leaving deletes the subscriber, so its
  links name nobody, even after the person subscribes again (a new row).
"""

from dataclasses import dataclass
from typing import Literal

from django.core import signing

from .models import Subscriber, email_digest

Purpose = Literal["confirm", "unsubscribe", "manage"]

CONFIRM_MAX_AGE = 7 * 24 * 3600
MANAGE_MAX_AGE = 90 * 24 * 3600
MAX_AGES: dict[str, int | None] = {
    "confirm": CONFIRM_MAX_AGE,
    "unsubscribe": None,
    "manage": MANAGE_MAX_AGE,
}
# Longer than any token this module makes; anything longer is not worth checking.
MAX_TOKEN_LENGTH = 200
DIGEST_LENGTH = 12  # hex characters of the address digest carried in a token


class BadToken(Exception):
    """Not a token of this site for this purpose (altered, truncated, other salt)."""


class TokenExpired(BadToken):
    """A genuine token, older than its purpose allows."""


@dataclass(frozen=True)
class TokenData:
    """What a verified token says: whose it is and for which address."""

    subscriber_id: int
    token_version: int
    digest: str

    def matches(self, subscriber: Subscriber, *, check_version: bool = True) -> bool:
        """Whether ``subscriber`` (its address and link version) is the one named."""
        if check_version and subscriber.token_version != self.token_version:
            return False
        return short_digest(subscriber.email) == self.digest


def short_digest(email: str) -> str:
    """The first characters of the keyed address digest: binds a token to an address."""
    return email_digest(email)[:DIGEST_LENGTH]


def _salt(purpose: Purpose) -> str:
    if purpose not in MAX_AGES:
        raise ValueError(f"Unknown token purpose {purpose!r}")
    return f"mailinglist.{purpose}"


def make_token(subscriber: Subscriber, purpose: Purpose) -> str:
    """A signed token naming ``subscriber`` for ``purpose``."""
    payload = [subscriber.pk, subscriber.token_version, short_digest(subscriber.email)]
    salt = _salt(purpose)
    if MAX_AGES[purpose] is None:
        return signing.Signer(salt=salt).sign_object(payload, compress=False)
    return signing.dumps(payload, salt=salt, compress=False)


def read_token(token: str, purpose: Purpose, *, check_age: bool = True) -> TokenData:
    """Verify ``token`` for ``purpose`` and return what it says (whatever its
    age when not ``check_age``: to tell what became of a subscription).

    :raises TokenExpired: genuine but older than allowed.
    :raises BadToken: anything else that is not a genuine token for ``purpose``.
    """
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_LENGTH:
        raise BadToken("not a token")
    salt = _salt(purpose)
    try:
        if MAX_AGES[purpose] is None:
            payload = signing.Signer(salt=salt).unsign_object(token)
        else:
            max_age = MAX_AGES[purpose] if check_age else None
            payload = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise TokenExpired(str(error)) from None
    except (signing.BadSignature, ValueError, TypeError, UnicodeError) as error:
        raise BadToken(str(error)) from None
    if (
        not isinstance(payload, list)
        or len(payload) != 3
        or not all(isinstance(part, int) for part in payload[:2])
        or not isinstance(payload[2], str)
    ):
        raise BadToken("unexpected payload")
    return TokenData(
        subscriber_id=payload[0], token_version=payload[1], digest=payload[2]
    )
