from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from home.blocks import RICH_TEXT_FEATURES, BaseStreamBlock
from home.listings import attach_listing_images
from home.models import BasePage
from home.pages import children_shown
from home.related import related_to

from . import feeds, services
from .forms import NewsPageForm


class NewsPageTag(TaggedItemBase):
    """A tag on a news article (tags are shared with the whole site's taggit tags)."""

    content_object = ParentalKey(
        "news.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsPage(BasePage):
    """A news article; articles with the same ``edition`` form a newsletter edition.

    ``countries`` and ``partners`` say what the article is about: country pages
    and related-content blocks query them (``country.news_pages``).
    """

    date = models.DateField(_("date"), default=timezone.localdate)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown at the top of the article."),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)
    tags = ClusterTaggableManager(
        verbose_name=_("tags"), through=NewsPageTag, blank=True
    )
    countries = ParentalManyToManyField(
        "countries.Country",
        verbose_name=_("countries"),
        blank=True,
        related_name="news_pages",
        help_text=_("The countries this article is about."),
    )
    partners = ParentalManyToManyField(
        "home.Partner",
        verbose_name=_("partners"),
        blank=True,
        related_name="news_pages",
        help_text=_("The programme partners involved."),
    )
    edition = models.PositiveSmallIntegerField(
        _("newsletter edition"),
        null=True,
        blank=True,
        help_text=_("Newsletter edition number; articles of an edition are grouped."),
    )

    base_form_class = NewsPageForm

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("edition")], heading=_("Publication")
        ),
        FieldPanel("listing_summary", heading=_("Summary")),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("tags"),
                FieldPanel("countries", widget=forms.CheckboxSelectMultiple),
                FieldPanel("partners", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Topics"),
        ),
    ]
    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel(
            [FieldPanel("listing_image")], heading=_("Listings and sharing")
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("listing_summary"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        index_page = self.get_parent().specific
        context["index_url"] = services.index_url(index_page, request)
        context["feeds"] = services.feed_urls(index_page, request)
        if self.edition is not None:
            context["edition_url"] = services.edition_url(
                index_page, self.edition, services.edition_pages(index_page), request
            )
        context["partners"] = services.localized_partners(self)
        context.update(related_to(self, self.countries.values_list("code", flat=True)))
        return context

    def get_json_ld(self, request) -> dict:
        return services.news_article_json_ld(self, request)


class NewsIndexPage(RoutablePageMixin, BasePage):
    """The news listing: filters by tag, country, year and edition; RSS and Atom feeds."""

    introduction = RichTextField(
        _("introduction"), blank=True, features=RICH_TEXT_FEATURES
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsPage", "news.EditionPage"]

    class Meta:
        verbose_name = _("news index")

    def news(self):
        """Live, public articles of this index in the visitor's language (the
        default language's where untranslated), newest first (bodies deferred)."""
        return (
            children_shown(self, NewsPage).defer_streamfields().order_by("-date", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["index_url"] = services.index_url(self, request)
        context["feeds"] = services.feed_urls(self, request)
        return context

    @path("")
    def listing(self, request):
        listing = services.filter_news(
            self.news(), request.GET, services.edition_pages(self)
        )
        return self.render(
            request,
            context_overrides={
                "listing": listing,
                "news_page": services.paginate_news(request, listing.results),
            },
        )

    @path("feed/rss/", name="rss_feed")
    def rss_feed(self, request):
        return feeds.feed_response(self, request, feeds.RSS)

    @path("feed/atom/", name="atom_feed")
    def atom_feed(self, request):
        return feeds.feed_response(self, request, feeds.ATOM)


class EditionPage(BasePage):
    """A newsletter edition: number, date, introduction and cover; its articles
    are the news articles of the same index whose ``edition`` is its number
    (one source of truth, so the index's ``?edition=`` filter lists them too).
    The number is the same in every language (synchronised, not overridable).
    """

    number = models.PositiveSmallIntegerField(
        _("edition number"),
        null=True,
        blank=True,
        help_text=_(
            "Articles whose newsletter edition is this number are listed in it."
        ),
    )
    date = models.DateField(_("publication date"), default=timezone.localdate)
    introduction = RichTextField(
        _("introduction"), blank=True, features=RICH_TEXT_FEATURES
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown at the top of the edition and in its email."),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("number"), FieldPanel("date")], heading=_("Publication")
        ),
        FieldPanel("introduction"),
        FieldPanel("cover_image"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.FilterField("date"),
    ]
    override_translatable_fields = [SynchronizedField("number", overridable=False)]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("newsletter edition")
        verbose_name_plural = _("newsletter editions")

    def articles(self):
        """The edition's live, public articles in the visitor's language."""
        if self.number is None:
            return NewsPage.objects.none()
        return (
            children_shown(self.get_parent(), NewsPage)
            .filter(edition=self.number)
            .defer_streamfields()
            .order_by("-date", "-pk")
        )

    def clean(self):
        super().clean()
        if self.number is None:
            return
        others = EditionPage.objects.filter(
            locale_id=self.locale_id, number=self.number
        ).exclude(translation_key=self.translation_key)
        if others.exists():
            raise ValidationError(
                {"number": _("Another edition already has this number.")}
            )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        index_page = self.get_parent().specific
        context["index_url"] = services.index_url(index_page, request)
        context["feeds"] = services.feed_urls(index_page, request)
        articles = list(self.articles())
        attach_listing_images(articles)
        context["articles"] = articles
        self.shown_articles = articles  # for get_json_ld, in the same request
        return context

    def get_json_ld(self, request) -> dict:
        articles = getattr(self, "shown_articles", None)
        if articles is None:
            articles = list(self.articles())
        return services.edition_json_ld(self, articles, request)
