import datetime

import pytest
from django.urls import reverse
from wagtail.models import Locale
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import home.demo
import news.demo
from home.models import HomePage, Partner, StandardPage
from home.related import related_to
from news import services
from news.models import EditionPage, NewsIndexPage, NewsPage


class NewsPageRulesTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        home.demo.load()
        cls.index = news.demo.load()

    def setUp(self):
        self.login()

    def test_news_index_lives_only_under_the_home_page(self):
        # HomePage.subpage_types is extended by the lead; this side is ours.
        assert NewsIndexPage.clean_parent_page_models() == [HomePage]
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage, EditionPage})

    def test_news_page_lives_only_under_a_news_index_and_has_no_children(self):
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsPage, set())
        self.assertCanNotCreateAt(StandardPage, NewsPage)

    def test_editor_can_create_a_news_page_under_the_index(self):
        data = nested_form_data(
            {
                "title": "Briefing in Madrid",
                "slug": "briefing-in-madrid",
                "date": "2016-04-28",
                "edition": "4",
                "listing_summary": "Social services managers hear about the shops.",
                "tags": "Workshops, Madrid",
                "body": streamfield(
                    [("paragraph", rich_text("<p>Twenty-one managers came.</p>"))]
                ),
            }
        )
        data["countries"] = ["ES"]  # nested_form_data would flatten a list
        self.assertCanCreate(self.index, NewsPage, data)
        page = NewsPage.objects.get(
            locale__language_code="en", slug="briefing-in-madrid"
        )
        assert page.edition == 4
        assert sorted(page.tags.names()) == ["Madrid", "Workshops"]
        assert list(page.countries.values_list("code", flat=True)) == ["ES"]


@pytest.mark.parametrize("summary", ["", "  "])
@pytest.mark.django_db
def test_news_page_without_summary_is_saved_as_draft_not_published(
    admin_client, news_index, summary
):
    url = reverse("wagtailadmin_pages:add", args=["news", "newspage", news_index.pk])
    data = nested_form_data(
        {
            "title": "No summary",
            "slug": "no-summary",
            "date": "2026-01-01",
            "listing_summary": summary,
            "body": streamfield([]),
        }
    )

    publish = admin_client.post(url, {**data, "action-publish": "action-publish"})
    assert publish.status_code == 200
    assert publish.context["form"].errors["listing_summary"] == [
        "Write a short summary of the article."
    ]
    assert not NewsPage.objects.filter(slug="no-summary").exists()

    draft = admin_client.post(url, data)
    assert draft.status_code == 302
    assert not NewsPage.objects.get(slug="no-summary").live


@pytest.mark.django_db
def test_news_page_date_defaults_to_today(news_index):
    assert NewsPage().date == datetime.date.today()


@pytest.mark.django_db
def test_related_news_share_a_country_and_leave_out_the_page(news_index, make_news):
    chile = make_news(
        title="Chile only", countries=["CL"], date=datetime.date(2017, 5, 1)
    )
    make_news(title="Uruguay only", countries=["UY"])
    draft = make_news(title="Chile draft", countries=["CL"])
    draft.unpublish()
    related = related_to(chile, ["CL"])["related_news"]
    assert [p.slug for p in related] == ["monitoring-visits-brazil-chile-paraguay"]


@pytest.mark.django_db
def test_related_news_is_limited_and_newest_first(news_index, make_news):
    source = make_news(countries=["BR"], date=datetime.date(2015, 1, 1))
    titles = [p.title for p in related_to(source, ["BR"])["related_news"]]
    assert titles == [
        "A new project for the safe return of trafficking survivors",
        "Field visits to the One Stop Shops in Brazil, Chile and Paraguay",
        "Partners from eleven countries meet in São Paulo",
    ]


@pytest.mark.django_db
def test_partners_are_shown_in_the_page_language_where_translated(
    english_only, news_index
):
    spanish = Locale.objects.get(language_code="es")
    oei = Partner.objects.get(acronym="OEI", locale__language_code="en")
    oei_es = oei.copy_for_translation(spanish)
    oei_es.name = "Organización de Estados Iberoamericanos"
    oei_es.save()
    article = NewsPage.objects.get(
        locale__language_code="en", slug="transnational-meeting-sao-paulo"
    )
    translated = article.copy_for_translation(spanish, copy_parents=True)

    names = [p.name for p in services.localized_partners(translated)]
    assert names[0] == "Organización de Estados Iberoamericanos"
    assert "Asociación de Cooperación Bolivia España" in names  # no translation
    assert len(names) == 5
    english = [p.name for p in services.localized_partners(article)]
    assert english[0].startswith("Organisation of Ibero-American States")
