"""Campaigns send newsletter editions: default choice, subject and email."""

import pytest
from django.core import mail
from django.urls import reverse

from mailinglist import emails, sending, services
from mailinglist.models import Campaign
from news.models import EditionPage, NewsPage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_list")]


@pytest.fixture
def edition(demo_content) -> EditionPage:
    return EditionPage.objects.get(locale__language_code="en", number=3)


def test_default_campaign_page_is_the_newest_edition_not_sent(edition, make_campaign):
    assert services.default_edition() == edition
    newer = EditionPage(
        title="Edition four", slug="edition-4", number=4, date=edition.date
    )
    edition.get_parent().add_child(instance=newer)
    newer.save_revision().publish()
    newer.refresh_from_db()
    assert services.default_edition().pk == newer.pk
    make_campaign(page=newer, status=Campaign.Status.SENT)
    assert services.default_edition().pk == edition.pk
    make_campaign(page=edition, status=Campaign.Status.SENT)
    assert services.default_edition() is None


def test_edition_email_has_title_intro_cover_and_article_links(
    make_subscriber, make_campaign, edition, settings
):
    make_subscriber()
    sending.run_campaign(make_campaign(page=edition).pk)
    message = mail.outbox[0]
    assert message.subject == f"Newsletter 3: {edition.title}"
    html = message.alternatives[0][0]
    for body in (message.body, html):
        assert edition.title in body
        assert "eight Latin American One Stop Shops" in body
        for article in NewsPage.objects.live().filter(edition=3, locale_id=1):
            assert settings.SITE_URL + article.url in body
    cover = edition.cover_image.get_rendition(emails.IMAGE_SPEC)
    assert f'src="{settings.SITE_URL}{cover.url}' in html


def test_links_in_the_edition_introduction_work_from_an_inbox(
    make_subscriber, make_campaign, edition, settings
):
    article = NewsPage.objects.live().filter(edition=3, locale_id=1).first()
    edition.introduction = (
        f'<p>Read <a linktype="page" id="{article.pk}">the first article</a> '
        'and <a href="/en/workshops/">the workshops</a>.</p>'
    )
    edition.save_revision().publish()
    make_subscriber()
    sending.run_campaign(make_campaign(page=edition).pk)
    html = mail.outbox[0].alternatives[0][0]
    assert f'href="{settings.SITE_URL}{article.url}">the first article' in html
    assert f'href="{settings.SITE_URL}/en/workshops/">the workshops' in html
    assert 'href="/' not in html


def test_edition_subject_is_translated(make_subscriber, make_campaign, edition):
    make_subscriber(language="es")
    sending.run_campaign(make_campaign(page=edition).pk)
    assert mail.outbox[0].subject.startswith("Boletín 3: ")


def test_campaign_listing_names_a_campaign_by_its_edition(
    admin_client, make_campaign, edition
):
    make_campaign(page=edition, status=Campaign.Status.SENT)
    content = admin_client.get(reverse("newsletter_campaigns:index")).content.decode()
    assert f"Newsletter 3: {edition.title}" in content


def test_campaign_form_preselects_the_newest_unsent_edition(admin_client, edition):
    response = admin_client.get(reverse("newsletter_campaigns:add"))
    assert response.context["form"].initial["page"] == edition.pk
