"""Publishing a workshop change that emails the people booked asks first,
naming how many will be emailed; nothing goes until the editor confirms."""

import datetime as dt

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    streamfield,
)

from workshops import services
from workshops.models import Booking, Notification, WorkshopPage

pytestmark = pytest.mark.django_db


def edit_form_data(client, page: WorkshopPage):
    """The admin edit form of ``page`` as the editor's browser would post it."""
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data.update(nested_form_data({"body": streamfield([])}))
    return url, data


def publish(client, page: WorkshopPage, **changes):
    url, data = edit_form_data(client, page)
    for name, value in changes.items():
        data[name] = value
    data["action-publish"] = "action-publish"
    return client.post(url, data)


def confirm_url(page: WorkshopPage) -> str:
    page.refresh_from_db()
    return reverse(
        "workshops_admin:confirm_publish", args=[page.pk, page.latest_revision_id]
    )


@pytest.fixture
def booked_workshop(make_workshop, make_user):
    """A workshop with two confirmed bookings and one waiting (3 people)."""
    page = make_workshop(capacity=2, title="Return briefing in Bilbao")
    for _ in range(3):
        services.book_seats(page, make_user())
    return page


def emails_owed(page) -> int:
    return Notification.objects.filter(
        booking__workshop__translation_key=page.translation_key,
        kind__in=[Notification.Kind.CHANGED, Notification.Kind.WORKSHOP_CANCELLED],
    ).count()


def test_count_of_people_emailed_by_a_cancellation(booked_workshop):
    booked_workshop.is_cancelled = True
    assert services.people_to_email_on_publish(booked_workshop) == 3


def test_count_is_zero_when_nothing_bookers_see_changed(booked_workshop):
    booked_workshop.capacity = 50
    booked_workshop.intro = "New words"
    assert services.people_to_email_on_publish(booked_workshop) == 0


def test_count_leaves_out_cancelled_bookings(booked_workshop):
    booking = Booking.objects.filter(
        workshop__translation_key=booked_workshop.translation_key
    ).first()
    services.cancel_booking(booking, by=booking.user)
    booked_workshop.venue = "Another hall"
    assert services.people_to_email_on_publish(booked_workshop) == 2


def test_count_is_zero_for_an_ended_workshop(make_workshop, make_user):
    page = make_workshop()
    services.book_seats(page, make_user())
    page = WorkshopPage.objects.get(pk=page.pk)
    # Both dates: a workshop created late in the evening ends the next day.
    page.start_date = page.start_date - dt.timedelta(days=30)
    if page.end_date:
        page.end_date = page.end_date - dt.timedelta(days=30)
    assert services.people_to_email_on_publish(page) == 0


def test_publishing_a_cancellation_asks_first_and_emails_nobody(
    admin_client, booked_workshop
):
    response = publish(admin_client, booked_workshop, is_cancelled="on")
    assert response.status_code == 302
    assert response["Location"] == confirm_url(booked_workshop)
    booked_workshop.refresh_from_db()
    assert not booked_workshop.is_cancelled  # the live page is unchanged
    assert booked_workshop.has_unpublished_changes
    assert emails_owed(booked_workshop) == 0
    content = " ".join(admin_client.get(response["Location"]).content.decode().split())
    assert "Publishing this will email 3 people" in content
    assert 'name="confirm_notify" value="1"' in content


def test_confirming_publishes_and_emails_everyone_booked(
    admin_client, booked_workshop, django_capture_on_commit_callbacks, mailoutbox
):
    publish(admin_client, booked_workshop, venue="Another hall")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            confirm_url(booked_workshop), {"confirm_notify": "1"}
        )
    assert response.status_code == 302
    booked_workshop.refresh_from_db()
    assert booked_workshop.venue == "Another hall"
    assert not booked_workshop.has_unpublished_changes
    assert emails_owed(booked_workshop) == 3
    assert len(mailoutbox) == 3


def test_post_without_the_confirmation_field_publishes_nothing(
    admin_client, booked_workshop
):
    publish(admin_client, booked_workshop, venue="Another hall")
    admin_client.post(confirm_url(booked_workshop), {})
    booked_workshop.refresh_from_db()
    assert booked_workshop.venue != "Another hall"
    assert emails_owed(booked_workshop) == 0


def test_publishing_a_change_nobody_is_told_about_needs_no_confirmation(
    admin_client, booked_workshop
):
    response = publish(admin_client, booked_workshop, capacity="40")
    assert response.status_code == 302
    assert "confirm" not in response["Location"]
    booked_workshop.refresh_from_db()
    assert booked_workshop.capacity == 40


def test_a_stale_draft_cannot_be_confirmed(admin_client, booked_workshop):
    publish(admin_client, booked_workshop, venue="Another hall")
    stale = confirm_url(booked_workshop)
    page = WorkshopPage.objects.get(pk=booked_workshop.pk)
    page.save_revision()
    response = admin_client.post(stale, {"confirm_notify": "1"})
    assert response.status_code == 302
    booked_workshop.refresh_from_db()
    assert booked_workshop.venue != "Another hall"


def test_confirmation_needs_publish_permission(
    admin_client, coordinator_client, booked_workshop
):
    """A coordinator reaches the admin but may not publish pages."""
    publish(admin_client, booked_workshop, venue="Another hall")
    response = coordinator_client.post(
        confirm_url(booked_workshop), {"confirm_notify": "1"}
    )
    assert response.status_code == 302  # Wagtail: "no permission", to the dashboard
    assert "publish" not in response["Location"]
    assert coordinator_client.get(confirm_url(booked_workshop)).status_code == 302
    booked_workshop.refresh_from_db()
    assert booked_workshop.venue != "Another hall"
    assert emails_owed(booked_workshop) == 0


@pytest.mark.parametrize("ids", [(0, 0), (999999, 1)])
def test_confirmation_of_unknown_page_or_revision_is_404(admin_client, ids):
    url = reverse("workshops_admin:confirm_publish", args=ids)
    response = admin_client.get(url, follow=True)  # past the language redirect
    assert response.status_code == 404
