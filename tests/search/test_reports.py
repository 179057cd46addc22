"""What people search for, in the admin: every query and those that found
nothing, exported safely, seen by the editors who manage promoted results."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.urls import reverse

from tests.factories import VerifiedUserFactory

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/","x")'


@pytest.fixture(autouse=True)
def no_cached_permissions():
    cache.clear()


def staff_in(group_name: str):
    user = VerifiedUserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def searched(client, home_page):
    for q in ("programme", "programme", "xyzzyplugh", FORMULA):
        client.get("/en/search/", {"q": q})


def test_an_editor_sees_the_searches_that_found_nothing(client, searched):
    client.force_login(staff_in("Editors"))
    response = client.get(reverse("unanswered_searches"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "xyzzyplugh" in content
    assert "programme" not in content
    response = client.get(reverse("search_terms"))
    assert response.status_code == 200
    assert "programme" in response.content.decode()


def test_the_reports_are_in_the_reports_menu(client, searched):
    client.force_login(staff_in("Editors"))
    content = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("unanswered_searches") in content
    assert reverse("search_terms") in content


@pytest.mark.parametrize(
    "url_name",
    ["search_terms", "unanswered_searches", "wagtailsearchpromotions:search_terms"],
)
def test_exports_write_a_visitors_formula_as_text(client, searched, url_name):
    client.force_login(staff_in("Editors"))
    response = client.get(reverse(url_name) + "?export=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    # Stored as Wagtail normalises queries: lower case, no double quotes.
    assert "'=hyperlink(" in body
    assert "\n=hyperlink(" not in body
    assert '\n"=hyperlink(' not in body


def test_staff_without_promotion_rights_do_not_see_what_people_search(client, searched):
    user = VerifiedUserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Questions team"))
    client.force_login(user)
    for name in ("search_terms", "unanswered_searches"):
        response = client.get(reverse(name), follow=True)
        assert "xyzzyplugh" not in response.content.decode()
        assert "do not have permission" in response.content.decode()


def test_the_reports_add_up_the_chosen_dates_only(client, home_page):
    """Searches on three days: a report of the last one counts one."""
    import datetime

    from django.utils import timezone
    from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

    from search.models import UnansweredSearch

    query = Query.get("xyzzyplugh")
    for days_ago in range(3):
        day = timezone.localdate() - datetime.timedelta(days=days_ago)
        QueryDailyHits.objects.create(query=query, date=day, hits=1)
        UnansweredSearch.objects.create(query=query, date=day, hits=1)
    client.force_login(staff_in("Editors"))
    start = timezone.localdate()
    dates = {"from": start.isoformat(), "to": timezone.localdate().isoformat()}
    # The date filters Wagtail's report had (its sums were wrong with them).
    params = {
        f"{name}_{end}": day
        for name in ("date", "hit_date")
        for end, day in dates.items()
    }
    for name in ("unanswered_searches", "search_terms"):
        response = client.get(reverse(name), {"export": "csv", **params})
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        assert "xyzzyplugh,1" in body, name
        response = client.get(reverse(name), {"export": "csv"})
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        assert "xyzzyplugh,3" in body, name


def test_search_and_suggestions_answer_head_requests(client, home_page):
    assert client.head("/en/search/", {"q": "programme"}).status_code == 200
    assert client.head("/en/search/suggest/", {"q": "prog"}).status_code == 200
