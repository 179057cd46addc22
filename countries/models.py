import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from home.blocks import BaseStreamBlock
from home.choices import EUROPEAN_COUNTRIES, PROGRAMME_COUNTRIES
from home.models import BasePage
from home.related import related_to

from .blocks import RecognitionDocumentBlock, RecognitionStepBlock, SourceLinkBlock


class Country(models.Model):
    """One of the programme's eleven countries, keyed by ISO 3166 code.

    Rows are created by a migration and never edited: names are interface
    strings (translated by gettext), so the same row serves every language.
    News, stories, partners and organisations refer to it, which keeps filters
    and related content independent of page translations.
    """

    code = models.CharField(_("code"), max_length=2, primary_key=True)

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["code"]

    def __str__(self) -> str:
        return str(self.name)

    @property
    def name(self) -> str:
        return str(dict(PROGRAMME_COUNTRIES).get(self.code, self.code))

    @property
    def is_european(self) -> bool:
        return self.code in dict(EUROPEAN_COUNTRIES)


class NeedCategory(index.Indexed, TranslatableMixin, models.Model):
    """A kind of help returnees ask for (training, housing...).

    ``slug`` is the same in every translation: filters match on it, so a link
    like ``?need=training`` works in every language.
    """

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"),
        max_length=60,
        help_text=_("Used in filter addresses; keep it the same in every language."),
    )
    description = models.CharField(_("description"), max_length=250, blank=True)
    sort_order = models.PositiveSmallIntegerField(
        _("display order"), default=0, help_text=_("Lower numbers are shown first.")
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    # Copied from the source on every sync; translators are not offered it.
    override_translatable_fields = [SynchronizedField("slug", overridable=False)]

    # Site search finds needs too ("empleo", "housing"): search/services.py.
    search_fields = [
        index.SearchField("name", boost=2),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.FilterField("locale"),
        index.FilterField("translation_key"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="countries_need_unique_slug_per_locale"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if not self.slug or not self.locale_id:
            return
        others = NeedCategory.objects.filter(slug=self.slug, locale_id=self.locale_id)
        if self.pk:
            others = others.exclude(pk=self.pk)
        if others.exists():
            raise ValidationError(
                {"slug": _("Another need in this language already uses this slug.")}
            )


class ContactDetails(models.Model):
    """How people reach a body: addresses, hours, languages and channels.

    Shared by organisations and One Stop Shops (``CountryPage``). Facts that
    are the same in every language (website, email, phone, the ways to reach
    it, the date they were checked) are synchronised across translations
    (``CONTACT_SYNCHRONIZED_FIELDS``); the address, city, hours and languages
    are translated.
    """

    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(
        _("phone"),
        max_length=40,
        blank=True,
        help_text=_("With the country code, for example +55 11 2345 6789."),
    )
    address = models.TextField(_("postal address"), blank=True, max_length=400)
    city = models.CharField(_("city"), max_length=100, blank=True)
    opening_hours = models.TextField(_("opening hours"), blank=True, max_length=400)
    languages = models.CharField(
        pgettext_lazy("contact details", "languages spoken"),
        max_length=200,
        blank=True,
        help_text=_("For example: Spanish, Quechua."),
    )
    reach_in_person = models.BooleanField(_("in person"), default=False)
    reach_by_phone = models.BooleanField(_("by phone"), default=False)
    reach_by_whatsapp = models.BooleanField(
        _("by WhatsApp"),
        default=False,
        help_text=_("The phone number above takes WhatsApp messages."),
    )
    reach_online = models.BooleanField(
        _("through an online form"),
        default=False,
        help_text=_("A form on its website."),
    )
    details_checked_on = models.DateField(
        _("details last checked on"),
        null=True,
        blank=True,
        help_text=_(
            "When someone last confirmed these contact details; shown to readers."
        ),
    )

    class Meta:
        abstract = True

    @property
    def website_label(self) -> str:
        """The website as people read it: no scheme, no "www.", no final slash."""
        label = re.sub(r"^https?://(www\.)?", "", self.website, flags=re.I)
        return label.rstrip("/") or self.website

    @property
    def phone_uri(self) -> str:
        """The phone as a ``tel:`` address (digits and a leading +), or ''."""
        digits = re.sub(r"[^\d+]", "", self.phone)
        return f"tel:{digits}" if digits.strip("+") else ""

    @property
    def whatsapp_url(self) -> str:
        """A WhatsApp chat link to the phone, when it takes WhatsApp messages."""
        digits = re.sub(r"\D", "", self.phone)
        return f"https://wa.me/{digits}" if self.reach_by_whatsapp and digits else ""

    @property
    def ways_to_reach(self) -> list[str]:
        """The names of the channels it answers on, in a fixed order."""
        ways = [
            (self.reach_in_person, _("In person")),
            (self.reach_by_phone, _("Phone")),
            (self.reach_by_whatsapp, _("WhatsApp")),
            (self.reach_online, _("Online form")),
        ]
        return [str(label) for chosen, label in ways if chosen]

    @property
    def has_contact_details(self) -> bool:
        return bool(
            self.website
            or self.email
            or self.phone
            or self.address
            or self.city
            or self.opening_hours
            or self.languages
            or self.ways_to_reach
            or self.details_checked_on
        )


CONTACT_SYNCHRONIZED_FIELDS = [
    SynchronizedField(name)
    for name in (
        "website",
        "email",
        "phone",
        "reach_in_person",
        "reach_by_phone",
        "reach_by_whatsapp",
        "reach_online",
        "details_checked_on",
    )
]


def contact_panels() -> list[MultiFieldPanel]:
    """The admin panels of ``ContactDetails``: how to reach it, where and when."""
    return [
        MultiFieldPanel(
            [
                FieldPanel("website"),
                FieldPanel("email"),
                FieldPanel("phone"),
                FieldRowPanel(
                    [
                        FieldPanel("reach_in_person"),
                        FieldPanel("reach_by_phone"),
                        FieldPanel("reach_by_whatsapp"),
                        FieldPanel("reach_online"),
                    ],
                    heading=_("Ways to reach it"),
                ),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("city"),
                FieldPanel("opening_hours"),
                FieldPanel("languages"),
                FieldPanel("details_checked_on"),
            ],
            heading=_("Where and when"),
            help_text=_(
                "Fill in only what you have confirmed, and set the date you checked it."
            ),
        ),
    ]


class ResourceOrganisation(
    index.Indexed, TranslatableMixin, ContactDetails, ClusterableModel
):
    """A body in a One Stop Shop's network and the needs it helps with.

    Its ``country`` is where it works; ``needs`` say which requests the One Stop
    Shop refers to it.
    """

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government ministry or agency")
        PUBLIC_SERVICE = "public_service", _("Public service")
        TRAINING = "training", _("Training provider")
        NGO = "ngo", _("NGO or association")
        INTERNATIONAL = "international", _("International organisation")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(
        _("kind of body"), max_length=20, choices=Kind.choices, default=Kind.OTHER
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    services = models.TextField(
        _("services"), blank=True, help_text=_("What it offers returnees.")
    )
    needs = ParentalManyToManyField(
        NeedCategory,
        verbose_name=_("needs it helps with"),
        related_name="organisations",
        blank=True,
    )

    # An acronym and the contact facts are the same in every language; the
    # country is a filter key (``?country=``) no translation may change.
    override_translatable_fields = [
        SynchronizedField("acronym"),
        SynchronizedField("country", overridable=False),
        *CONTACT_SYNCHRONIZED_FIELDS,
    ]

    # Site search finds organisations by name, acronym ("SENAC"), services
    # and the needs they help with: search/services.py.
    search_fields = [
        index.SearchField("name", boost=2),
        index.AutocompleteField("name"),
        index.SearchField("acronym", boost=2),
        index.AutocompleteField("acronym"),
        index.SearchField("services"),
        index.SearchField("city"),
        index.RelatedFields("needs", [index.SearchField("name")]),
        index.FilterField("country"),
        index.FilterField("locale"),
        index.FilterField("translation_key"),
    ]

    panels = [
        FieldPanel("name"),
        FieldPanel("acronym"),
        FieldPanel("kind"),
        FieldPanel("country"),
        FieldPanel("services"),
        FieldPanel("needs", widget=forms.CheckboxSelectMultiple),
        *contact_panels(),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class CountryIndexPage(BasePage):
    """The list of country pages: One Stop Shops first, then countries of residence."""

    introduction = models.TextField(_("introduction"), blank=True, max_length=500)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = [
        "countries.CountryPage",
        "countries.FindHelpPage",
        "checklist.ChecklistPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("country index page")

    def get_context(self, request, *args, **kwargs):
        from .services import country_index_sections

        context = super().get_context(request, *args, **kwargs)
        context.update(country_index_sections(self))
        return context


class CountryPage(BasePage, ContactDetails):  # noqa: DJ008 (Page.__str__)
    """One programme country: its One Stop Shop and network, or its partners in Europe.

    At most one page per country in each language (checked in ``clean``).
    """

    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        null=True,  # required to publish, not to save a draft
        on_delete=models.PROTECT,
        related_name="pages",
    )
    introduction = models.TextField(_("introduction"), blank=True, max_length=500)
    office_name = models.CharField(
        _("office name"),
        max_length=200,
        blank=True,
        help_text=_("Latin American countries only: who runs the One Stop Shop."),
    )
    how_to_get_there = models.TextField(
        _("how to reach it"),
        blank=True,
        max_length=800,
        help_text=_("Latin American countries only: transport, appointments, access."),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    # One page per country in each language: the country is never overridden.
    override_translatable_fields = [
        SynchronizedField("country", overridable=False),
        *CONTACT_SYNCHRONIZED_FIELDS,
    ]

    content_panels = [
        *Page.content_panels,
        FieldPanel("country"),
        FieldPanel("introduction"),
        MultiFieldPanel(
            [FieldPanel("office_name"), FieldPanel("how_to_get_there")],
            heading=_("One Stop Shop"),
            help_text=_("Fill in for the eight Latin American countries only."),
        ),
        *contact_panels(),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("office_name"),
        index.SearchField("body"),
        index.FilterField("country"),
    ]

    parent_page_types = ["countries.CountryIndexPage"]
    subpage_types = ["countries.RecognitionGuidePage"]

    class Meta:
        verbose_name = _("country page")

    def clean(self) -> None:
        super().clean()
        if not self.country_id or not self.locale_id:
            return
        others = CountryPage.objects.filter(
            country_id=self.country_id, locale_id=self.locale_id
        )
        if self.pk:
            others = others.exclude(pk=self.pk)
        if others.exists():
            raise ValidationError(
                {
                    "country": _(
                        "There is already a page for %(country)s in this language."
                    )
                    % {"country": self.country.name}
                }
            )

    @property
    def has_one_stop_shop(self) -> bool:
        return bool(self.country_id) and self.country_id not in dict(EUROPEAN_COUNTRIES)

    def get_context(self, request, *args, **kwargs):
        from .services import country_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(country_page_context(self, request.GET.get("need", "")))
        context.update(related_to(self, [self.country_id]))
        return context


class FindHelpPage(BasePage):
    """Answers "who helps me with this need in that country?" from a GET form."""

    introduction = models.TextField(_("introduction"), blank=True, max_length=500)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    parent_page_types = ["countries.CountryIndexPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("find help page")

    def get_context(self, request, *args, **kwargs):
        from .services import find_help

        context = super().get_context(request, *args, **kwargs)
        context["help"] = find_help(
            request.GET.get("country", ""), request.GET.get("need", "")
        )
        return context


class RecognitionGuidePage(BasePage):
    """How to get qualifications and work experience recognised in a country.

    Lives under the country's page. Time and cost are optional: left empty, the
    page says they are not known. The body's website and the date the details
    were checked are the same in every language.
    """

    introduction = models.TextField(_("introduction"), blank=True, max_length=500)
    body_name = models.CharField(
        _("responsible body"),
        max_length=200,
        blank=True,
        help_text=_("Who recognises qualifications or certifies skills."),
    )
    body_website = models.URLField(
        _("responsible body's website"),
        blank=True,
        help_text=_("Its official website; only an address you are sure of."),
    )
    steps = StreamField(
        [("step", RecognitionStepBlock())],
        verbose_name=_("steps"),
        blank=True,
        help_text=_("In the order people take them."),
    )
    documents = StreamField(
        [("document", RecognitionDocumentBlock())],
        verbose_name=_("documents to bring"),
        blank=True,
    )
    typical_time = models.CharField(
        _("typical time"),
        max_length=200,
        blank=True,
        help_text=_(
            "Only when an official source says it; left empty, the page says "
            "it is not known."
        ),
    )
    typical_cost = models.CharField(
        _("typical cost"),
        max_length=200,
        blank=True,
        help_text=_(
            "Only when an official source says it; left empty, the page says "
            "it is not known."
        ),
    )
    sources = StreamField(
        [("link", SourceLinkBlock())],
        verbose_name=_("official sources"),
        blank=True,
    )
    details_checked_on = models.DateField(
        _("details last checked on"),
        null=True,
        blank=True,
        help_text=_(
            "When someone last checked this guide against its sources; shown "
            "to readers."
        ),
    )

    override_translatable_fields = [
        SynchronizedField("body_website"),
        SynchronizedField("details_checked_on"),
    ]

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        MultiFieldPanel(
            [FieldPanel("body_name"), FieldPanel("body_website")],
            heading=_("Responsible body"),
        ),
        FieldPanel("steps"),
        FieldPanel("documents"),
        MultiFieldPanel(
            [FieldPanel("typical_time"), FieldPanel("typical_cost")],
            heading=_("Time and cost, where known"),
            help_text=_("Leave empty what you have not confirmed."),
        ),
        FieldPanel("sources"),
        FieldPanel("details_checked_on"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body_name", boost=2),
        index.SearchField("steps"),
        index.SearchField("documents"),
    ]

    parent_page_types = ["countries.CountryPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("recognition guide")

    def get_context(self, request, *args, **kwargs):
        from .services import guide_context

        context = super().get_context(request, *args, **kwargs)
        context.update(guide_context(self))
        return context

    def get_json_ld(self, request) -> dict:
        from .services import guide_json_ld

        return guide_json_ld(self, request)
