"""The admin dashboard's panels: each shown to those whose work needs it, with
figures computed from the data, in a number of queries that does not grow
with the data."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission

from home.dashboard import bars
from home.questions import questions_page
from mailinglist.models import Campaign, Delivery, Subscriber
from tests.factories import UserFactory
from workshops.models import Booking, Workshop

pytestmark = pytest.mark.django_db

DASHBOARD = "/admin/"


def staff_with(*permissions: str):
    """A staff member whose group has only ``permissions`` (app.codename)."""
    user = UserFactory(is_staff=True)
    group = Group.objects.create(name=f"only {' '.join(permissions)}")
    for permission in ("wagtailadmin.access_admin", *permissions):
        app, codename = permission.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app, codename=codename)
        )
    user.groups.add(group)
    return user


def panel_ids(client, user) -> set[str]:
    client.force_login(user)
    html = client.get(DASHBOARD).content.decode()
    known = (
        "upcoming-workshops",
        "booking-activity",
        "newsletter-subscribers",
        "newsletter-campaigns",
        "new-questions",
        "scheduled-pages",
        "translation-backlog",
    )
    return {name for name in known if f'id="{name}' in html}


def test_bars_are_scaled_to_the_largest_value():
    assert [(b.label, b.length) for b in bars([("a", 5), ("b", 10), ("c", 0)])] == [
        ("a", 50),
        ("b", 100),
        ("c", 0),
    ]
    assert bars([("a", 0)])[0].length == 0
    assert bars([]) == []


@pytest.mark.parametrize(
    ("permissions", "expected"),
    [
        (("workshops.view_personal_data",), {"upcoming-workshops", "booking-activity"}),
        (
            ("mailinglist.view_campaign",),
            {"newsletter-subscribers", "newsletter-campaigns"},
        ),
        (("home.view_questions",), {"new-questions"}),
        ((), set()),
    ],
    ids=["coordinator", "newsletter", "questions", "nothing"],
)
def test_each_panel_only_for_those_whose_work_needs_it(
    client, demo_content, permissions, expected
):
    assert panel_ids(client, staff_with(*permissions)) == expected


def test_scheduled_pages_panel_for_those_who_publish(client, demo_content, admin_user):
    assert "scheduled-pages" in panel_ids(client, admin_user)


def row_figure(html: str, panel: str, label: str, column: int = 0) -> int:
    """A figure (the first, or the ``column``-th) in the row headed ``label``
    of dashboard panel ``panel``."""
    section = html.split(f'id="{panel}-section"')[1].split("</section>")[0]
    match = re.search(
        rf"<th scope=\"row\">{re.escape(label)}</th>((?:\s*<td>\d+</td>)+)", section
    )
    assert match, f"no row {label!r} in {panel}"
    return int(re.findall(r"<td>(\d+)</td>", match.group(1))[column])


def test_translation_backlog_for_those_who_edit_pages(client, demo_content):
    from wagtail.models import Page

    from tests.factories import StandardPageFactory

    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    assert "translation-backlog" in panel_ids(client, editor)
    assert "translation-backlog" not in panel_ids(
        client, staff_with("mailinglist.view_campaign")
    )
    before = dashboard(client, editor)
    StandardPageFactory(parent=demo_content, title="Only in English", live=True)
    StandardPageFactory(parent=demo_content, title="English draft", live=False)
    translated = Page.objects.get(
        locale__language_code="es", translation_key=demo_content.translation_key
    )
    english = demo_content
    english.save_revision().publish()
    after = dashboard(client, editor)
    for language in ("Spanish", "Portuguese", "Italian"):
        assert (
            row_figure(after, "translation-backlog", language, 0)
            - row_figure(before, "translation-backlog", language, 0)
            == 1
        ), language
        assert (
            row_figure(after, "translation-backlog", language, 1)
            - row_figure(before, "translation-backlog", language, 1)
            == 1
        ), language
    translated.specific.save_revision().publish()
    again = dashboard(client, editor)
    assert row_figure(again, "translation-backlog", "Spanish", 1) == row_figure(
        before, "translation-backlog", "Spanish", 1
    )


def dashboard(client, user) -> str:
    client.force_login(user)
    return client.get(DASHBOARD).content.decode()


def test_the_newsletter_panels_show_counts_and_never_an_address(client, demo_content):
    sender = staff_with("mailinglist.view_campaign")
    before = dashboard(client, sender)
    now = timezone.now()
    for n, language in enumerate(["es", "es", "pt"]):
        Subscriber.objects.create(
            email=f"person{n}@example.org",
            language=language,
            status=Subscriber.Status.CONFIRMED,
            consent_version="1",
            confirmed_at=now - dt.timedelta(days=1),
        )
    Subscriber.objects.create(
        email="pending@example.org", language="es", consent_version="1"
    )
    after = dashboard(client, sender)
    assert "@example.org" not in after
    for label, added in (("Spanish", 2), ("Portuguese", 1), ("Italian", 0)):
        assert (
            row_figure(after, "newsletter-subscribers", label)
            - row_figure(before, "newsletter-subscribers", label)
            == added
        ), label
    # Without the permission to see subscribers, no link to their addresses.
    panel = after.split('id="newsletter-subscribers-section"')[1].split("</section>")[0]
    assert "/admin/newsletter/subscribers/" not in panel


def test_the_booking_panel_counts_seats_per_week_and_city(
    client, coordinator, make_workshop, make_user
):
    page = make_workshop(city="Tarragona", capacity=30)
    record = Workshop.objects.get(translation_key=page.translation_key)
    Booking.objects.create(workshop=record, user=make_user(), seats=3)
    Booking.objects.create(
        workshop=record, user=make_user(), seats=1, status=Booking.Status.WAITLISTED
    )
    Booking.objects.create(
        workshop=record, user=make_user(), seats=2, status=Booking.Status.CANCELLED
    )
    html = dashboard(client, coordinator)
    # Confirmed and waiting seats count, the cancelled 2 do not.
    assert row_figure(html, "booking-activity", "Tarragona") == 4


def test_a_cancelled_workshop_shows_no_seat_figures(
    client, coordinator, make_workshop, make_user
):
    page = make_workshop(title="Savona briefing", capacity=3)
    record = Workshop.objects.get(translation_key=page.translation_key)
    Booking.objects.create(workshop=record, user=make_user(), seats=3)
    Workshop.objects.filter(pk=record.pk).update(is_cancelled=True)
    html = dashboard(client, coordinator)
    row = html.split("Savona briefing")[1].split("</tr>")[0]
    assert "3 of 3" not in row
    assert "<meter" not in row
    assert "Everyone who booked has been told." in row


def test_new_questions_counts_this_week_and_month(client, demo_content):
    team = staff_with("home.view_questions")
    before = dashboard(client, team)
    form_page = questions_page()
    now = timezone.now()
    for days in (1, 10, 40):
        submission = FormSubmission.objects.create(page=form_page, form_data={})
        FormSubmission.objects.filter(pk=submission.pk).update(
            submit_time=now - dt.timedelta(days=days)
        )
    after = dashboard(client, team)
    for label, added in (("In the last 7 days", 1), ("In the last 30 days", 2)):
        assert (
            row_figure(after, "new-questions", label)
            - row_figure(before, "new-questions", label)
            == added
        ), label


def dashboard_queries(client, user) -> int:
    client.force_login(user)
    client.get(DASHBOARD)  # warm the caches (site, settings, content types)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(DASHBOARD).status_code == 200
    return len(queries)


def add_bookings_and_campaign(record: Workshop, count: int) -> None:
    users = UserFactory.create_batch(count)
    Booking.objects.bulk_create(
        Booking(workshop=record, user=user, seats=1) for user in users
    )
    subscribers = Subscriber.objects.bulk_create(
        Subscriber(
            email=f"s{n}-{record.pk}@example.org",
            language="es",
            status=Subscriber.Status.CONFIRMED,
            consent_version="1",
            confirmed_at=timezone.now(),
        )
        for n in range(count)
    )
    campaign = Campaign.objects.create(page=record_page(), subject=f"Edition {count}")
    Delivery.objects.bulk_create(
        Delivery(campaign=campaign, subscriber=s, status=Delivery.Status.SENT)
        for s in subscribers
    )


def record_page():
    from wagtail.models import Page

    return Page.objects.filter(depth=2).first()


def test_the_dashboard_runs_the_same_queries_for_5_and_500_bookings(
    client, admin_user, make_workshop
):
    first = make_workshop(title="Small", capacity=1000)
    add_bookings_and_campaign(
        Workshop.objects.get(translation_key=first.translation_key), 5
    )
    few = dashboard_queries(client, admin_user)
    second = make_workshop(title="Large", capacity=1000, city="Lisbon")
    add_bookings_and_campaign(
        Workshop.objects.get(translation_key=second.translation_key), 500
    )
    assert dashboard_queries(client, admin_user) == few
