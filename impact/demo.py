"""Demo content for the figures app: the figures page (under the home page,
whose demo places the figures block).

Creates what is missing and leaves what exists alone, so it can run any number
of times: nothing is done once a figures page exists (it is the editors').
"""

from wagtail.models import Locale

from home.models import HomePage

from .models import FiguresPage

TITLE = "The programme in figures"
INTRODUCTION = (
    "What the programme has done since 2016: the workshops held and the people "
    "who attended them, the cities and countries reached, the stories published "
    "and the newsletter's subscribers, year by year."
)


def load() -> FiguresPage | None:
    """The figures page, once (the home page's demo places the block)."""
    if FiguresPage.objects.exists():
        return FiguresPage.objects.first()
    home = HomePage.objects.filter(locale=Locale.get_default(), depth=2).first()
    if home is None:
        return None
    page = FiguresPage(
        title=TITLE,
        slug="figures",
        introduction=INTRODUCTION,
        listing_summary="Workshops, attendance, stories and subscribers, per year.",
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page
