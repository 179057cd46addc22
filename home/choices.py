"""Choices shared across apps."""

from django.utils.translation import gettext_lazy as _

# The programme's countries: where returnees live (Europe) and where they go back.
EUROPEAN_COUNTRIES = [
    ("ES", _("Spain")),
    ("IT", _("Italy")),
    ("PT", _("Portugal")),
]
LATIN_AMERICAN_COUNTRIES = [
    ("BO", _("Bolivia")),
    ("BR", _("Brazil")),
    ("CL", _("Chile")),
    ("CO", _("Colombia")),
    ("EC", _("Ecuador")),
    ("PY", _("Paraguay")),
    ("PE", _("Peru")),
    ("UY", _("Uruguay")),
]
PROGRAMME_COUNTRIES = EUROPEAN_COUNTRIES + LATIN_AMERICAN_COUNTRIES
