import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from home.choices import PROGRAMME_COUNTRIES


def new_calendar_token() -> str:
    """A secret for the personal calendar feed's URL (256 bits)."""
    return secrets.token_urlsafe(32)


class UserManager(BaseUserManager):
    """Creates users identified by email; addresses are compared case-insensitively."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not (extra_fields["is_staff"] and extra_fields["is_superuser"]):
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username: str):
        return self.get(email__iexact=username)


class User(AbstractUser):
    """A person who logs in with an email address (no username).

    Staff use it for the Wagtail admin; the public for accounts. The address is
    unique regardless of case.
    """

    username = None
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    job_role = models.CharField(_("job role"), max_length=200, blank=True)
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        choices=[*PROGRAMME_COUNTRIES, ("XX", _("Another country"))],
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Emails from the site are written in this language."),
    )
    calendar_token = models.CharField(
        _("calendar feed key"),
        max_length=64,
        unique=True,
        default=new_calendar_token,
        editable=False,
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="accounts_user_email_ci_unique",
                violation_error_message=_("A user with this email address exists."),
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return self.full_name.strip() or super().get_full_name()

    def get_short_name(self) -> str:
        return self.get_full_name() or self.email

    @property
    def is_professional(self) -> bool:
        """Whether the profile says where and as what the person works: what
        referring someone to a One Stop Shop needs (``referrals``)."""
        return bool(self.organisation.strip() and self.job_role.strip())

    def revoke_calendar_token(self) -> None:
        """Give the personal calendar feed a new secret URL; the old one stops working."""
        self.calendar_token = new_calendar_token()
        self.save(update_fields=["calendar_token"])


class QueuedEmail(models.Model):
    """An account email (allauth's: address verification, password reset,
    notices) waiting to be sent by ``accounts.outbox``.

    The row holds the rendered message, secret links included, only until it
    is sent: a sent message's row is deleted; one the server refused for good
    keeps its recipient and error, with the message blanked.
    """

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    recipients = models.TextField(help_text="Comma-separated addresses.")
    subject = models.CharField(max_length=998)
    message = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    given_up_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "queued account email"
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(given_up_at__isnull=True),
                name="accounts_queuedemail_unsent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.recipients}"
