"""Every rule about referrals (see ``models``), in one place.

The life of a referral:

1. ``make_referral``: a professional (an account with an organisation and a
   job role, ``is_professional``) describes the person and the help they
   need. Nothing goes to the One Stop Shop yet: the person gets an email, in
   the language the professional chose, with their consent link.
2. ``confirm`` (the person, through the link, within ``CONSENT_DAYS``): the
   referral is forwarded: emailed to the office's contact address
   (``office_address``) and shown in the admin to that country's team.
3. ``withdraw`` (the person, at any time, through the same link): the
   person's details are blanked at once and nothing more about them is sent;
   if the office had it, it gets a notice to delete what it received.
4. ``set_status``: the country's team records received, in contact, closed.
   The professional sees the status (``made_by``), never more.

Emails are sent by ``tasks.send_owed`` (under the referral's row lock, so
each once) from what the referral owes (``owed_email``) at that moment: a
referral withdrawn before its forward was sent is never forwarded.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from countries.models import Country, CountryPage, NeedCategory
from home.http import site_url
from home.i18n import localize

from .models import OneStopShopTeam, Referral

Status = Referral.Status

CONSENT_DAYS = settings.REFERRAL_CONSENT_DAYS
# What the One Stop Shop's team may set, in this order.
STAFF_STATUSES = [Status.RECEIVED, Status.IN_CONTACT, Status.CLOSED]
# Statuses of a referral the One Stop Shop has (or is being sent).
FORWARDED_STATUSES = [Status.SENT, *STAFF_STATUSES]
TOKEN_SALT = "referrals.consent"  # noqa: S105 (a salt, not a secret)
MAX_TOKEN_LENGTH = 120


class ReferralError(Exception):
    """A refusal with a message for the person who asked."""

    message = _("This referral cannot be changed.")

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class NotAProfessional(ReferralError):
    message = _(
        "Add your organisation and your job role to your profile before "
        "referring someone."
    )


class ConsentExpired(ReferralError):
    message = _(
        "This link has expired: nothing was shared. Ask the professional who "
        "referred you to send a new one if you still want help."
    )


class AlreadyWithdrawn(ReferralError):
    message = _("You withdrew this referral: nothing more about you is shared.")


class NotAllowed(ReferralError):
    message = _("You cannot change this referral.")


class BadStatus(ReferralError):
    message = _("Choose received, in contact or closed.")


# -- who may do what ----------------------------------------------------------


def is_professional(user) -> bool:
    """Whether ``user`` may refer people: a signed-in account whose profile
    says which organisation they work for and in what role."""
    return bool(
        user and user.is_authenticated and user.is_active and user.is_professional
    )


def visible_to(user) -> QuerySet[Referral]:
    """The referrals ``user`` may see in the admin: those the person
    confirmed, of the countries whose One Stop Shop team ``user`` belongs to
    (every country for a superuser); none for anybody else."""
    if not (user and user.is_authenticated and user.is_active):
        return Referral.objects.none()
    forwarded = Referral.objects.filter(confirmed_at__isnull=False)
    if user.is_superuser:
        return forwarded
    if not user.has_perm("referrals.view_referral"):
        return Referral.objects.none()
    return forwarded.filter(country__one_stop_shop_team__group__user=user)


def sees_referrals(user) -> bool:
    """Whether the admin shows ``user`` the referrals menu."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (
            user.is_superuser
            or (
                user.has_perm("referrals.view_referral")
                and OneStopShopTeam.objects.filter(group__user=user).exists()
            )
        )
    )


def can_change_status(user, referral: Referral) -> bool:
    return (
        referral.status in FORWARDED_STATUSES
        and (user.is_superuser or user.has_perm("referrals.change_referral"))
        and visible_to(user).filter(pk=referral.pk).exists()
    )


# -- the countries and their offices -------------------------------------------


def referral_countries() -> list[tuple[str, str]]:
    """The countries one can refer to (those with a One Stop Shop team), by
    name in the active language."""
    codes = OneStopShopTeam.objects.values_list("country_id", flat=True)
    countries = [Country(code=code) for code in codes]
    return sorted(((c.code, c.name) for c in countries), key=lambda c: c[1])


def office_address(country_code: str) -> str:
    """The One Stop Shop's contact address: the email on the country's live
    page (the same in every language), or '' when it has none."""
    return (
        CountryPage.objects.live()
        .filter(country_id=country_code)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
        .first()
        or ""
    )


def office_name(country_code: str, language: str | None = None) -> str:
    """Who runs the country's One Stop Shop, as its page in ``language``
    says, else the country's name."""
    pages = localize(
        CountryPage.objects.live().filter(country_id=country_code), language
    )
    page = pages.exclude(office_name="").first()
    return page.office_name if page else Country(code=country_code).name


def team_language(country_code: str) -> str:
    team = OneStopShopTeam.objects.filter(country_id=country_code).first()
    return team.language if team else settings.LANGUAGE_CODE


