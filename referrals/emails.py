"""The three emails of a referral, built when they are sent (``tasks``):

- to the person, in the referral's language: who refers them, to which One
  Stop Shop, and the link to see what would be shared and say yes or no;
- to the One Stop Shop's address, in its team's language: the referral, once
  the person said yes;
- to the same address, if the person withdraws afterwards: the reference
  only, and a request to delete what it received.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from . import services
from .models import Referral

Owed = services.Owed

TEMPLATES = {
    Owed.CONSENT_REQUEST: "referrals/email/consent_request",
    Owed.FORWARD: "referrals/email/forward",
    Owed.WITHDRAWAL: "referrals/email/withdrawal",
}


def recipient_and_language(referral: Referral, owed: str) -> tuple[str, str]:
    if owed == Owed.CONSENT_REQUEST:
        return referral.person_email, referral.language
    address = (
        referral.forwarded_to
        if owed == Owed.WITHDRAWAL
        else services.office_address(referral.country_id)
    )
    return address, services.team_language(referral.country_id)


def one_line(text: str) -> str:
    """``text`` fit for a header: a line break typed in a name is a space."""
    return " ".join(str(text).split())


def subject(referral: Referral, owed: str) -> str:
    return one_line(_subject(referral, owed))


def _subject(referral: Referral, owed: str) -> str:
    if owed == Owed.CONSENT_REQUEST:
        return gettext(
            "%(organisation)s would like to refer you to a One Stop Shop"
        ) % {"organisation": referral.referrer_organisation}
    if owed == Owed.FORWARD:
        return gettext("New referral %(reference)s: %(name)s") % {
            "reference": referral.reference,
            "name": referral.person_name,
        }
    return gettext("Referral %(reference)s withdrawn: please delete it") % {
        "reference": referral.reference
    }


def build_message(referral: Referral, owed: str, address: str, language: str):
    """The message ``owed`` for ``referral`` to ``address``, in ``language``."""
    with translation.override(language):
        context = {
            "referral": referral,
            "language": language,
            "office_name": services.office_name(referral.country_id, language),
            "needs": services.need_names(referral, language),
            "consent_url": (
                services.consent_url(referral) if owed == Owed.CONSENT_REQUEST else ""
            ),
            "consent_days": services.CONSENT_DAYS,
            "deadline": services.consent_deadline(referral),
        }
        context["subject"] = subject(referral, owed)
        template = TEMPLATES[owed]
        message = EmailMultiAlternatives(
            subject=context["subject"],
            body=render_to_string(f"{template}.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[address],
            headers={"Content-Language": language},
        )
        if owed == Owed.FORWARD and referral.contact_method == "email":
            message.reply_to = [referral.person_email]
        message.attach_alternative(
            render_to_string(f"{template}.html", context), "text/html"
        )
    return message
