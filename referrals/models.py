"""Referrals between the two shores: a professional in Europe refers a person
to their country's One Stop Shop, and the person decides.

A ``Referral`` waits for the person's consent (a link sent to their own
address); only then does it reach the One Stop Shop: by email to the
office's contact address and in the admin, for that country's
``OneStopShopTeam`` only. The person can withdraw at any time: the details
are blanked at once and nothing more is sent. ``services.py`` holds every
rule; the views and the admin only call it.
"""

import secrets

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from countries.models import Country


def new_consent_key() -> str:
    """The secret half of a person's consent link (128 bits)."""
    return secrets.token_urlsafe(16)


class OneStopShopTeam(models.Model):
    """The staff group of one country's One Stop Shop: its members see that
    country's referrals in the admin, and only those. Created by a migration
    for each Latin American country."""

    group = models.OneToOneField(
        Group,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="one_stop_shop_team",
    )
    country = models.OneToOneField(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="one_stop_shop_team",
    )
    language = models.CharField(
        _("language of the team's emails"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="es",
    )

    class Meta:
        verbose_name = _("One Stop Shop team")
        verbose_name_plural = _("One Stop Shop teams")

    def __str__(self) -> str:
        return self.group.name


class Referral(models.Model):
    class Status(models.TextChoices):
        AWAITING_CONSENT = "awaiting", _("Waiting for the person's consent")
        WITHDRAWN = "withdrawn", _("Withdrawn by the person")
        SENT = "sent", _("Sent to the One Stop Shop")
        RECEIVED = "received", pgettext_lazy("referral status", "Received")
        IN_CONTACT = "in_contact", pgettext_lazy("referral status", "In contact")
        CLOSED = "closed", pgettext_lazy("referral status", "Closed")

    class ContactMethod(models.TextChoices):
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Phone call")
        WHATSAPP = "whatsapp", _("WhatsApp")

    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # Who referred: the account, and what the person was shown about them
    # (kept as it was then, whatever the profile says later).
    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("referred by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals_made",
    )
    referrer_name = models.CharField(_("professional's name"), max_length=200)
    referrer_organisation = models.CharField(_("organisation"), max_length=200)
    referrer_role = models.CharField(_("job role"), max_length=200)
    # The person referred: blanked when they withdraw.
    person_name = models.CharField(_("name or initials"), max_length=100, blank=True)
    person_email = models.EmailField(_("email address"), blank=True)
    contact_method = models.CharField(
        _("how they want to be contacted"),
        max_length=10,
        choices=ContactMethod,
        default=ContactMethod.EMAIL,
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="es"
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    needs = models.JSONField(_("needs"), default=list, blank=True)
    note = models.TextField(_("note"), max_length=600, blank=True)

    status = models.CharField(
        _("status"), max_length=12, choices=Status, default=Status.AWAITING_CONSENT
    )
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    consent_key = models.CharField(max_length=32, default=new_consent_key)
    consent_requested_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    # When the One Stop Shop got it (its address, or the admin alone when the
    # office has no email address: ``forwarded_to`` is then empty).
    forwarded_at = models.DateTimeField(_("forwarded"), null=True, blank=True)
    forwarded_to = models.EmailField(blank=True)
    withdrawal_notified_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    last_email_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["country", "status"])]
        constraints = [
            # Past the consent step only with the person's consent.
            models.CheckConstraint(
                condition=Q(status__in=["awaiting", "withdrawn"])
                | Q(confirmed_at__isnull=False),
                name="referrals_referral_forwarded_only_with_consent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.country_id})"

    @property
    def reference(self) -> str:
        """How staff, the person and the professional name it: R-000042."""
        return f"R-{self.pk:06d}" if self.pk else "R-new"

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN
