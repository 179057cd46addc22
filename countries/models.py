from django.db import models
from django.utils.translation import gettext_lazy as _

from home.choices import EUROPEAN_COUNTRIES, PROGRAMME_COUNTRIES


class Country(models.Model):
    """One of the programme's eleven countries, keyed by ISO 3166 code.

    Rows are created by a migration and never edited: names are interface
    strings (translated by gettext), so the same row serves every language.
    News, stories, partners and organisations refer to it, which keeps filters
    and related content independent of page translations.
    """

    code = models.CharField(_("code"), max_length=2, primary_key=True)

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["code"]

    def __str__(self) -> str:
        return str(self.name)

    @property
    def name(self) -> str:
        return str(dict(PROGRAMME_COUNTRIES).get(self.code, self.code))

    @property
    def is_european(self) -> bool:
        return self.code in dict(EUROPEAN_COUNTRIES)
