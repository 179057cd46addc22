"""Workshop fixtures, shared by every test folder (loaded by tests/conftest.py)."""

import datetime as dt
import itertools

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone, translation
from wagtail.models import Locale

from tests.factories import UserFactory, VerifiedUserFactory
from workshops import services
from workshops.models import Booking, Workshop, WorkshopIndexPage, WorkshopPage

_slugs = itertools.count(1)


def translate(page: WorkshopPage, language: "str | Locale", **changes) -> WorkshopPage:
    """Publish ``page``'s translation (and its parents' when missing), with ``changes``."""
    if not isinstance(language, Locale):
        language, _created = Locale.objects.get_or_create(language_code=language)
    translation = page.copy_for_translation(language, copy_parents=True)
    for name, value in changes.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return WorkshopPage.objects.get(pk=translation.pk)


def record_of(page: WorkshopPage) -> Workshop:
    """The booking record shared by every translation of ``page``."""
    return Workshop.objects.get(translation_key=page.translation_key)


def republish(page: WorkshopPage, **changes) -> WorkshopPage:
    """Edit ``page`` as an editor would (a new revision) and publish it; the
    fresh live page."""
    page = WorkshopPage.objects.get(pk=page.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return WorkshopPage.objects.get(pk=page.pk)


def book_url(page: WorkshopPage, language: str = "en") -> str:
    """Where the booking form of ``page`` posts, under ``language``'s prefix."""
    with translation.override(language):
        return page.get_booking_url()


@pytest.fixture
def travel(monkeypatch):
    """``travel(delta)``: from now on the clock reads ``delta`` later."""
    real_now = timezone.now

    def move(delta: dt.timedelta) -> None:
        monkeypatch.setattr(timezone, "now", lambda: real_now() + delta)

    return move


@pytest.fixture
def clock(monkeypatch):
    """``clock(instant)``: from now on the clock reads exactly ``instant``."""

    def pin(instant: dt.datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: instant)

    return pin


def shifted(page: WorkshopPage, delta: dt.timedelta) -> dict:
    """Local start and end fields of ``page`` moved by ``delta`` (across midnight too)."""
    start = dt.datetime.combine(page.start_date, page.start_time) + delta
    end = dt.datetime.combine(page.end_date or page.start_date, page.end_time) + delta
    return {
        "start_date": start.date(),
        "start_time": start.time(),
        "end_date": end.date() if end.date() != start.date() else None,
        "end_time": end.time(),
    }


@pytest.fixture
def workshop_index(home_page) -> WorkshopIndexPage:
    """The demo's workshop index when there is one, else a new one."""
    existing = WorkshopIndexPage.objects.child_of(home_page).first()
    if existing:
        return existing
    index = WorkshopIndexPage(title="Workshops", slug="workshops")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def make_workshop(workshop_index):
    """Create and publish a workshop; ``starts_in`` is a timedelta from now."""

    def make(
        *,
        capacity: int = 10,
        starts_in: dt.timedelta = dt.timedelta(days=14),
        duration: dt.timedelta = dt.timedelta(hours=2),
        time_zone: str = "Europe/Madrid",
        publish: bool = True,
        **fields,
    ) -> WorkshopPage:
        import zoneinfo

        tz = zoneinfo.ZoneInfo(time_zone)
        start = (
            (timezone.now() + starts_in).astimezone(tz).replace(second=0, microsecond=0)
        )
        end = start + duration
        n = next(_slugs)
        page = WorkshopPage(
            title=fields.pop("title", f"Workshop {n}"),
            slug=fields.pop("slug", f"workshop-{n}"),
            city=fields.pop("city", "Bilbao"),
            venue=fields.pop("venue", "City Hall"),
            time_zone=time_zone,
            start_date=start.date(),
            start_time=start.time(),
            end_date=end.date() if end.date() != start.date() else None,
            end_time=end.time(),
            capacity=capacity,
            max_seats_per_booking=fields.pop("max_seats_per_booking", 5),
            live=publish,
            **fields,
        )
        workshop_index.add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
            page.refresh_from_db()
        return page

    return make


@pytest.fixture
def make_user(db):
    """A user who has verified their address (``verified=False`` for one who has not)."""

    def make(verified: bool = True, **fields):
        factory = VerifiedUserFactory if verified else UserFactory
        return factory(**fields)

    return make


@pytest.fixture
def booker(make_user):
    return make_user(email="booker@example.org")


@pytest.fixture
def logged_in(client, booker):
    """The test client, logged in as ``booker`` (verified)."""
    client.force_login(booker)
    return client


@pytest.fixture
def coordinator(db):
    """A staff member in the "Workshop coordinators" group."""
    user = UserFactory(email="coordinator@example.org", is_staff=True)
    group, _ = Group.objects.get_or_create(name="Workshop coordinators")
    if not group.permissions.filter(codename="view_personal_data").exists():
        group.permissions.add(
            Permission.objects.get(
                codename="view_personal_data", content_type__app_label="workshops"
            ),
            Permission.objects.get(
                codename="access_admin", content_type__app_label="wagtailadmin"
            ),
        )
    user.groups.add(group)
    return user


@pytest.fixture
def attended_booking(make_workshop, make_user, coordinator):
    """``attended_booking(names=[...], checked_in=[0], ...)``: a confirmed
    booking of a workshop that has ended (two hours, 30 days ago), with the
    seats ``checked_in`` checked in by a coordinator."""

    def make(
        *,
        names=("María José Núñez",),
        checked_in=(0,),
        user=None,
        language="en",
        ended_days_ago: int = 30,
        **workshop_fields,
    ):
        page = make_workshop(**workshop_fields)
        user = user or make_user()
        booking = services.book_seats(
            page,
            user,
            seats=len(names),
            attendee_names=list(names),
            language=language,
        )
        services.check_in(booking, list(checked_in), by=coordinator)
        start = (timezone.now() - dt.timedelta(days=ended_days_ago)).replace(
            second=0, microsecond=0
        )
        Workshop.objects.filter(translation_key=page.translation_key).update(
            starts_at=start, ends_at=start + dt.timedelta(hours=2)
        )
        return Booking.objects.select_related("workshop", "user").get(pk=booking.pk)

    return make
