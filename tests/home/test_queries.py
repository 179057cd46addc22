import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import HomePageFeaturedPage

pytestmark = pytest.mark.django_db

# Budget for the home page with its menu, featured cards, breadcrumbs, language
# links and footer (its links to the questions form and the privacy notice are
# one query each), and its "programme in figures" block (the figures page it
# links to: one query; the figures themselves are cached). It must not depend
# on how many pages the site has.
HOME_PAGE_QUERY_BUDGET = 24


def count_queries(client, url: str) -> int:
    client.get(url)  # warm up: renditions are created on the first view
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_home_page_queries_do_not_grow_with_more_pages(
    client, home_page, make_standard_page
):
    before = count_queries(client, "/en/")
    menu_items = client.get("/en/").content.decode().count('class="main-menu__item"')
    about = home_page.get_children().get(slug="about")
    for i in range(50):
        page = make_standard_page(
            title=f"Extra {i}",
            show_in_menus=i % 2 == 0,
            listing_image=about.specific.listing_image,
            listing_summary="More to read.",
        )
        if i < 5:
            HomePageFeaturedPage.objects.create(
                home_page=home_page, page=page, sort_order=i + 1
            )
    after = count_queries(client, "/en/")
    content = client.get("/en/").content.decode()
    assert content.count('class="main-menu__item"') == menu_items + 25
    assert content.count('<article class="card">') == 6
    assert after == before
    assert after <= HOME_PAGE_QUERY_BUDGET


def test_standard_page_queries_do_not_grow_with_more_pages(
    client, about_page, make_standard_page
):
    before = count_queries(client, about_page.url)
    for i in range(50):
        make_standard_page(title=f"Extra {i}", show_in_menus=True)
    for i in range(10):
        make_standard_page(parent=about_page, title=f"Child {i}", slug=f"child-{i}")
    assert count_queries(client, about_page.url) == before
