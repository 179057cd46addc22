"""Forms of the public mailing-list pages: subscribe, manage preferences,
and "send me my link".

They only read and check input; ``services`` records it.
"""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from home.choices import EUROPEAN_COUNTRIES, LATIN_AMERICAN_COUNTRIES
from home.i18n import current_language, native_name
from home.spam import HONEYPOT_FIELD, HoneypotForm

from .models import Interest

# The wording is stored with each subscription, in the language it was shown
# in, together with services.CONSENT_VERSION: change both together.
CONSENT_TEXT = _(
    "I agree that the One Stop Shops programme keeps my email address and my "
    "choices to send me the emails I asked for. I can change my choices or "
    "leave at any time with the link at the end of every email."
)


def language_choices() -> list[tuple[str, str]]:
    """The site's languages, each named in itself (``Español``), as people look for them."""
    return [(code, native_name(code)) for code, _name in settings.LANGUAGES]


class LanguageSelect(forms.Select):
    """A select whose options say which language their own name is in."""

    def create_option(self, name, value, *args, **kwargs) -> dict:
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"] = {"lang": value, **option["attrs"]}
        return option


class PreferencesForm(forms.Form):
    """Language and interests: what a subscriber chooses and may change later."""

    language = forms.ChoiceField(
        label=_("Language of the emails"),
        choices=language_choices,
        widget=LanguageSelect,
        required=False,
    )
    interests = forms.MultipleChoiceField(
        label=_("What would you like to receive?"),
        choices=Interest.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one thing to receive.")},
    )
    residence_country = forms.ChoiceField(
        label=_("Country where you live (optional)"),
        help_text=_("Needed for news of workshops in your country."),
        choices=[("", _("Not chosen")), *EUROPEAN_COUNTRIES],
        required=False,
    )
    countries = forms.MultipleChoiceField(
        label=_("Latin American countries you are interested in (optional)"),
        help_text=_(
            "Once a week, we email you what changed on these countries' pages, "
            "their One Stop Shops and their organisations."
        ),
        choices=LATIN_AMERICAN_COUNTRIES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        kwargs.setdefault("auto_id", "newsletter-%s")
        super().__init__(*args, **kwargs)

    def clean_language(self) -> str:
        """A missing language means the language of the page the form was on."""
        return self.cleaned_data.get("language") or current_language()

    def clean(self) -> dict:
        cleaned = super().clean()
        if Interest.WORKSHOPS in cleaned.get("interests", ()) and not cleaned.get(
            "residence_country"
        ):
            self.add_error(
                "residence_country",
                _(
                    "Choose the country where you live to receive news of "
                    "workshops there, or untick “Workshops in my country of "
                    "residence”."
                ),
            )
        return cleaned

    def preferences(self) -> dict:
        """The cleaned choices, as keyword arguments for the services."""
        data = self.cleaned_data
        return {
            "language": data["language"],
            "interests": data["interests"],
            "residence_country": data["residence_country"],
            "countries": data["countries"],
        }


def email_field() -> forms.EmailField:
    """The address field of the public newsletter forms."""
    return forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter an email address like name@example.org."),
        },
    )


class SubscribeForm(HoneypotForm, PreferencesForm):
    """A request to subscribe: address, preferences, consent, and a trap for bots."""

    email = email_field()
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={
            "required": _("Tick the box to agree, or we cannot send you anything.")
        },
    )
    field_order = [
        "email",
        "language",
        "interests",
        "residence_country",
        "countries",
        "consent",
        HONEYPOT_FIELD,
    ]

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault(
            "initial", {"language": current_language(), "interests": [Interest.NEWS]}
        )
        super().__init__(*args, **kwargs)

    @property
    def consent_text(self) -> str:
        """The consent wording exactly as the form shows it (active language)."""
        return str(self.fields["consent"].label)


class ManageForm(PreferencesForm):
    """A confirmed subscriber's choices, prefilled from their subscription."""

    @classmethod
    def for_subscriber(cls, subscriber, data=None) -> "ManageForm":
        """The form for ``subscriber``, bound to ``data`` when given."""
        return cls(
            data,
            initial={
                "language": subscriber.language,
                "interests": subscriber.interests,
                "residence_country": subscriber.residence_country,
                "countries": subscriber.countries,
            },
        )


class SendLinkForm(HoneypotForm):
    """The address to email its link to ("send me my link"), and a trap for bots."""

    email = email_field()
    field_order = ["email", HONEYPOT_FIELD]

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        kwargs.setdefault("auto_id", "newsletter-link-%s")
        super().__init__(*args, **kwargs)
