"""The public forms: booking (how many seats, who is coming), a certificate's code."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from . import certificates
from .records import MAX_SEATS_PER_BOOKING
from .services import MAX_NAME_LENGTH

_WHOLE_NUMBER = re.compile(r"-?[0-9]{1,12}")


def split_names(text: str) -> list[str]:
    """One name per non-blank line, inner whitespace collapsed, unprintables dropped."""
    names = []
    for line in text.splitlines():
        name = "".join(ch for ch in " ".join(line.split()) if ch.isprintable())
        if name:
            names.append(name)
    return names


class BookingForm(forms.Form):
    """Seats (1 to the workshop's maximum) and, for several, one name per seat.

    With a maximum of one seat the seats field may be left out (one seat).
    ``cleaned_data["attendee_names"]`` is a list of names. The change page
    (``accounts``) uses it too, with ``initial`` from the booking.
    """

    attendee_names = forms.CharField(
        label=_("Names of the people attending"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_SEATS_PER_BOOKING * (MAX_NAME_LENGTH + 2),
        error_messages={
            "max_length": _("This list of names is too long."),
        },
    )

    # The second button offered when fewer seats are left than asked
    # (``services.NotEnoughSeats``): wait for all of them rather than book fewer.
    join_waiting_list = forms.BooleanField(required=False)

    def __init__(self, *args, max_seats: int = 1, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_seats = max(int(max_seats), 1)
        self.fields["seats"] = forms.IntegerField(
            label=_("Seats"),
            min_value=1,
            max_value=self.max_seats,
            required=self.max_seats > 1,
            initial=1,
            error_messages={
                "required": _("Enter how many seats you need."),
                "invalid": _(
                    "Enter the number of seats as a whole number, for example 2."
                ),
                "min_value": _("Please ask for at least one seat."),
                "max_value": ngettext_lazy(
                    "You can book at most %(limit_value)s seat on this workshop.",
                    "You can book at most %(limit_value)s seats on this workshop.",
                    "limit_value",
                ),
            },
        )

    def clean_seats(self) -> int:
        seats = self.cleaned_data.get("seats")
        return 1 if seats is None else seats

    def clean_attendee_names(self) -> list[str]:
        names = split_names(self.cleaned_data.get("attendee_names") or "")
        too_long = [i for i, name in enumerate(names, 1) if len(name) > MAX_NAME_LENGTH]
        if too_long:
            raise forms.ValidationError(
                _(
                    "Each name can be at most %(max)s characters long; "
                    "line %(line)s is longer."
                ),
                code="name_too_long",
                params={"max": MAX_NAME_LENGTH, "line": too_long[0]},
            )
        return names

    def clean(self):
        cleaned = super().clean()
        seats = cleaned.get("seats")
        names = cleaned.get("attendee_names")
        if seats is None or names is None:
            return cleaned
        if (seats > 1 and len(names) != seats) or (seats == 1 and len(names) > 1):
            self.add_error(
                "attendee_names",
                forms.ValidationError(
                    ngettext_lazy(
                        "You asked for %(seats)s seat: give one name per line, "
                        "one per seat (you gave %(count)s).",
                        "You asked for %(seats)s seats: give one name per line, "
                        "one per seat (you gave %(count)s).",
                        "seats",
                    ),
                    code="names_mismatch",
                    params={"seats": seats, "count": len(names)},
                ),
            )
        return cleaned

    def seats_value(self) -> str:
        """The seats typed, when it is a number an ``<input type=number>`` can show."""
        if not self.is_bound:
            return str(self.initial.get("seats", 1))
        value = str(self.data.get("seats", "")).strip()
        return value if _WHOLE_NUMBER.fullmatch(value) else ""


class CertificateCodeForm(forms.Form):
    """The verification page's form: a certificate's code, as typed."""

    code = forms.CharField(
        label=_("Certificate code"),
        max_length=40,
        help_text=_("The 10 letters and digits printed on the certificate."),
        error_messages={"required": _("Type the code printed on the certificate.")},
    )

    def clean_code(self) -> str:
        code = certificates.normalise_code(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _(
                    "This is not a certificate code: it has 10 letters and "
                    "digits, as printed on the certificate."
                )
            )
        return code
