"""The mailing list's rules: the only code that changes subscribers and campaigns.

Views, the Wagtail admin, tasks and commands call these functions. None of
them tells a caller whether an address was already on the list: the visible
result of ``subscribe`` is the same for every address.

Audience rules (``audience_for``), each filter empty meaning "everyone":

- languages: the subscriber's email language is one of them;
- interests: the subscriber ticked at least one of them;
- countries: at least one of them is among the subscriber's countries of
  interest or is the country they live in (a campaign about workshops in
  Spain names ES; one about Bolivia names BO). A subscriber who chose no
  country receives only campaigns that name no country.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Count, Lookup, Q, QuerySet
from django.db.models.expressions import F
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from home.choices import EUROPEAN_COUNTRIES, PROGRAMME_COUNTRIES

from . import tokens
from .models import Campaign, Delivery, Interest, Subscriber, Suppression, email_digest

CONSENT_VERSION = "2026-11"
CONFIRM_MAX_AGE = tokens.CONFIRM_MAX_AGE  # seconds a confirmation link stays valid
MANAGE_MAX_AGE = tokens.MANAGE_MAX_AGE  # seconds a "manage" link stays valid
# Requests never confirmed are forgotten after this (purge_unconfirmed).
UNCONFIRMED_RETENTION = timedelta(days=30)


class MailingListError(Exception):
    """A refusal with a message for the person using the link or form."""

    message = _("This link cannot be used.")

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class InvalidToken(MailingListError):
    """The link was altered, is for something else, or its subscriber is gone."""

    message = _(
        "This link is not valid. Please copy the whole link from the email, "
        "or use the link in a more recent email."
    )


class ExpiredToken(MailingListError):
    """The confirmation link is older than seven days."""

    message = _("This link has expired. Please ask for a new one.")


class AlreadyReceived(MailingListError):
    """Part of the audience has this page already: sending needs ``send_again``."""

    message = _(
        "Some of these subscribers have already received this page: tick the "
        "box to send it to them again, or change the audience."
    )

    def __init__(self, count: int):
        self.count = count
        super().__init__()


# -- reading ---------------------------------------------------------------


def normalize_email(email: str) -> str:
    """``email`` trimmed, with its domain in lower case (the local part is kept)."""
    email = (email or "").strip()
    local, at, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}" if at else email


def _by_address(email: str) -> QuerySet[Subscriber]:
    """Subscribers with ``email``, any case (uses the unique index on LOWER(email))."""
    return Subscriber.objects.alias(email_lower=Lower("email")).filter(
        email_lower=normalize_email(email).lower()
    )


def confirm_url(subscriber: Subscriber) -> str:
    """Path of the subscriber's confirmation link, under their language prefix."""
    return _link("confirm", subscriber)


def unsubscribe_url(subscriber: Subscriber) -> str:
    """Path of the subscriber's one-click unsubscribe link (never expires)."""
    return _link("unsubscribe", subscriber)


def manage_url(subscriber: Subscriber) -> str:
    """Path of the subscriber's "manage my subscription" link (90 days)."""
    return _link("manage", subscriber)


def _link(purpose: tokens.Purpose, subscriber: Subscriber) -> str:
    with translation.override(subscriber.language or settings.LANGUAGE_CODE):
        return reverse(
            f"mailinglist:{purpose}",
            kwargs={"token": tokens.make_token(subscriber, purpose)},
        )


# -- subscribing -----------------------------------------------------------


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def clean_preferences(
    *,
    language: str,
    interests: Iterable[str],
    residence_country: str = "",
    countries: Iterable[str] = (),
) -> dict:
    """The preferences as stored, checked against the site's choices.

    :raises ValueError: a value that no form offers (a programming error:
        forms validate what people type).
    """
    languages = {code for code, _name in settings.LANGUAGES}
    if language not in languages:
        raise ValueError(f"Unknown language {language!r}")
    interests = _unique(interests)
    unknown = set(interests) - set(Interest.values)
    if unknown:
        raise ValueError(f"Unknown interests {sorted(unknown)!r}")
    residence_country = residence_country or ""
    if residence_country and residence_country not in dict(EUROPEAN_COUNTRIES):
        raise ValueError(f"Unknown country of residence {residence_country!r}")
    countries = _unique(countries)
    unknown = set(countries) - set(dict(PROGRAMME_COUNTRIES))
    if unknown:
        raise ValueError(f"Unknown countries {sorted(unknown)!r}")
    return {
        "language": language,
        "interests": interests,
        "residence_country": residence_country,
        "countries": countries,
    }


