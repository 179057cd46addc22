"""Workshop pages: what editors publish, in every language.

A workshop is one ``WorkshopPage`` per language, all sharing a
``translation_key``; its seats live on the booking record (``records.py``,
re-exported here), never on the page. The pages reach what they show through
the modules below them (``listing``, ``calendars``), which know the records
and services but no page class.
"""

import hashlib
import zoneinfo
from datetime import UTC, datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from home.blocks import RICH_TEXT_FEATURES, BaseStreamBlock
from home.models import BasePage
from home.pages import children_shown, in_translations_of, visible

from . import calendars, listing
from .records import (
    FALLBACK_TIME_ZONE,
    MAX_CAPACITY,
    MAX_SEATS_PER_BOOKING,
    Audience,
    Booking,
    BookingQuerySet,
    Certificate,
    Format,
    Notification,
    SeatFigures,
    Workshop,
    active_q,
    time_zone_choices,
    venue_time_zone,
)

__all__ = [
    "FALLBACK_TIME_ZONE",
    "MAX_CAPACITY",
    "MAX_SEATS_PER_BOOKING",
    "Audience",
    "Booking",
    "BookingQuerySet",
    "Certificate",
    "Format",
    "Notification",
    "SeatFigures",
    "Workshop",
    "WorkshopIndexPage",
    "WorkshopPage",
    "WorkshopPageForm",
    "active_q",
    "time_zone_choices",
    "venue_time_zone",
]


