"""The professional's referral form and the team's status form."""

import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from home.i18n import current_language

from . import services
from .models import Referral

PHONE = re.compile(r"^\+?[\d\s().-]{6,40}$")


class ReferralForm(forms.Form):
    person_name = forms.CharField(
        label=_("The person's name or initials"),
        max_length=100,
        help_text=_("Initials are enough: the One Stop Shop asks for the rest."),
        error_messages={"required": _("Write the person's name or initials.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    person_email = forms.EmailField(
        label=_("The person's email address"),
        help_text=_(
            "We send them a link there to see what would be shared and to agree "
            "or say no. Nothing goes to the One Stop Shop before they agree."
        ),
        error_messages={
            "required": _("Write the person's email address."),
            "invalid": _("Write an email address like name@example.org."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    language = forms.ChoiceField(
        label=_("Language of the email to the person"),
        choices=settings.LANGUAGES,
        error_messages={"invalid_choice": _("Choose a language from the list.")},
    )
    contact_method = forms.ChoiceField(
        label=_("How they want the One Stop Shop to contact them"),
        choices=Referral.ContactMethod.choices,
        widget=forms.RadioSelect,
        initial=Referral.ContactMethod.EMAIL,
        error_messages={
            "required": _("Choose how they want to be contacted."),
            "invalid_choice": _("Choose email, phone call or WhatsApp."),
        },
    )
    phone = forms.CharField(
        label=_("Their phone number"),
        max_length=40,
        required=False,
        help_text=_(
            "For a phone call or WhatsApp: with the country code, for example +591 2 123 4567."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )
    country = forms.ChoiceField(
        label=_("Country they are returning to"),
        error_messages={
            "required": _("Choose the country they are returning to."),
            "invalid_choice": _(
                "We don't know the country “%(value)s”. Choose one from the list."
            ),
        },
    )
    needs = forms.MultipleChoiceField(
        label=_("What they need help with"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _(
                "We don't know the need “%(value)s”. Choose from the list."
            )
        },
    )
    note = forms.CharField(
        label=_("A short note for the One Stop Shop"),
        max_length=600,
        required=False,
        help_text=_(
            "What they have told you they want help with. The person sees this "
            "note before agreeing. No health details, please."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, needs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = current_language()
        self.fields["country"].choices = [
            ("", _("Choose a country")),
            *services.referral_countries(),
        ]
        self.fields["needs"].choices = [(n.slug, n.name) for n in needs]

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(
                _("Write the phone number with digits, for example +591 2 123 4567.")
            )
        return phone

    def clean(self):
        data = super().clean()
        method = data.get("contact_method")
        if method in ("phone", "whatsapp") and not data.get("phone"):
            self.add_error(
                "phone",
                _("Write their phone number, or choose to contact them by email."),
            )
        return data

    def person(self) -> services.PersonDetails:
        data = self.cleaned_data
        return services.PersonDetails(
            name=data["person_name"].strip(),
            email=data["person_email"],
            contact_method=data["contact_method"],
            phone=data["phone"],
            language=data["language"],
            country=data["country"],
            needs=tuple(data["needs"]),
            note=data["note"].strip(),
        )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(s.value, s.label) for s in services.STAFF_STATUSES],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose received, in contact or closed.")},
    )
