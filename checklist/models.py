"""The pre-return checklist: steps editors maintain per country and need, and
the page where a person builds their own list from their choices."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from countries.models import Country, NeedCategory, ResourceOrganisation
from home.models import BasePage


class ChecklistStep(index.Indexed, TranslatableMixin, ClusterableModel):
    """One thing to do before, during or after the return.

    A step is shown to a person when each of its conditions holds: its
    country (none: every country), its needs (none: whatever the needs; else
    at least one of them chosen) and its situation (everyone, or the one the
    person ticked). ``services.steps_for`` is the rule.
    """

    class Phase(models.TextChoices):
        BEFORE = "before", _("Before leaving")
        JOURNEY = "journey", _("The journey")
        ARRIVAL = "arrival", _("The first weeks")

    class Situation(models.TextChoices):
        EVERYONE = "", _("Everyone")
        ALONE = "alone", _("People returning alone")
        FAMILY = "family", _("People returning with family")
        SCHOOL = "school", _("Families with children of school age")
        BUSINESS = "business", _("People with a business plan")

    title = models.CharField(_("title"), max_length=160)
    text = models.TextField(
        _("what to do"), max_length=1000, help_text=_("A few plain sentences.")
    )
    documents = models.TextField(
        _("documents to bring"),
        blank=True,
        max_length=1000,
        help_text=_("One document per line."),
    )
    phase = models.CharField(
        _("when"), max_length=10, choices=Phase.choices, default=Phase.BEFORE
    )
    sort_order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower numbers come first in their phase.")
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="checklist_steps",
        help_text=_("Leave empty for a step that holds whatever the country."),
    )
    needs = ParentalManyToManyField(
        NeedCategory,
        verbose_name=_("needs"),
        related_name="checklist_steps",
        blank=True,
        help_text=_(
            "Shown to people who chose one of these needs; none: shown whatever "
            "the needs."
        ),
    )
    situation = models.CharField(
        _("for"),
        max_length=10,
        choices=Situation.choices,
        default=Situation.EVERYONE,
        blank=True,
    )
    organisation = models.ForeignKey(
        ResourceOrganisation,
        verbose_name=_("organisation that helps"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "From the country's network. Empty: the network's organisations for "
            "the step's needs are shown."
        ),
    )
    is_general = models.BooleanField(
        _("general advice"),
        default=False,
        help_text=_(
            "Tick when the step is general advice rather than a fact checked for "
            "the country: readers are told so."
        ),
    )

    # The conditions are keys the checklist matches on: the same in every
    # language (the needs and the organisation are translated references).
    override_translatable_fields = [
        SynchronizedField("phase", overridable=False),
        SynchronizedField("sort_order", overridable=False),
        SynchronizedField("country", overridable=False),
        SynchronizedField("needs", overridable=False),
        SynchronizedField("situation", overridable=False),
        SynchronizedField("is_general", overridable=False),
    ]

    search_fields = [
        index.SearchField("title"),
        index.SearchField("text"),
        index.FilterField("locale"),
    ]

    panels = [
        FieldPanel("title"),
        FieldPanel("text"),
        FieldPanel("documents"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("phase"), FieldPanel("sort_order")]),
                FieldPanel("country"),
                FieldPanel("needs", widget=forms.CheckboxSelectMultiple),
                FieldPanel("situation"),
            ],
            heading=_("Who it is for"),
        ),
        FieldPanel("organisation"),
        FieldPanel("is_general"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("checklist step")
        verbose_name_plural = _("checklist steps")
        ordering = ["phase", "sort_order", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        if (
            self.organisation_id
            and self.country_id
            and self.organisation.country_id != self.country_id
        ):
            raise ValidationError(
                {
                    "organisation": _(
                        "Choose an organisation of the step's country, or no "
                        "organisation."
                    )
                }
            )

    @property
    def document_list(self) -> list[str]:
        return [line.strip() for line in self.documents.splitlines() if line.strip()]


class ChecklistPage(RoutablePageMixin, BasePage):
    """ "My pre-return checklist": a GET form (country, needs, situation) and
    the ordered list it gives, at an address made of the choices; the list
    can be emailed to oneself."""

    introduction = models.TextField(_("introduction"), blank=True, max_length=500)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    parent_page_types = ["countries.CountryIndexPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("pre-return checklist page")

    @path("")
    def checklist(self, request):
        from . import views

        return views.checklist(self, request)

    @path("email/", name="email")
    def email(self, request):
        from . import views

        return views.email_checklist(self, request)