class WorkshopIndexPage(RoutablePageMixin, BasePage):
    """Lists upcoming workshops (filter by city, audience, month) and the archive."""

    introduction = RichTextField(
        _("introduction"), blank=True, features=RICH_TEXT_FEATURES
    )

    content_panels = [*BasePage.content_panels, FieldPanel("introduction")]
    search_fields = [*BasePage.search_fields, index.SearchField("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["workshops.WorkshopPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("workshop index page")

    def _workshops(self):
        """Workshops of this index in the visitor's language (the default
        language's where untranslated)."""
        return children_shown(self, WorkshopPage).defer_streamfields()

    def upcoming_workshops(self, now: datetime):
        """Workshops of this index anyone may see that have not ended, soonest first."""
        return self._workshops().filter(ends_at__gt=now).order_by("starts_at", "pk")

    def past_workshops(self, now: datetime):
        """Workshops of this index anyone may see that have ended, newest first."""
        return self._workshops().filter(ends_at__lte=now).order_by("-starts_at", "-pk")

    def upcoming_in_every_language(self, now: datetime):
        """Upcoming workshops anyone may see under this index in any of its
        translations, soonest first (each language's page of a workshop)."""
        return (
            visible(WorkshopPage.objects.filter(in_translations_of(self)))
            .filter(ends_at__gt=now)
            .defer_streamfields()
            .order_by("starts_at", "pk")
        )

    def get_context(self, request, *args, archive: bool = False, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if archive:
            context.update(listing.archive_context(self, request))
        else:
            context.update(listing.index_context(self, request))
        return context

    @path("past/", name="archive")
    def archive(self, request):
        """Workshops that have ended, newest first, with how many attended."""
        return self.render(request, archive=True)

    @path("calendar/", name="calendar")
    def calendar_feed(self, request):
        """Upcoming workshops as an iCalendar feed (``?city=``, ``?audience=``)."""
        return calendars.index_feed(
            request, self.upcoming_in_every_language(timezone.now())
        )


class WorkshopPageForm(WagtailAdminPageForm):
    """Languages spoken as checkboxes; start/end checked against each other."""

    languages = forms.MultipleChoiceField(
        label=_("languages spoken"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class WorkshopPage(RoutablePageMixin, BasePage):
    """A workshop or briefing in one language: what, where, when, for whom.

    Times are entered as the venue's local wall-clock time and ``time_zone``;
    ``starts_at``/``ends_at`` are the aware instants computed from them on save
    (empty on a draft saved before its date and times).
    Seat counts are never stored here (see ``Workshop``).
    """

    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience, default=Audience.EVERYONE
    )
    format = models.CharField(
        _("format"), max_length=20, choices=Format, default=Format.IN_PERSON
    )
    city = models.CharField(_("city"), max_length=100)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.TextField(_("address"), max_length=500, blank=True)
    online_url = models.URLField(
        _("online meeting link"),
        blank=True,
        help_text=_("Sent to confirmed participants only; never shown publicly."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        choices=time_zone_choices,
        default="Europe/Madrid",
        help_text=_("The venue's time zone; the times below are local to it."),
    )
    # Required to publish, not to save a draft (null in the database only).
    start_date = models.DateField(_("start date"), null=True)
    start_time = models.TimeField(_("start time"), null=True)
    end_date = models.DateField(
        _("end date"),
        null=True,
        blank=True,
        help_text=_("Leave empty if the same day."),
    )
    end_time = models.TimeField(_("end time"), null=True)
    # Empty only on a draft whose date or times are not set yet.
    starts_at = models.DateTimeField(
        _("starts at"), editable=False, db_index=True, null=True
    )
    ends_at = models.DateTimeField(_("ends at"), editable=False, null=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    partner = models.ForeignKey(
        "home.Partner",
        verbose_name=_("organising partner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,  # required to publish, not to save a draft
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)],
        help_text=_(
            "Seats available. Lowering it below the seats already confirmed "
            "removes nobody; it only stops new confirmations."
        ),
    )
    max_seats_per_booking = models.PositiveSmallIntegerField(
        _("maximum seats per booking"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_SEATS_PER_BOOKING)],
    )
    registration_opens_at = models.DateTimeField(
        _("registration opens"), null=True, blank=True
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Leave empty to close registration when the workshop starts."),
    )
    is_cancelled = models.BooleanField(
        _("cancelled by the organiser"),
        default=False,
        help_text=_(
            "On publish, everyone booked is told by email and calendars show "
            "the workshop as cancelled."
        ),
    )
    reported_attendance = models.PositiveIntegerField(
        _("attendance recorded elsewhere"),
        null=True,
        blank=True,
        help_text=_(
            "For workshops held before bookings were taken here; otherwise the "
            "archive counts checked-in seats."
        ),
    )

    base_form_class = WorkshopPageForm

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("audience"), FieldPanel("format")]),
                FieldPanel("languages"),
                FieldPanel("partner"),
            ],
            heading=_("About"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("time_zone"),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("start_time")]),
                FieldRowPanel([FieldPanel("end_date"), FieldPanel("end_time")]),
            ],
            heading=_("When"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("city"),
                FieldPanel("venue"),
                FieldPanel("address"),
                FieldPanel("online_url"),
            ],
            heading=_("Where"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("capacity"), FieldPanel("max_seats_per_booking")]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("registration_opens_at"),
                        FieldPanel("registration_closes_at"),
                    ]
                ),
                FieldPanel("is_cancelled"),
                FieldPanel("reported_attendance"),
            ],
            heading=_("Registration"),
        ),
        FieldPanel("body"),
    ]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("listing_summary"),
        index.SearchField("body"),
        index.SearchField("city"),
        index.AutocompleteField("city"),
        index.FilterField("starts_at"),
        index.FilterField("audience"),
        index.FilterField("city"),
    ]

    parent_page_types = ["workshops.WorkshopIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")

    # -- time -------------------------------------------------------------

    @property
    def tz(self) -> "zoneinfo.ZoneInfo":
        """The venue's time zone (``venue_time_zone``)."""
        return venue_time_zone(self.time_zone)

    def compute_instants(self, *, strict: bool = False) -> tuple[datetime, datetime]:
        """The aware start and end from the local dates, times and time zone.

        ``strict`` (when saving): a zone name the tz database does not know
        raises rather than falling back, so stored instants are never shifted.

        :raises zoneinfo.ZoneInfoNotFoundError: with ``strict``, for such a name.
        """
        tz = zoneinfo.ZoneInfo(self.time_zone) if strict else self.tz
        start = datetime.combine(self.start_date, self.start_time, tzinfo=tz)
        end = datetime.combine(
            self.end_date or self.start_date, self.end_time, tzinfo=tz
        )
        return start, end

    def clean(self):
        super().clean()
        errors = {}
        if self.time_zone not in zoneinfo.available_timezones():
            errors["time_zone"] = _("Choose a time zone from the list.")
        elif self.start_date and self.start_time and self.end_time:
            # Set now too, so that previews show the times being edited.
            self.starts_at, self.ends_at = start, end = self.compute_instants()
            if end <= start:
                errors["end_time"] = _("The workshop must end after it starts.")
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            errors["registration_closes_at"] = _(
                "Registration must close after it opens."
            )
        if self.languages and not set(self.languages) <= {
            code for code, _name in settings.LANGUAGES
        }:
            errors["languages"] = _("Choose languages from the list.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.has_schedule:
            self.starts_at, self.ends_at = self.compute_instants(strict=True)
        else:  # a draft without its date or times yet
            self.starts_at = self.ends_at = None
        return super().save(*args, **kwargs)

    @property
    def has_schedule(self) -> bool:
        """The date and times are set (always, once published)."""
        return bool(self.start_date and self.start_time and self.end_time)

    @property
    def local_start(self) -> datetime | None:
        return self.starts_at and self.starts_at.astimezone(self.tz)

    @property
    def local_end(self) -> datetime | None:
        return self.ends_at and self.ends_at.astimezone(self.tz)

    @property
    def is_past(self) -> bool:
        return self.ends_at is not None and self.ends_at <= timezone.now()

    @property
    def registration_closes(self) -> datetime:
        return self.registration_closes_at or self.starts_at

    def schedule_fingerprint(self) -> str:
        """A hash of what a calendar entry shows: changes bump the SEQUENCE."""
        parts = [  # instants in UTC, whichever zone they were computed in
            self.starts_at.astimezone(UTC).isoformat(),
            self.ends_at.astimezone(UTC).isoformat(),
            self.time_zone,
            self.format,
            self.city,
            self.venue,
            self.address,
            self.online_url,
        ]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()

    @cached_property
    def seat_status(self):
        """Bookability and seat figures (``listing.SeatStatus``); listings preset it."""
        return listing.seat_status_of(self)

    def get_context(
        self,
        request,
        *args,
        booking_form=None,
        booking_error="",
        waiting_list_offer=None,
        **kwargs,
    ):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            listing.detail_context(
                self,
                request,
                form=booking_form,
                error=booking_error,
                waiting_list_offer=waiting_list_offer,
            )
        )
        return context

    def get_json_ld(self, request) -> dict:
        if not self.has_schedule:  # no Event without its date (a draft's preview)
            return {}
        return listing.event_json_ld(self, request)

    def get_booking_url(self) -> str:
        """Where the booking form posts, under the active language's prefix."""
        return reverse("workshops:book", args=[self.translation_key])

    @path("calendar/", name="calendar")
    def calendar_file(self, request):
        """This workshop as an ``.ics`` file."""
        return calendars.workshop_file(request, self)

    @cached_property
    def workshop(self) -> "Workshop | None":
        """The booking record of this workshop (shared by every translation)."""
        return Workshop.objects.filter(translation_key=self.translation_key).first()
