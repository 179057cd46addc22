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
from django.utils import timezone
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
    """One sending of a published page to an audience of confirmed subscribers."""

    # The page link is history, not content: keep it out of Wagtail's
    # reference index (no index task per campaign save).
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", pgettext_lazy("campaign status", "Sent")

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

    def __str__(self) -> str:
        """The subject, else the edition it sends ("Newsletter 3: title"; the
        listing annotates ``edition_number``), else the page's title."""
        if self.subject:
            return self.subject
        number = getattr(self, "edition_number", None)
        if number:
            from .emails import EDITION_TITLE_SUBJECT

            return EDITION_TITLE_SUBJECT % {"number": number, "title": self.page.title}
        return str(self.page)


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