def subscribe(
    email: str,
    *,
    language: str,
    interests: Iterable[str],
    residence_country: str = "",
    countries: Iterable[str] = (),
    consent_text: str,
    consent_version: str = CONSENT_VERSION,
) -> None:
    """Record a request to subscribe and email a confirmation link (double opt-in).

    Idempotent and silent about state: a new or pending address gets a (new)
    confirmation link; an already confirmed one gets a message with a new
    "manage" link instead, which revokes the earlier ones; nothing about this
    reaches the caller. A
    suppressed address may subscribe again: it is lifted on confirmation.
    A confirmed subscription is not changed by this request (anyone may type
    anyone's address): its owner changes it through the "manage" link.

    :raises ValueError: an invalid address or a value no form offers.
    """
    email = normalize_email(email)
    try:
        validate_email(email)
    except ValidationError:
        raise ValueError(f"Not an email address: {email!r}") from None
    preferences = clean_preferences(
        language=language,
        interests=interests,
        residence_country=residence_country,
        countries=countries,
    )
    consent = {
        "consent_text": str(consent_text),
        "consent_version": consent_version,
        "consented_at": timezone.now(),
    }
    with transaction.atomic():
        subscriber = _by_address(email).select_for_update().first()
        if subscriber is None:
            try:
                with transaction.atomic():
                    subscriber = Subscriber.objects.create(
                        email=email, **preferences, **consent
                    )
            except IntegrityError:
                # The same address, a moment ago, in another request.
                subscriber = _by_address(email).select_for_update().get()
        if subscriber.is_confirmed:
            # The email carries a new manage link; the links sent before
            # stop working (a forwarded newsletter's, say). Unsubscribe
            # links ignore the version: every email sent still lets its
            # reader leave.
            kind = "already_subscribed"
            _revoke_links(subscriber)
        else:
            kind = "confirm"
            for field, value in {**preferences, **consent}.items():
                setattr(subscriber, field, value)
            subscriber.save()
        transaction.on_commit(partial(_send_subscription_email, subscriber.pk, kind))


def send_manage_link(email: str) -> None:
    """Email ``email`` its link, if it is on the list ("send me my link").

    Silent about state, as ``subscribe`` is: a confirmed subscriber gets a
    new manage link (the earlier ones stop working, as when subscribing
    again); a pending request gets its confirmation link again; an address
    not on the list (never subscribed, or left) gets nothing.

    :raises ValueError: not an email address.
    """
    email = normalize_email(email)
    try:
        validate_email(email)
    except ValidationError:
        raise ValueError(f"Not an email address: {email!r}") from None
    with transaction.atomic():
        subscriber = _by_address(email).select_for_update().first()
        if subscriber is None:
            return
        if subscriber.is_confirmed:
            kind = "manage_link"
            _revoke_links(subscriber)
        else:
            kind = "confirm"
        transaction.on_commit(partial(_send_subscription_email, subscriber.pk, kind))


def _revoke_links(subscriber: Subscriber) -> None:
    """Stop the subscriber's confirm and manage links sent so far from working
    (unsubscribe links ignore the version: every email sent still lets its
    reader leave)."""
    Subscriber.objects.filter(pk=subscriber.pk).update(
        token_version=F("token_version") + 1
    )


def _send_subscription_email(subscriber_id: int, kind: str) -> None:
    from .tasks import send_subscription_email

    send_subscription_email.enqueue(subscriber_id, kind)


def confirm(token: str) -> Subscriber:
    """Confirm the subscription named by a signed, 7-day token, and queue the
    welcome email (with the manage and unsubscribe links).

    Confirming twice is harmless: only the request that changes the state
    (under the subscriber's row lock) queues the welcome email, so two
    clicks, even at the same moment, send it once. Confirming lifts the
    suppression of the address (the person asked again and proved they own
    it).

    :raises InvalidToken: altered, wrong purpose, or no such subscriber.
    :raises ExpiredToken: older than CONFIRM_MAX_AGE.
    """
    data = _read(token, "confirm")
    with transaction.atomic():
        subscriber = (
            Subscriber.objects.select_for_update().filter(pk=data.subscriber_id).first()
        )
        if subscriber is None or not data.matches(subscriber):
            raise InvalidToken()
        if subscriber.is_confirmed:
            return subscriber
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["status", "confirmed_at", "updated_at"])
        Suppression.objects.filter(email_hash=email_digest(subscriber.email)).delete()
        transaction.on_commit(
            partial(_send_subscription_email, subscriber.pk, "welcome")
        )
    return subscriber


