from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.search_promotions.models import Query


class UnansweredSearch(models.Model):
    """How often, on one day, a query found nothing: the admin's "Searches
    that found nothing" report. Wagtail's query log (``Query`` and its daily
    hits) counts every search; this counts the ones it could not answer, and
    goes when the query's log does (``searchpromotions_garbage_collect``)."""

    query = models.ForeignKey(
        Query, on_delete=models.CASCADE, related_name="unanswered_days"
    )
    date = models.DateField(_("date"))
    hits = models.PositiveIntegerField(_("searches"), default=0)

    class Meta:
        verbose_name = _("search that found nothing")
        verbose_name_plural = _("searches that found nothing")
        constraints = [
            models.UniqueConstraint(
                fields=["query", "date"], name="search_unanswered_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.query} ({self.date})"
