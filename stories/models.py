from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.forms import TaskStateCommentForm
from wagtail.models import AbstractGroupApprovalTask, Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from countries.services import country_page_for
from home.blocks import RICH_TEXT_FEATURES, BaseStreamBlock
from home.choices import EUROPEAN_COUNTRIES, LATIN_AMERICAN_COUNTRIES
from home.listings import attach_listing_images, paginate
from home.models import BasePage
from home.pages import children_shown
from home.related import related_to

from .choices import STORY_THEMES
from .feeds import stories_feed_response
from .forms import SuccessStoryPageForm
from .services import (
    check_publishable,
    filter_stories,
    has_consent,
    record_consent_check,
    sensitive_in_some_language,
)

initials_validator = RegexValidator(
    r"^(?:[^\W\d_]\.){1,4}$",
    _("Write initials as letters each followed by a dot, for example E.C."),
)


class StoryIndexPage(RoutablePageMixin, BasePage):
    """The list of success stories, filterable by theme and country of return.

    Routes: ``""`` (the listing, GET ``theme``, ``country``, ``page``) and
    ``feed/`` (RSS 2.0 of the stories that are not sensitive).
    """

    introduction = RichTextField(
        _("introduction"), blank=True, features=RICH_TEXT_FEATURES
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["stories.SuccessStoryPage"]

    class Meta:
        verbose_name = _("story index page")

    def live_stories(self):
        """This index's live, public stories in the visitor's language (the
        default language's where untranslated), newest first, ready for cards."""
        return (
            children_shown(self, SuccessStoryPage)
            .select_related("country_lived_in", "country_of_return")
            .prefetch_related("theme_links")
            .defer_streamfields()
            .order_by("-first_published_at", "-pk")
        )

    @path("")
    def listing(self, request):
        theme = request.GET.get("theme", "")
        country = request.GET.get("country", "")
        stories, filters_valid = filter_stories(self.live_stories(), theme, country)
        stories_page = paginate(request, stories)
        attach_listing_images(stories_page.object_list)
        return self.render(
            request,
            context_overrides={
                "stories": stories_page,
                "selected_theme": theme,
                "selected_country": country,
                "filters_valid": filters_valid,
                "is_filtered": bool(theme or country),
                "theme_choices": STORY_THEMES,
                "country_choices": LATIN_AMERICAN_COUNTRIES,
            },
        )

    @path("feed/", name="feed")
    def feed(self, request):
        return stories_feed_response(self, request)

    def feed_url(self) -> str:
        return self.url + self.reverse_subpage("feed")


class SuccessStoryPage(BasePage):
    """A returnee's story, told with their consent and shown by initials only.

    Invariant: a story goes live only with ``consent_on_file`` and
    ``consent_date`` set (``publish`` and ``save`` raise
    ``ConsentMissingError`` otherwise; the admin form shows the error).
    Sensitive stories are listed on the site but carry ``noindex`` and are left
    out of the feed and the sitemap.
    """

    initials = models.CharField(
        _("initials"),
        max_length=8,
        validators=[initials_validator],
        help_text=_(
            "Initials only, for example E.C. Never write the person's full name, "
            "here or anywhere in the story."
        ),
    )
    country_lived_in = models.ForeignKey(
        "countries.Country",
        verbose_name=_("country they lived in"),
        null=True,  # required to publish, not to save a draft
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"code__in": [code for code, _name in EUROPEAN_COUNTRIES]},
    )
    country_of_return = models.ForeignKey(
        "countries.Country",
        verbose_name=_("country of return"),
        null=True,  # required to publish, not to save a draft
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={
            "code__in": [code for code, _name in LATIN_AMERICAN_COUNTRIES]
        },
        help_text=_("Its One Stop Shop is credited with the story."),
    )
    year_of_return = models.PositiveSmallIntegerField(
        _("year of return"),
        null=True,  # required to publish, not to save a draft
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    pull_quote = models.TextField(
        _("pull quote"),
        blank=True,
        max_length=300,
        help_text=_("A short sentence in the person's words, shown on cards."),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)
    consent_on_file = models.BooleanField(
        _("Written consent to publish this story is on file"), default=False
    )
    consent_date = models.DateField(
        _("consent date"),
        null=True,
        blank=True,
        help_text=_("The date the person signed their consent."),
    )
    is_sensitive = models.BooleanField(
        _("Sensitive story: hide from search engines, feeds and the sitemap"),
        default=False,
    )

    base_form_class = SuccessStoryPageForm

    # A person's initials are the same in every language.
    # The flag too: "Sync translated pages" carries it to every language.
    override_translatable_fields = [
        SynchronizedField("initials"),
        SynchronizedField("is_sensitive"),
        # The countries are filter keys (``?country=``) and pick the One Stop
        # Shop shown: the same in every language.
        SynchronizedField("country_lived_in", overridable=False),
        SynchronizedField("country_of_return", overridable=False),
    ]

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("initials"),
                FieldRowPanel(
                    [FieldPanel("country_lived_in"), FieldPanel("country_of_return")]
                ),
                FieldPanel("year_of_return"),
            ],
            heading=_("The person"),
        ),
        InlinePanel("theme_links", label=_("Theme"), heading=_("Themes")),
        FieldPanel("pull_quote"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("consent_on_file"),
                FieldPanel("consent_date"),
                FieldPanel("is_sensitive"),
            ],
            heading=_("Consent and privacy"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("pull_quote"),
        index.SearchField("body"),
        index.FilterField("country_of_return"),
    ]

    parent_page_types = ["stories.StoryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("success story")
        verbose_name_plural = _("success stories")

    @property
    def country_of_return_code(self) -> str:
        """ISO code of the country whose One Stop Shop helped (for its CountryPage)."""
        return self.country_of_return_id or ""

    @property
    def theme_labels(self) -> list[str]:
        """Translated theme names, once each, in editor order."""
        labels = dict(STORY_THEMES)
        seen = []
        for link in self.theme_links.all():
            if link.theme in labels and link.theme not in seen:
                seen.append(link.theme)
        return [str(labels[theme]) for theme in seen]

    def clean(self):
        super().clean()
        european = dict(EUROPEAN_COUNTRIES)
        latin_american = dict(LATIN_AMERICAN_COUNTRIES)
        errors = {}
        if self.country_lived_in_id and self.country_lived_in_id not in european:
            errors["country_lived_in"] = _("Choose Spain, Italy or Portugal.")
        if (
            self.country_of_return_id
            and self.country_of_return_id not in latin_american
        ):
            errors["country_of_return"] = _(
                "Choose one of the eight countries with a One Stop Shop."
            )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # A full save of a live row is how every publish path ends (and how a
        # page created live is stored): refuse it without consent. Partial
        # saves (update_fields) only touch revision bookkeeping.
        if self.live and kwargs.get("update_fields") is None:
            check_publishable(self)
        return super().save(*args, **kwargs)

    def publish(self, revision, *args, **kwargs):
        check_publishable(revision.as_object())
        return super().publish(revision, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(related_to(self, [self.country_of_return_id]))
        context["one_stop_shop_page"] = country_page_for(self.country_of_return_id)
        return context

    @cached_property
    def is_sensitive_anywhere(self) -> bool:
        """Sensitive here (as edited, in a preview too) or in another language
        (``sensitive_in_some_language``)."""
        return (
            self.is_sensitive
            or SuccessStoryPage.objects.filter(
                sensitive_in_some_language(), pk=self.pk
            ).exists()
        )

    def get_sitemap_urls(self, request=None):
        if self.is_sensitive_anywhere:
            return []
        return super().get_sitemap_urls(request)


class SuccessStoryTheme(Orderable):
    """One theme of a story, from the programme's closed list (STORY_THEMES)."""

    page = ParentalKey(
        SuccessStoryPage, on_delete=models.CASCADE, related_name="theme_links"
    )
    theme = models.CharField(_("theme"), max_length=40, choices=STORY_THEMES)

    panels = [FieldPanel("theme")]

    class Meta(Orderable.Meta):
        verbose_name = _("story theme")
        verbose_name_plural = _("story themes")

    def __str__(self) -> str:
        return str(self.get_theme_display())


class ConsentCheck(models.Model):
    """The Consent check team saw the signed consent behind a story.

    One row per story (all its languages share ``translation_key``) and
    consent date; ``services.check_publishable`` requires it.
    """

    translation_key = models.UUIDField(_("story"), db_index=True)
    consent_date = models.DateField(_("consent date"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("checked at"), default=timezone.now)

    class Meta:
        verbose_name = _("consent check")
        verbose_name_plural = _("consent checks")
        constraints = [
            models.UniqueConstraint(
                fields=["translation_key", "consent_date"],
                name="one_consent_check_per_story_and_date",
            )
        ]

    def __str__(self):
        return f"{self.translation_key} ({self.consent_date})"


class ConsentCheckForm(TaskStateCommentForm):
    """Approving the Consent check step: the reviewer states what they saw."""

    consent_seen = forms.BooleanField(
        label=_(
            "I have seen the person's signed consent: it covers this story, "
            "and its date is the consent date entered."
        ),
        required=True,
    )


class ConsentCheckTask(AbstractGroupApprovalTask):
    """A review step whose group confirms a story's consent record.

    Approving it records a ``ConsentCheck``; a story whose consent is not
    entered can only be sent back ("Request changes").
    """

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if not actions:
            return actions
        story = _as_edited(obj)
        if isinstance(story, SuccessStoryPage) and not has_consent(story):
            return [action for action in actions if action[0] != "approve"]
        return [
            ("reject", _("Request changes"), True),
            ("approve", _("Confirm consent"), True),
        ]

    def get_form_for_action(self, action):
        if action == "approve":
            return ConsentCheckForm
        return super().get_form_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        kwargs.pop("consent_seen", None)
        if action_name == "approve":
            story = task_state.revision.as_object()
            if isinstance(story, SuccessStoryPage):
                record_consent_check(story, user)
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _(
            "Members of the chosen groups confirm that a story's signed consent "
            "is on file before it can be published"
        )

    class Meta:
        verbose_name = _("Consent check task")
        verbose_name_plural = _("Consent check tasks")


def _as_edited(obj):
    """The latest draft of ``obj`` (what a reviewer is asked to approve)."""
    if isinstance(obj, Page):
        return obj.specific.get_latest_revision_as_object()
    return obj
