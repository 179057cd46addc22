import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_locations(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return [loc.text for loc in root.findall("s:url/s:loc", SITEMAP_NS)]


def test_sitemap_lists_live_pages(client, about_page):
    locations = sitemap_locations(client)
    assert "http://127.0.0.1:8000/en/" in locations
    assert "http://127.0.0.1:8000/en/about/" in locations


def test_sitemap_leaves_out_unpublished_and_private_pages(client, about_page):
    from wagtail.models import PageViewRestriction

    about_page.unpublish()
    locations = sitemap_locations(client)
    assert "http://127.0.0.1:8000/en/about/" not in locations
    about_page.save_revision().publish()
    PageViewRestriction.objects.create(
        page=about_page, restriction_type="password", password="x"
    )
    assert "http://127.0.0.1:8000/en/about/" not in sitemap_locations(client)


def test_robots_txt_points_to_the_sitemap_and_keeps_out_admin(client, home_page):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/\n" in body
    assert "Disallow: /es/search/\n" in body
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in body


def test_pages_carry_sharing_metadata(client, about_page):
    content = client.get("/en/about/").content.decode()
    assert '<meta property="og:title" content="About the programme">' in content
    assert (
        '<meta property="og:url" content="http://127.0.0.1:8000/en/about/">' in content
    )
    assert '<meta property="og:image" content="http://127.0.0.1:8000/media/' in content
    assert '<meta name="twitter:card" content="summary_large_image">' in content
