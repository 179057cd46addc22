"""Forms of the newsletter's Wagtail admin: choosing what to send, and to whom."""

import datetime

from django import forms
from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminPageChooser
from wagtail.models import Page

from home.choices import PROGRAMME_COUNTRIES
from home.pages import visible

from .models import Campaign, Interest

SEND_TOKEN_SALT = "mailinglist.admin.send-campaign"  # noqa: S105 - not a secret
SEND_TOKEN_MAX_AGE = 6 * 3600  # a confirmation screen left open longer is re-checked


class PageChooser(AdminPageChooser):
    """Wagtail's page chooser, showing nothing for a malformed page id sent back."""

    def get_instance(self, value):
        try:
            return super().get_instance(value)
        except (ValueError, TypeError, OverflowError):
            return None


class CampaignForm(forms.Form):
    """A published page and the audience it goes to (empty filter: everyone)."""

    page = forms.ModelChoiceField(
        label=_("Page to send"),
        queryset=Page.objects.none(),
        widget=PageChooser(),
        help_text=_(
            "A published page. A newsletter edition (the newest one not sent yet "
            "is chosen for you) sends its introduction and articles; a news "
            "article sends its whole edition, the news index its latest "
            "edition, any other page itself."
        ),
        error_messages={
            "invalid_choice": _("Choose a published page that everyone can see.")
        },
    )
    subject = forms.CharField(
        label=_("Subject"),
        max_length=Campaign._meta.get_field("subject").max_length,
        required=False,
        help_text=_(
            "Leave blank to use the edition's title (“Newsletter 3: …”), or the "
            "page's title, "
            "translated for each subscriber."
        ),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Subscribers who read in these languages. None ticked: all."),
    )
    interests = forms.MultipleChoiceField(
        label=_("Interests"),
        choices=Interest.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Subscribers who ticked at least one of these. None ticked: all."),
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries"),
        choices=PROGRAMME_COUNTRIES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Subscribers interested in, or living in, one of these countries. "
            "None ticked: all."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["page"].queryset = visible(
            Page.objects.filter(depth__gt=1)
        ).specific(defer=True)

    def clean_subject(self) -> str:
        return " ".join(self.cleaned_data["subject"].split())

    def campaign(self, **fields) -> Campaign:
        """An unsaved campaign for the choices (call only when the form is valid)."""
        data = self.cleaned_data
        return Campaign(
            page=data["page"],
            subject=data["subject"],
            languages=list(data["languages"]),
            interests=list(data["interests"]),
            countries=list(data["countries"]),
            **fields,
        )


class TestEmailForm(forms.Form):
    """The language of the test copy sent to the editor."""

    test_language = forms.ChoiceField(
        label=_("Language of the test"), choices=settings.LANGUAGES
    )


def make_send_token() -> str:
    """A signed token naming one confirmation screen and when it was shown."""
    return signing.dumps(
        {"nonce": get_random_string(16), "shown_at": timezone.now().isoformat()},
        salt=SEND_TOKEN_SALT,
        compress=True,
    )


def read_send_token(token: str) -> datetime.datetime | None:
    """When the confirmation screen was shown, or None for a bad or stale token."""
    try:
        data = signing.loads(token, salt=SEND_TOKEN_SALT, max_age=SEND_TOKEN_MAX_AGE)
        return datetime.datetime.fromisoformat(data["shown_at"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
