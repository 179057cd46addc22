"""The mailing list: subscribers, suppressed addresses, campaigns and deliveries.

Only ``services.py`` changes these rows. A subscriber receives nothing until
confirmed (double opt-in). An address that left is kept only as a keyed hash
in ``Suppression``; no campaign reaches it until it subscribes and confirms
again. ``Delivery`` has one row per (campaign, subscriber), so a campaign sent
twice, or resumed after a crash, reaches each subscriber once.
"""

import hashlib
import hmac

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from home.choices import EUROPEAN_COUNTRIES


class Interest(models.TextChoices):
    NEWS = "news", _("News and newsletter editions")
    WORKSHOPS = "workshops", _("Workshops in my country of residence")
    STORIES = "stories", _("Success stories")


def email_digest(email: str) -> str:
    """A keyed hash of an address (case-insensitive): recognisable, not readable."""
    key = f"mailinglist-suppression:{settings.SECRET_KEY}".encode()
    return hmac.new(key, email.strip().lower().encode(), hashlib.sha256).hexdigest()


class Subscriber(models.Model):
    """Someone who asked for the newsletter; receives it only once ``confirmed``.

    ``consent_text`` and ``consent_version`` are the wording the person
    agreed to, stored as it was shown.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", pgettext_lazy("subscriber status", "Confirmed")

    email = models.EmailField(_("email address"), max_length=254)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    interests = models.JSONField(_("interests"), default=list, blank=True)
    residence_country = models.CharField(
        _("country of residence"),
        max_length=2,
        blank=True,
        choices=EUROPEAN_COUNTRIES,
    )
    countries = models.JSONField(_("countries of interest"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status, default=Status.PENDING
    )
    consent_text = models.TextField(_("consent wording"))
    consent_version = models.CharField(_("consent version"), max_length=20)
    consented_at = models.DateTimeField(_("consent given at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Bumped when links must stop working (e.g. after leaving and coming back).
    token_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), name="mailinglist_subscriber_email_ci_unique"
            )
        ]
        indexes = [models.Index(fields=["status", "language"])]

    def __str__(self) -> str:
        return self.email

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED


class Suppression(models.Model):
    """An address that unsubscribed (or bounced), kept as a keyed hash only."""

    class Reason(models.TextChoices):
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        BOUNCED = "bounced", _("Permanent delivery failure")

    email_hash = models.CharField(max_length=64, unique=True)
    reason = models.CharField(max_length=16, choices=Reason)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("suppressed address")
        verbose_name_plural = _("suppressed addresses")

    def __str__(self) -> str:
        return f"{self.email_hash[:12]}… ({self.get_reason_display()})"


class Campaign(models.Model):
    """One sending of a published page to an audience of confirmed subscribers.

    A ``COUNTRY_DIGEST`` campaign is the weekly country alerts
    (``alerts.py``): its ``countries`` are those that changed, its audience
    their followers, each copy lists the changes of the reader's countries;
    at most one per ``period_start`` (a database constraint). Its ``page`` is
    the country index, which the email links to.
    """

    # The page link is history, not content: keep it out of Wagtail's
    # reference index (no index task per campaign save).
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", pgettext_lazy("campaign status", "Sent")

    class Kind(models.TextChoices):
        PAGE = "page", pgettext_lazy("campaign kind", "Page")
        COUNTRY_DIGEST = "country_digest", _("Country alerts")

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    interests = models.JSONField(_("interests"), default=list, blank=True)
    countries = models.JSONField(_("countries of interest"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.QUEUED
    )
    kind = models.CharField(
        pgettext_lazy("campaign", "kind"),
        max_length=16,
        choices=Kind,
        default=Kind.PAGE,
    )
    period_start = models.DateField(
        _("week starting"),
        null=True,
        blank=True,
        help_text=_("Country alerts only: the week whose changes it sends."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "period_start"],
                condition=models.Q(kind="country_digest"),
                name="mailinglist_one_country_digest_per_period",
            )
        ]

    def __str__(self) -> str:
        """The subject, else the edition it sends ("Newsletter 3: title"; the
        listing annotates ``edition_number``), else the page's title; country
        alerts say so, with their week."""
        if self.is_country_digest:
            return COUNTRY_DIGEST_TITLE % {
                "date": formats.date_format(self.period_start, "DATE_FORMAT")
            }
        if self.subject:
            return self.subject
        number = getattr(self, "edition_number", None)
        if number:
            from .emails import EDITION_TITLE_SUBJECT

            return EDITION_TITLE_SUBJECT % {"number": number, "title": self.page.title}
        return str(self.page)

    @property
    def is_country_digest(self) -> bool:
        return self.kind == self.Kind.COUNTRY_DIGEST


COUNTRY_DIGEST_TITLE = _("Country alerts, week of %(date)s")


class CountryChange(models.Model):
    """A published change to a country's page, its One Stop Shop or an organisation.

    Recorded by ``alerts.py`` (only changes of content count) and sent once,
    in the first country alerts digest (``campaign``) after it. ``key`` names
    the thing in every language (kind and ``translation_key``): a digest
    lists each thing once, in the reader's language; ``title`` is its name
    when recorded, for a thing deleted since.
    """

    class Kind(models.TextChoices):
        PAGE = "page", _("Country page")
        ONE_STOP_SHOP = "one_stop_shop", _("One Stop Shop details")
        GUIDE = "guide", _("Recognition guide")
        ORGANISATION = "organisation", _("Organisation")
        ORGANISATION_REMOVED = "organisation_removed", _("Organisation removed")

    country = models.CharField(_("country"), max_length=2)
    kind = models.CharField(_("kind of change"), max_length=20, choices=Kind)
    translation_key = models.UUIDField()
    title = models.CharField(_("title"), max_length=255)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("sent in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="country_changes",
    )

    class Meta:
        verbose_name = _("country change")
        verbose_name_plural = _("country changes")
        ordering = ["recorded_at", "pk"]
        indexes = [models.Index(fields=["campaign", "recorded_at"])]

    def __str__(self) -> str:
        return f"{self.country} {self.get_kind_display()}: {self.title}"


class Delivery(models.Model):
    """One subscriber's copy of a campaign; sent at most once."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("delivery status", "Waiting")
        SENT = "sent", pgettext_lazy("delivery status", "Sent")
        FAILED = "failed", pgettext_lazy("delivery status", "Failed")
        SKIPPED = "skipped", pgettext_lazy("delivery status", "Skipped (left the list)")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="deliveries"
    )
    subscriber = models.ForeignKey(
        Subscriber,
        on_delete=models.SET_NULL,
        null=True,
        related_name="deliveries",
    )
    status = models.CharField(max_length=8, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "subscriber"], name="mailinglist_delivery_once"
            )
        ]
        indexes = [models.Index(fields=["campaign", "status", "id"])]

    def __str__(self) -> str:
        return f"{self.campaign_id} → {self.subscriber_id} ({self.status})"