def need_names(referral: Referral, language: str | None = None) -> list[str]:
    """The referral's needs, named in ``language`` (else the default's), in
    display order."""
    if not referral.needs:
        return []
    needs = localize(NeedCategory.objects.filter(slug__in=referral.needs), language)
    return [need.name for need in needs.order_by("sort_order", "name")]


# -- the consent link ---------------------------------------------------------


def consent_token(referral: Referral) -> str:
    return signing.Signer(salt=TOKEN_SALT).sign(f"{referral.pk}.{referral.consent_key}")


def referral_for_token(token: str) -> Referral | None:
    """The referral a consent link names, or None (altered, unknown, deleted)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        value = signing.Signer(salt=TOKEN_SALT).unsign(token)
    except signing.BadSignature:
        return None
    pk, _dot, key = value.partition(".")
    if not pk.isdigit():
        return None
    return (
        Referral.objects.select_related("country")
        .filter(pk=int(pk), consent_key=key)
        .first()
    )


def consent_url(referral: Referral) -> str:
    """The person's consent link, absolute, in the referral's language."""
    with translation.override(referral.language):
        path = reverse("referrals:consent", args=[consent_token(referral)])
    return site_url(path)


def consent_deadline(referral: Referral) -> datetime:
    return referral.created_at + timedelta(days=CONSENT_DAYS)


def consent_open(referral: Referral, now: datetime | None = None) -> bool:
    return (now or timezone.now()) < consent_deadline(referral)


# -- the steps ----------------------------------------------------------------


@dataclass(frozen=True)
class PersonDetails:
    name: str
    email: str
    contact_method: str
    phone: str
    language: str
    country: str
    needs: tuple[str, ...]
    note: str


def make_referral(referrer, person: PersonDetails) -> Referral:
    """Record a referral by ``referrer`` and email the person their consent
    link (once the transaction commits).

    :raises NotAProfessional: the profile lacks an organisation or a role.
    """
    if not is_professional(referrer):
        raise NotAProfessional()
    with transaction.atomic():
        referral = Referral.objects.create(
            referrer=referrer,
            referrer_name=referrer.get_full_name(),
            referrer_organisation=referrer.organisation.strip(),
            referrer_role=referrer.job_role.strip(),
            person_name=person.name,
            person_email=person.email,
            contact_method=person.contact_method,
            phone=person.phone,
            language=person.language,
            country_id=person.country,
            needs=list(person.needs),
            note=person.note,
        )
        _send_after_commit(referral.pk)
    return referral


def _locked(referral_id: int) -> Referral:
    return Referral.objects.select_for_update().get(pk=referral_id)


def confirm(referral: Referral, now: datetime | None = None) -> Referral:
    """The person agrees: the referral goes to the One Stop Shop. Twice is once.

    :raises AlreadyWithdrawn, ConsentExpired:
    """
    now = now or timezone.now()
    with transaction.atomic():
        referral = _locked(referral.pk)
        if referral.status == Status.WITHDRAWN:
            raise AlreadyWithdrawn()
        if referral.status != Status.AWAITING_CONSENT:
            # A second "yes" while the first one's forward was skipped (the
            # row locked meanwhile) makes sure it goes now, not at the retry.
            if referral.forwarded_at is None:
                _send_after_commit(referral.pk)
            return referral
        if not consent_open(referral, now):
            raise ConsentExpired()
        referral.status = Status.SENT
        referral.confirmed_at = referral.status_changed_at = now
        referral.save(update_fields=["status", "confirmed_at", "status_changed_at"])
        _send_after_commit(referral.pk)
    return referral


# What identifies the person: blanked (to each field's default) on withdrawal.
PERSON_FIELDS = ["person_name", "person_email", "phone", "note", "needs"]


def blank_person(referral: Referral) -> None:
    """Remove what identifies the person from ``referral`` (not saved)."""
    for name in PERSON_FIELDS:
        setattr(referral, name, Referral._meta.get_field(name).get_default())


def withdraw(referral: Referral, now: datetime | None = None) -> Referral:
    """The person says no, or no more: their details are blanked and nothing
    more is sent about them; an office that had the referral is told to
    delete it. Twice is once.

    Waits for a worker sending this referral's email right now (the row
    lock), so a forward is either sent before (and followed by the notice)
    or never.
    """
    now = now or timezone.now()
    with transaction.atomic():
        referral = _locked(referral.pk)
        if referral.status == Status.WITHDRAWN:
            return referral
        blank_person(referral)
        referral.status = Status.WITHDRAWN
        referral.withdrawn_at = referral.status_changed_at = now
        referral.status_changed_by = None
        referral.save(
            update_fields=[
                *PERSON_FIELDS,
                "status",
                "withdrawn_at",
                "status_changed_at",
                "status_changed_by",
            ]
        )
        if referral.forwarded_to:
            _send_after_commit(referral.pk)
    return referral


def set_status(referral: Referral, status: str, by) -> Referral:
    """The One Stop Shop's team records where the referral stands.

    :raises BadStatus: not one of ``STAFF_STATUSES``.
    :raises NotAllowed: ``by`` is not on the country's team, or the
        referral is not theirs to handle (withdrawn, not confirmed).
    """
    if status not in STAFF_STATUSES:
        raise BadStatus()
    with transaction.atomic():
        referral = _locked(referral.pk)
        if not can_change_status(by, referral):
            raise NotAllowed()
        if referral.status != status:
            referral.status = status
            referral.status_changed_at = timezone.now()
            referral.status_changed_by = by
            referral.save(
                update_fields=["status", "status_changed_at", "status_changed_by"]
            )
    return referral


# -- what the professional sees -------------------------------------------------


def made_by(user) -> QuerySet[Referral]:
    """The referrals ``user`` made, newest first: the professional's list
    shows their reference, country, date and status, and nothing the person
    or the One Stop Shop added."""
    return Referral.objects.filter(referrer=user).only(
        "pk", "created_at", "country", "status", "status_changed_at"
    )


# -- the emails owed ----------------------------------------------------------


class Owed:
    CONSENT_REQUEST = "consent_request"
    FORWARD = "forward"
    WITHDRAWAL = "withdrawal"


MAX_EMAIL_ATTEMPTS = 6


def owed_email(referral: Referral, now: datetime | None = None) -> str | None:
    """The email ``referral`` owes now, if any (``Owed``)."""
    if referral.email_attempts >= MAX_EMAIL_ATTEMPTS:
        return None
    if referral.status == Status.WITHDRAWN:
        if referral.forwarded_to and not referral.withdrawal_notified_at:
            return Owed.WITHDRAWAL
        return None
    if referral.status == Status.AWAITING_CONSENT:
        if referral.consent_requested_at is None and consent_open(referral, now):
            return Owed.CONSENT_REQUEST
        return None
    if referral.forwarded_at is None:
        return Owed.FORWARD
    return None


def owing() -> QuerySet[Referral]:
    """The referrals that may owe an email (``owed_email`` decides)."""
    return Referral.objects.filter(email_attempts__lt=MAX_EMAIL_ATTEMPTS).filter(
        Q(status=Status.AWAITING_CONSENT, consent_requested_at__isnull=True)
        | Q(status__in=FORWARDED_STATUSES, forwarded_at__isnull=True)
        | Q(
            status=Status.WITHDRAWN,
            withdrawal_notified_at__isnull=True,
            forwarded_at__isnull=False,
        )
        & ~Q(forwarded_to="")
    )


def _send_after_commit(referral_id: int) -> None:
    from .tasks import send_owed

    transaction.on_commit(lambda: send_owed.enqueue(referral_id))


# -- personal data ------------------------------------------------------------


def export_referrals(user, addresses: list[str]) -> dict:
    """For ``user``'s data export: the referrals they made (as they see
    them) and those about them (to one of their verified ``addresses``)."""
    about = Referral.objects.none()
    for address in addresses:
        about |= Referral.objects.filter(person_email__iexact=address)
    return {
        "made": [
            {
                "reference": r.reference,
                "created_at": r.created_at.isoformat(),
                "country": r.country_id,
                "status": r.status,
            }
            for r in Referral.objects.filter(referrer=user).order_by("created_at")
        ],
        "about_you": [
            {
                "reference": r.reference,
                "created_at": r.created_at.isoformat(),
                "referred_by": r.referrer_name,
                "organisation": r.referrer_organisation,
                "name": r.person_name,
                "email": r.person_email,
                "contact_method": r.contact_method,
                "phone": r.phone,
                "country": r.country_id,
                "needs": list(r.needs),
                "note": r.note,
                "status": r.status,
                "confirmed_at": r.confirmed_at.isoformat() if r.confirmed_at else None,
            }
            for r in about.order_by("created_at")
        ],
    }


def forget_person(addresses: list[str]) -> int:
    """Withdraw every referral about ``addresses`` (an account deleted)."""
    count = 0
    for address in addresses:
        for referral in Referral.objects.filter(person_email__iexact=address):
            withdraw(referral)
            count += 1
    return count


def forget_referrer(user) -> int:
    """Blank the professional's name and role on their referrals (their
    account deleted); the organisation stays, for the One Stop Shop."""
    return Referral.objects.filter(referrer=user).update(
        referrer=None, referrer_name="", referrer_role=""
    )


def purge(*, unchanged_before: datetime, now: datetime | None = None) -> int:
    """Retention (``accounts.services.purge_personal_data``): delete the
    referrals never confirmed within ``CONSENT_DAYS``, and every referral
    whose status has not changed since ``unchanged_before``."""
    now = now or timezone.now()
    expired = Q(
        status=Status.AWAITING_CONSENT,
        created_at__lt=now - timedelta(days=CONSENT_DAYS),
    )
    stale = Q(status_changed_at__lt=unchanged_before)
    return Referral.objects.filter(expired | stale).delete()[0]