def unsubscribe(token: str) -> None:
    """Leave the list at once: delete the subscriber, keep a suppression hash.

    Idempotent: a second call (or a token of a subscriber already gone) does
    nothing and raises nothing, unless the token itself was altered. The
    link works from any email ever sent to that subscription (it does not
    expire and ignores ``token_version``); it is tied to the address, so a
    row id reused by someone else is left alone.

    :raises InvalidToken: altered or wrong purpose.
    """
    data = _read(token, "unsubscribe")
    with transaction.atomic():
        subscriber = (
            Subscriber.objects.select_for_update().filter(pk=data.subscriber_id).first()
        )
        if subscriber is None or not data.matches(subscriber, check_version=False):
            return
        suppress(subscriber.email, reason=Suppression.Reason.UNSUBSCRIBED)
        # Its deliveries keep their status with no subscriber (SET_NULL).
        subscriber.delete()


def has_left(token: str, purpose: tokens.Purpose) -> bool:
    """Whether a genuine ``unsubscribe`` or ``manage`` token names a
    subscription that has ended: its subscriber is gone and its address is
    suppressed (it left, or was forgotten with an account). Leaving does not
    expire, so neither does this answer. The address itself is not known any
    more: only its digest, carried by the token, is compared.

    Never raises: a token that is not genuine names nobody who left.
    """
    try:
        data = tokens.read_token(token, purpose, check_age=False)
    except tokens.BadToken:
        return False
    subscriber = Subscriber.objects.filter(pk=data.subscriber_id).first()
    if subscriber is not None and data.matches(subscriber, check_version=False):
        return False
    # The token's digest is the start of the suppression's (same keyed hash).
    return Suppression.objects.filter(email_hash__startswith=data.digest).exists()


def suppress(email: str, *, reason: str = Suppression.Reason.UNSUBSCRIBED) -> None:
    """Keep ``email`` (as a keyed hash) from every later campaign."""
    Suppression.objects.get_or_create(
        email_hash=email_digest(email), defaults={"reason": reason}
    )


def subscriber_from_manage_token(token: str) -> Subscriber:
    """The confirmed subscriber a signed "manage my subscription" link names.

    :raises InvalidToken:
    :raises ExpiredToken: older than MANAGE_MAX_AGE (asking to subscribe
        again with a confirmed address emails a new link).
    """
    data = _read(token, "manage")
    subscriber = Subscriber.objects.filter(
        pk=data.subscriber_id, status=Subscriber.Status.CONFIRMED
    ).first()
    if subscriber is None or not data.matches(subscriber):
        raise InvalidToken()
    return subscriber


def _read(token: str, purpose: tokens.Purpose) -> tokens.TokenData:
    try:
        return tokens.read_token(token, purpose)
    except tokens.TokenExpired:
        raise ExpiredToken() from None
    except tokens.BadToken:
        raise InvalidToken() from None


def update_preferences(
    subscriber: Subscriber,
    *,
    language: str,
    interests: Iterable[str],
    residence_country: str = "",
    countries: Iterable[str] = (),
) -> Subscriber:
    """Change a subscriber's language and interests.

    :raises ValueError: a value that no form offers.
    """
    preferences = clean_preferences(
        language=language,
        interests=interests,
        residence_country=residence_country,
        countries=countries,
    )
    for field, value in preferences.items():
        setattr(subscriber, field, value)
    subscriber.save(update_fields=[*preferences, "updated_at"])
    return subscriber


def purge_unconfirmed(older_than: timedelta = UNCONFIRMED_RETENTION) -> int:
    """Forget subscription requests never confirmed; returns how many were deleted."""
    cutoff = timezone.now() - older_than
    deleted, _details = Subscriber.objects.filter(
        status=Subscriber.Status.PENDING, consented_at__lt=cutoff
    ).delete()
    return deleted


# -- a person's data (their account's export and deletion) -----------------


def subscriptions_of(addresses: Iterable[str]) -> QuerySet[Subscriber]:
    """The subscriptions of ``addresses``, any case."""
    lowered = {normalize_email(a).lower() for a in addresses if a}
    return Subscriber.objects.alias(email_lower=Lower("email")).filter(
        email_lower__in=lowered
    )


def export_subscriptions(addresses: Iterable[str]) -> list[dict]:
    """What the list holds about ``addresses``, JSON-ready."""
    fields = [
        "email",
        "status",
        "language",
        "interests",
        "residence_country",
        "countries",
        "consent_text",
        "consent_version",
        "consented_at",
        "confirmed_at",
        "created_at",
    ]
    return [
        {
            name: value.isoformat() if isinstance(value, datetime) else value
            for name, value in row.items()
        }
        for row in subscriptions_of(addresses).order_by("email").values(*fields)
    ]


