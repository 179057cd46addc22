from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.contrib.forms.models import (
    AbstractFormField,
    EmailFormMixin,
    FormMixin,
)
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from . import questions, spam
from .blocks import (
    RICH_TEXT_FEATURES,
    BaseStreamBlock,
    HomeStreamBlock,
    SocialLinkBlock,
)
from .choices import PROGRAMME_COUNTRIES
from .i18n import localize, localize_one
from .listings import specific_pages_with_images
from .pages import visible


class BasePage(Page):
    """Fields every content page has for listings and sharing."""

    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("listing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown on cards that link to this page and when it is shared."),
    )
    listing_summary = models.TextField(
        _("listing summary"),
        blank=True,
        max_length=300,
        help_text=_("One or two sentences for cards and search results."),
    )

    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel(
            [FieldPanel("listing_image"), FieldPanel("listing_summary")],
            heading=_("Listings and sharing"),
        ),
    ]

    class Meta:
        abstract = True

    @property
    def summary(self) -> str:
        return self.listing_summary or self.search_description


class HomePage(BasePage):
    """The root of each language's site: hero, introduction and featured pages."""

    hero_heading = models.CharField(_("hero heading"), max_length=120)
    hero_text = models.TextField(_("hero text"), blank=True, max_length=400)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_link_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("hero button page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_link_label = models.CharField(
        _("hero button label"), max_length=60, blank=True
    )
    introduction = RichTextField(
        _("introduction"), blank=True, features=RICH_TEXT_FEATURES
    )
    sections = StreamField(
        HomeStreamBlock(),
        verbose_name=_("sections"),
        blank=True,
        help_text=_("Blocks shown after the featured pages, such as the figures."),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                PageChooserPanel("hero_link_page"),
                FieldPanel("hero_link_label"),
            ],
            heading=_("Hero"),
        ),
        FieldPanel("introduction"),
        InlinePanel(
            "featured_pages",
            label=_("Featured page"),
            heading=_("Featured pages"),
            max_num=6,
        ),
        FieldPanel("sections"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("hero_heading"),
        index.SearchField("introduction"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.StandardPage",
        "news.NewsIndexPage",
        "stories.StoryIndexPage",
        "countries.CountryIndexPage",
        "workshops.WorkshopIndexPage",
        "impact.FiguresPage",
        "home.FormPage",
    ]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["featured_pages"] = self.get_featured_pages()
        context["hero_link"] = self.get_hero_link()
        return context

    def route(self, request, path_components):
        """Route in this language's tree, else in the default language's tree.

        Editors translate one page at a time: until a page has a live
        translation, its default-language version answers under every prefix.
        """
        try:
            return super().route(request, path_components)
        except Http404:
            source = self.get_translation_or_none(Locale.get_default())
            if source is None or source.pk == self.pk:
                raise
            return source.specific.route(request, path_components)

    def get_hero_link(self) -> Page | None:
        """The hero button's page in the visitor's language (else the default
        one), when the button has a label and anyone may see the page."""
        if not (self.hero_link_page_id and self.hero_link_label):
            return None
        chosen = Page.objects.filter(pk=self.hero_link_page_id)
        translations = Page.objects.filter(
            translation_key__in=chosen.values("translation_key")
        )
        return localize_one(visible(translations))

    def get_featured_pages(self) -> list[Page]:
        """The live, public featured pages in editor order, with listing images,
        each in the visitor's language where translated, else in the default
        language (a page restricted there is not replaced by a translation)."""
        # Read through the relation's own manager: a preview holds it in memory.
        ids = [featured.page_id for featured in self.featured_pages.all()]
        keys = dict(
            Page.objects.filter(id__in=ids).values_list("id", "translation_key")
        )
        chosen = [keys[page_id] for page_id in ids if page_id in keys]
        order = {key: place for place, key in enumerate(chosen)}
        pages = specific_pages_with_images(
            localize(visible(Page.objects.filter(translation_key__in=chosen)))
        )
        return sorted(pages, key=lambda page: order[page.translation_key])


class HomePageFeaturedPage(Orderable):
    """A page the editors feature on the home page, in their order."""

    home_page = ParentalKey(
        HomePage, on_delete=models.CASCADE, related_name="featured_pages"
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [PageChooserPanel("page")]


class StandardPage(BasePage):
    """A general page (About, Privacy...) with an introduction and a flexible body."""

    introduction = models.TextField(_("introduction"), blank=True, max_length=500)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class Partner(TranslatableMixin, models.Model):
    """An organisation that runs the programme (OEI, ACOBE, ICEI, FEDELATINA, ALCC)."""

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    country = models.CharField(_("country"), max_length=2, choices=PROGRAMME_COUNTRIES)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    website = models.URLField(_("website"), blank=True)
    role = models.TextField(_("role in the programme"), blank=True, max_length=500)
    sort_order = models.PositiveSmallIntegerField(
        _("display order"), default=0, help_text=_("Lower numbers are shown first.")
    )

    # An acronym is the same in every language.
    override_translatable_fields = [SynchronizedField("acronym")]

    panels = [
        FieldPanel("name"),
        FieldPanel("acronym"),
        FieldPanel("country"),
        FieldPanel("logo"),
        FieldPanel("website"),
        FieldPanel("role"),
        FieldPanel("sort_order"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """Contact details and social links, one set per site (the same in every
    language; the footer's words are the translatable ``FooterText``)."""

    contact_email = models.EmailField(_("contact email"), blank=True)
    social_links = StreamField(
        [("link", SocialLinkBlock())], verbose_name=_("social links"), blank=True
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy notice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Linked from the footer and from every form that asks for personal "
            "data, in the visitor's language where it is translated."
        ),
    )

    panels = [
        # Questions go there when the form page has no address of its own:
        # only those who may read them choose where they go (as ``to_address``).
        FieldPanel("contact_email", permission=questions.READ_PERMISSION),
        FieldPanel("social_links"),
        FieldPanel("privacy_page"),
    ]

    class Meta:
        verbose_name = _("site settings")


class FooterText(TranslatableMixin, models.Model):
    """The footer's words about the programme, one per language.

    A translatable snippet (as in Wagtail's bakery demo): translators translate
    it like a page, and each language's footer shows its own translation, or
    the default language's where there is none yet.
    """

    text = models.TextField(_("text"), max_length=500)

    panels = [FieldPanel("text")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("footer text")
        verbose_name_plural = _("footer texts")

    def __str__(self) -> str:
        return Truncator(self.text).chars(60)


class FormField(TranslatableMixin, AbstractFormField):
    """One field of a ``FormPage``, as the editors define it.

    Translatable with its page (label, help text, choices). ``clean_name``, the
    key the answers are stored under, is the same in every language, so the
    admin lists Spanish and English answers in the same columns.
    """

    page = ParentalKey("FormPage", on_delete=models.CASCADE, related_name="form_fields")

    override_translatable_fields = [SynchronizedField("clean_name", overridable=False)]

    class Meta(TranslatableMixin.Meta, AbstractFormField.Meta):
        pass


class QuestionsPanel(FormSubmissionsPanel):
    """The count of answers and the link to them, for the questions team only."""

    class BoundPanel(FormSubmissionsPanel.BoundPanel):
        def is_shown(self):
            return questions.can_read(self.request.user) and super().is_shown()


class FormPage(EmailFormMixin, FormMixin, BasePage):
    """A form the editors build ("Questions, suggestions and doubts").

    Each answer is stored as a Wagtail form submission (listed and exported in
    the admin's Forms section) and emailed to ``to_address``, or to the site's
    contact email when that is blank; a person who gave an email address gets
    an acknowledgement in the page's language. A honeypot field and a per-IP
    rate limit (``FORM_RATE_LIMITS["question"]``) keep robots out.
    """

    introduction = RichTextField(
        _("introduction"), blank=True, features=RICH_TEXT_FEATURES
    )
    thank_you_text = RichTextField(
        _("thank-you text"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Shown after a successful submission."),
    )

    # Where the answers go is the same in every language: a translation must
    # not send people's questions to another mailbox.
    override_translatable_fields = [
        SynchronizedField("to_address"),
        SynchronizedField("from_address"),
    ]

    form_builder = questions.FormPageFormBuilder

    content_panels = [
        *Page.content_panels,
        QuestionsPanel(),
        FieldPanel("introduction"),
        InlinePanel("form_fields", label=_("Form field"), heading=_("Form fields")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel(
                            "from_address", permission=questions.READ_PERMISSION
                        ),
                        FieldPanel(
                            "to_address",
                            # Whoever sets it receives every question.
                            permission=questions.READ_PERMISSION,
                            help_text=_(
                                "Submissions are emailed to these addresses "
                                "(separated by commas). Leave blank to use the "
                                "contact email of the site settings."
                            ),
                        ),
                    ]
                ),
                FieldPanel("subject", permission=questions.READ_PERMISSION),
            ],
            heading=_("Email"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("form page")
        # Who may read and export the answers (``questions.can_read``).
        permissions = [("view_questions", "Can read and export the questions sent")]

    def get_form_parameters(self) -> dict:
        # Ids unlike the footer forms' ids, so every page stays valid HTML.
        return {"auto_id": "form_%s"}

    def get_submissions_list_view_class(self):
        """The list and export of the answers, formulas neutralised."""
        from .question_views import QuestionSubmissionsListView

        return QuestionSubmissionsListView

    def get_form_class(self):
        return spam.with_honeypot(super().get_form_class())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["honeypot_field"] = spam.HONEYPOT_FIELD
        return context

    def serve(self, request, *args, **kwargs):
        if request.method != "POST":
            context = self.get_context(request)
            context["form"] = self.get_form(
                page=self,
                user=request.user,
                initial=questions.initial_answers(self, request.GET),
            )
            return TemplateResponse(request, self.get_template(request), context)
        if not spam.allow(request, questions.RATE_LIMIT_ACTION):
            # The form again, with what the person typed, to send later.
            context = self.get_context(request)
            context["form"] = self.get_form(
                request.POST, request.FILES, page=self, user=request.user
            )
            context["rate_limited"] = True
            return spam.too_many_requests(
                request,
                questions.RATE_LIMIT_ACTION,
                self.get_template(request),
                context,
            )
        if spam.is_robot(request.POST):
            # Answer as to a person, so the robot learns nothing; keep nothing.
            return self.render_landing_page(request, None, *args, **kwargs)
        form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
        if form.is_valid():
            submission = self.process_form_submission(form)
            # Anybody can type anybody's address: one address gets a few
            # acknowledgements, then none for a while (the team still gets
            # every question).
            address = questions.sender_address(self, form.cleaned_data)
            acknowledge = bool(address) and spam.allow(
                request, questions.ACKNOWLEDGEMENT_RATE_LIMIT, key=address.lower()
            )
            questions.send_emails_on_commit(submission, acknowledge=acknowledge)
            return self.render_landing_page(request, submission, *args, **kwargs)
        context = self.get_context(request)
        context["form"] = form
        return TemplateResponse(
            request, self.get_template(request), context, status=400
        )

    def process_form_submission(self, form):
        """Store the answers (without the honeypot); ``serve`` has them emailed."""
        data = {
            name: value
            for name, value in form.cleaned_data.items()
            if name != spam.HONEYPOT_FIELD
        }
        return self.get_submission_class().objects.create(form_data=data, page=self)
