"""Forms of the coordinator tools in the Wagtail admin."""

from django import forms
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts import services as account_services

from . import services
from .models import MAX_SEATS_PER_BOOKING, Booking, Workshop

MAX_NAMES_LENGTH = 20_000

# Which field a refusal from the booking rules belongs to (others: the form).
ERROR_FIELDS = {
    services.InvalidSeats: "seats",
    services.TooManySeats: "seats",
    services.AttendeeNamesMismatch: "attendee_names",
    services.AlreadyBooked: "email",
}


class BookingSearchForm(forms.Form):
    """The search box of an attendee list (GET ``q``)."""

    q = forms.CharField(
        label=_("Search by name or email"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    def query(self) -> str:
        """The words searched for; empty when the input is not valid."""
        return self.cleaned_data["q"] if self.is_valid() else ""


class ManualBookingForm(forms.Form):
    """A booking taken by phone or email and entered by a coordinator.

    Finds the person's account by email (any case) or creates one without a
    password and with an unverified address, then books through
    ``services.book_seats``: the same rules as the website.
    """

    email = forms.EmailField(label=_("Email address"), max_length=254)
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        help_text=_("Used for a new account; an existing account keeps its name."),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("Used for a new account, like the full name."),
    )
    seats = forms.IntegerField(
        label=_("Seats"),
        min_value=1,
        max_value=MAX_SEATS_PER_BOOKING,
        initial=1,
    )
    attendee_names = forms.CharField(
        label=_("Attendee names"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=MAX_NAMES_LENGTH,
        help_text=_(
            "One name per line, one per seat. For a single seat it may be "
            "left empty: the full name above is used."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language for emails"),
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
    )

    def __init__(self, *args, workshop: Workshop, coordinator, **kwargs):
        super().__init__(*args, **kwargs)
        self.workshop = workshop
        self.coordinator = coordinator
        self.booking: Booking | None = None

    def clean_full_name(self) -> str:
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise forms.ValidationError(_("Please give the person's full name."))
        return name

    def clean_organisation(self) -> str:
        return " ".join(self.cleaned_data["organisation"].split())

    def attendee_name_list(self) -> list[str]:
        """The attendee names, one per non-empty line."""
        lines = self.cleaned_data.get("attendee_names", "").splitlines()
        return [" ".join(line.split()) for line in lines if line.strip()]

    def save(self) -> Booking | None:
        """Book the seats; on refusal, add the rule's message and change nothing."""
        try:
            with transaction.atomic():
                user = account_services.account_for_phone_booking(
                    self.cleaned_data["email"],
                    full_name=self.cleaned_data["full_name"],
                    organisation=self.cleaned_data["organisation"],
                    language=self.cleaned_data["language"],
                )
                if not user.is_active:
                    raise services.NotAllowed(
                        _("This person's account is deactivated; it cannot book.")
                    )
                self.booking = services.book_seats(
                    self.workshop,
                    user,
                    self.cleaned_data["seats"],
                    self.attendee_name_list(),
                    by=self.coordinator,
                    source=Booking.Source.PHONE,
                    language=self.cleaned_data["language"],
                )
        except services.BookingError as error:
            field = next(
                (f for cls, f in ERROR_FIELDS.items() if isinstance(error, cls)),
                None,
            )
            self.add_error(field, str(error.message))
            return None
        return self.booking
