from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from home.dashboard import bars
from home.models import BasePage

from .services import programme_figures

ROW_HEIGHT = 16


class FiguresPage(BasePage):
    """The programme in figures: workshops, attendance, stories, subscribers per
    year, as a chart and as a table (``services.py`` says what each counts)."""

    introduction = models.TextField(_("introduction"), blank=True, max_length=500)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("programme in figures page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        figures = programme_figures()
        # The chart: one row per year, the year, its bar (at most 100 units
        # long, from x=30) and the figure after it, in a 160-unit wide SVG.
        rows = bars((str(year.year), year.attended) for year in figures.years)
        context["figures"] = figures
        context["chart"] = [
            {
                "bar": bar,
                "y": place * ROW_HEIGHT + 2,
                "text_y": place * ROW_HEIGHT + 12,
                "value_x": 32 + bar.length,
            }
            for place, bar in enumerate(rows)
        ]
        context["chart_height"] = max(len(rows), 1) * ROW_HEIGHT
        return context
