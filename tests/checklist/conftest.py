import pytest
from django.core.cache import cache
from wagtail.models import Locale

from checklist.models import ChecklistPage, ChecklistStep
from countries.models import NeedCategory

URL = "/{lang}/countries/checklist/"


@pytest.fixture
def checklist_page(demo_content) -> ChecklistPage:
    cache.clear()  # the email's rate-limit counters
    return ChecklistPage.objects.get(locale__language_code="en")


@pytest.fixture
def make_step(checklist_page):
    """A step in the default language: ``needs`` are need slugs."""

    def make(title: str, needs=(), **fields) -> ChecklistStep:
        locale = Locale.get_default()
        step = ChecklistStep(
            locale=locale, title=title, text=f"What to do: {title}.", **fields
        )
        step.save()
        step.needs.set(NeedCategory.objects.filter(locale=locale, slug__in=needs))
        step.save()
        return step

    return make
