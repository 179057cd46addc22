"""Messages of Django and its libraries that the project translates itself.

``make messages`` extracts these into the project's catalogues, which take
precedence over the libraries' own:

- month and day names: Django's Italian and Portuguese catalogues capitalise
  them ("Gennaio", "Segunda-feira"); Italian, Spanish and Brazilian
  Portuguese write them in lower case inside a date;
- Django's password-length message, which its catalogues lack in this
  version (a person signing up would read it in English);
- allauth's "Remember Me", which its Brazilian catalogue capitalises.

Nothing calls ``_messages``: it only holds the strings for extraction.
"""

from django.utils.translation import gettext, ngettext, pgettext


def _messages() -> None:  # pragma: no cover - for makemessages only
    for month in (
        gettext("January"),
        gettext("February"),
        gettext("March"),
        gettext("April"),
        gettext("May"),
        gettext("June"),
        gettext("July"),
        gettext("August"),
        gettext("September"),
        gettext("October"),
        gettext("November"),
        gettext("December"),
        pgettext("alt. month", "January"),
        pgettext("alt. month", "February"),
        pgettext("alt. month", "March"),
        pgettext("alt. month", "April"),
        pgettext("alt. month", "May"),
        pgettext("alt. month", "June"),
        pgettext("alt. month", "July"),
        pgettext("alt. month", "August"),
        pgettext("alt. month", "September"),
        pgettext("alt. month", "October"),
        pgettext("alt. month", "November"),
        pgettext("alt. month", "December"),
        gettext("Monday"),
        gettext("Tuesday"),
        gettext("Wednesday"),
        gettext("Thursday"),
        gettext("Friday"),
        gettext("Saturday"),
        gettext("Sunday"),
    ):
        del month
    gettext("Remember Me")
    ngettext(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        8,
    )
