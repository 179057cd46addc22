"""The checklist's two forms: the choices (GET, in the URL) and "email it to
me" (POST, the choices again as hidden fields)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from home import spam

from .services import Choices, country_choices


class ChoicesForm(forms.Form):
    """Country, needs and situation; ``choices()`` once valid."""

    country = forms.ChoiceField(
        label=_("Country you are returning to"),
        error_messages={
            "required": _("Choose the country you are returning to."),
            "invalid_choice": _(
                "We don't know the country “%(value)s”. Choose one from the list."
            ),
        },
    )
    need = forms.MultipleChoiceField(
        label=_("What you need help with"),
        help_text=_("Tick as many as you like, or none."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _(
                "We don't know the need “%(value)s”. Choose from the list."
            ),
        },
    )
    household = forms.ChoiceField(
        label=_("Are you going back alone or with family?"),
        required=False,
        widget=forms.RadioSelect,
        choices=[("alone", _("Alone")), ("family", _("With family"))],
        error_messages={"invalid_choice": _("Choose alone or with family.")},
    )
    # Ticked boxes send "1", as the checklist's stable address writes them.
    children = forms.BooleanField(
        label=_("With children of school age"),
        required=False,
        widget=forms.CheckboxInput(attrs={"value": "1"}),
    )
    business = forms.BooleanField(
        label=_("With a plan to start a business"),
        required=False,
        widget=forms.CheckboxInput(attrs={"value": "1"}),
    )

    def __init__(self, *args, needs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.needs = list(needs)
        self.fields["country"].choices = [
            ("", _("Choose a country")),
            *country_choices(),
        ]
        self.fields["need"].choices = [(n.slug, n.name) for n in self.needs]

    def choices(self) -> Choices:
        data = self.cleaned_data
        chosen = set(data["need"])
        return Choices(
            country=data["country"],
            needs=tuple(n.slug for n in self.needs if n.slug in chosen),
            household=data["household"],
            children=data["children"],
            business=data["business"],
        )


class EmailForm(spam.HoneypotForm):
    """The address to send the checklist to (used once, kept nowhere)."""

    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("We send the checklist to this address once and do not keep it."),
        max_length=254,
        error_messages={
            "required": _("Type the address to send the checklist to."),
            "invalid": _("Type an email address like name@example.org."),
        },
    )