def forget_subscriptions(addresses: Iterable[str]) -> int:
    """End the subscriptions of ``addresses`` as leaving does: the data
    deleted, a suppression hash kept so that no later campaign reaches them.
    Returns how many subscriptions were deleted."""
    with transaction.atomic():
        subscribers = list(subscriptions_of(addresses).select_for_update())
        for subscriber in subscribers:
            suppress(subscriber.email, reason=Suppression.Reason.UNSUBSCRIBED)
            subscriber.delete()
    return len(subscribers)


# -- campaigns -------------------------------------------------------------


class JSONListHasAny(Lookup):
    """True when a JSON list column holds at least one of the given strings.

    PostgreSQL uses the jsonb ``?|`` operator; SQLite looks through
    ``json_each``. (Django's ``contains`` lookup on JSON is not available on
    SQLite.)
    """

    lookup_name = "has_any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = [str(value) for value in self.rhs]
        placeholders = ", ".join(["%s"] * len(values))
        # Only the compiled column and "%s" placeholders are interpolated.
        sql = (
            f"EXISTS (SELECT 1 FROM json_each({lhs}) AS item "  # noqa: S608
            f"WHERE item.value IN ({placeholders}))"
        )
        return sql, (*lhs_params, *values)

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} ?| %s", (*lhs_params, [str(value) for value in self.rhs])


def audience_for(
    languages: Iterable[str] = (),
    interests: Iterable[str] = (),
    countries: Iterable[str] = (),
) -> QuerySet[Subscriber]:
    """Confirmed, not suppressed subscribers matching these filters (see the module)."""
    languages, interests, countries = (
        list(languages),
        list(interests),
        list(countries),
    )
    queryset = Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED)
    if languages:
        queryset = queryset.filter(language__in=languages)
    if interests:
        queryset = queryset.filter(JSONListHasAny(F("interests"), interests))
    if countries:
        queryset = queryset.filter(
            Q(JSONListHasAny(F("countries"), countries))
            | Q(residence_country__in=countries)
        )
    suppressed = _suppressed_ids(queryset)
    if suppressed:
        queryset = queryset.exclude(pk__in=suppressed)
    return queryset.order_by("pk")


def _suppressed_ids(queryset: QuerySet[Subscriber]) -> list[int]:
    """Ids in ``queryset`` whose address is suppressed.

    The suppression list holds keyed hashes the database cannot compute, so
    addresses are hashed here (about 2 µs each). Confirming lifts a
    suppression and leaving deletes the row, so this finds nobody unless a
    suppression was added for an address still subscribed.
    """
    hashes = set(Suppression.objects.values_list("email_hash", flat=True))
    if not hashes:
        return []
    return [
        pk
        for pk, email in queryset.values_list("pk", "email").iterator(chunk_size=2000)
        if email_digest(email) in hashes
    ]


def followers_of(countries: Iterable[str]) -> QuerySet[Subscriber]:
    """Confirmed, not suppressed subscribers who follow at least one of
    ``countries`` (chose it among their countries of interest; where they live
    does not count): the audience of country alerts. Nobody for no country."""
    countries = list(countries)
    if not countries:
        return Subscriber.objects.none()
    queryset = Subscriber.objects.filter(
        JSONListHasAny(F("countries"), countries), status=Subscriber.Status.CONFIRMED
    )
    suppressed = _suppressed_ids(queryset)
    if suppressed:
        queryset = queryset.exclude(pk__in=suppressed)
    return queryset.order_by("pk")


def audience(campaign: Campaign) -> QuerySet[Subscriber]:
    """Confirmed, not suppressed subscribers matching the campaign's filters
    (for country alerts, the followers of its countries)."""
    if campaign.is_country_digest:
        return followers_of(campaign.countries)
    return audience_for(campaign.languages, campaign.interests, campaign.countries)


PROGRESS_FIGURES = {
    "sent": Delivery.Status.SENT,
    "failed": Delivery.Status.FAILED,
    "skipped": Delivery.Status.SKIPPED,
    "pending": Delivery.Status.PENDING,
}


