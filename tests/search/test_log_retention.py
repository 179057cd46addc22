import datetime

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from search.models import UnansweredSearch

pytestmark = pytest.mark.django_db


@override_settings(WAGTAILSEARCH_HITS_MAX_AGE=90)
def test_the_daily_clean_up_forgets_old_searches_that_found_nothing():
    today = timezone.localdate()
    old, recent = (
        today - datetime.timedelta(days=91),
        today - datetime.timedelta(days=89),
    )
    still_searched = Query.get("still searched")
    QueryDailyHits.objects.create(query=still_searched, date=today, hits=1)
    UnansweredSearch.objects.create(query=still_searched, date=old, hits=3)
    UnansweredSearch.objects.create(query=still_searched, date=recent, hits=2)
    forgotten = Query.get("forgotten")
    QueryDailyHits.objects.create(query=forgotten, date=old, hits=1)
    UnansweredSearch.objects.create(query=forgotten, date=old, hits=1)

    call_command("searchpromotions_garbage_collect", stdout=None)

    assert list(
        UnansweredSearch.objects.values_list("query__query_string", "date")
    ) == [("still searched", recent)]
    assert not Query.objects.filter(query_string="forgotten").exists()