def with_progress(campaigns: QuerySet[Campaign]) -> QuerySet[Campaign]:
    """``campaigns`` with ``sent_count``, ``failed_count``, ``skipped_count``,
    ``pending_count`` and ``total_count`` of their deliveries (same query)."""
    return campaigns.annotate(
        total_count=Count("deliveries"),
        **{
            f"{name}_count": Count("deliveries", filter=Q(deliveries__status=status))
            for name, status in PROGRESS_FIGURES.items()
        },
    )


def progress(campaign: Campaign) -> dict[str, int]:
    """Sent, failed, skipped, pending and total deliveries of one campaign (one query)."""
    row = with_progress(Campaign.objects.filter(pk=campaign.pk)).values(
        "total_count", *(f"{name}_count" for name in PROGRESS_FIGURES)
    )[0]
    return {name.removesuffix("_count"): count for name, count in row.items()}


# What makes two campaigns the same send.
SAME_SEND = ("page_id", "subject", "languages", "interests", "countries")


def already_received(campaign: Campaign) -> int:
    """How many of ``campaign``'s audience an earlier campaign of the same page
    (in any language: its translations are the same content) has reached or
    is reaching: they would get it twice. One query."""
    same_content = Delivery.objects.filter(
        campaign__page__translation_key=campaign.page.translation_key,
        campaign__kind=Campaign.Kind.PAGE,
        status__in=(Delivery.Status.SENT, Delivery.Status.PENDING),
    )
    if campaign.pk:
        same_content = same_content.exclude(campaign=campaign)
    return (
        audience(campaign).filter(pk__in=same_content.values("subscriber_id")).count()
    )


def send_campaign_once(
    candidate: Campaign, *, shown_at: datetime, send_again: bool = False
) -> tuple[Campaign, bool]:
    """Save and queue ``candidate`` (unsaved, with its ``created_by``), unless
    its editor already sent the same campaign since the confirmation screen
    was shown at ``shown_at``: a double click, a reload or the back button
    then finds that campaign instead of sending a second one.

    A campaign whose audience includes people an earlier campaign of the
    same page reached (``already_received``) is sent only with
    ``send_again``; otherwise ``AlreadyReceived`` says how many.

    Returns the campaign and whether it was created now. One editor's sends
    are serialised by a row lock on the editor (PostgreSQL; SQLite writes one
    at a time anyway), so two clicks cannot both pass the check.
    """
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(
            pk=candidate.created_by_id
        ).first()
        for campaign in Campaign.objects.filter(
            created_by_id=candidate.created_by_id,
            page_id=candidate.page_id,
            created_at__gte=shown_at,
        ):
            if all(getattr(campaign, f) == getattr(candidate, f) for f in SAME_SEND):
                return campaign, False
        if not send_again:
            count = already_received(candidate)
            if count:
                raise AlreadyReceived(count)
        candidate.save()
        start_campaign(candidate)
    return candidate, True


def start_campaign(campaign: Campaign) -> Campaign:
    """Queue the sending task for ``campaign`` (after the transaction commits).

    Safe to call twice: the task gives each subscriber one delivery and
    sends it once. A campaign already sent is left alone.
    """
    if campaign.status != Campaign.Status.SENT:
        transaction.on_commit(partial(_enqueue_campaign, campaign.pk))
    return campaign


def _enqueue_campaign(campaign_id: int) -> None:
    from .tasks import send_campaign

    send_campaign.enqueue(campaign_id)


def send_test_email(campaign: Campaign, email: str, *, language: str = "") -> None:
    """Send the campaign's email to ``email`` only, subject marked [TEST].

    Nothing is recorded; the personal links in it lead nowhere (they name no
    subscriber).
    """
    from .emails import sample_message

    sample_message(campaign, email, language=language).send()


def with_edition_number(campaigns: QuerySet[Campaign]) -> QuerySet[Campaign]:
    """``campaigns`` with ``edition_number``: the number of the edition page
    each sends (None for other pages), read in the same query."""
    from django.db.models import OuterRef, Subquery

    from news.models import EditionPage

    return campaigns.annotate(
        edition_number=Subquery(
            EditionPage.objects.filter(pk=OuterRef("page_id")).values("number")[:1]
        )
    )


def default_edition():
    """What a new campaign sends unless the sender chooses otherwise: the
    newest published, public edition (default language) not sent yet in any
    language, else None."""
    from home.pages import visible
    from news.models import EditionPage

    sent_keys = EditionPage.objects.filter(
        pk__in=Campaign.objects.filter(status=Campaign.Status.SENT).values("page_id")
    ).values("translation_key")
    return (
        visible(
            EditionPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
        )
        .exclude(translation_key__in=sent_keys)
        .order_by("-date", "-number", "-pk")
        .first()
    )
