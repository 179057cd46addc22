"""Only the "Workshop coordinators" group sees personal data in the admin."""

import importlib

import pytest
from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from workshops import services
from workshops.models import Booking

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "workshops.migrations.0002_workshop_coordinators_group"
)

# (method, URL name, whether the URL names a booking, POST data)
COORDINATOR_URLS = [
    ("get", "bookings", False, None),
    ("get", "bookings_results", False, None),
    ("get", "bookings?export=csv", False, None),
    ("get", "bookings?export=xlsx", False, None),
    ("get", "attendees", False, None),
    ("get", "attendees?export=csv", False, None),
    ("get", "attendees?export=xlsx", False, None),
    ("get", "manual_booking", False, None),
    (
        "post",
        "manual_booking",
        False,
        {
            "email": "intruder@example.org",
            "full_name": "Intruder",
            "seats": "1",
            "language": "en",
        },
    ),
    ("post", "attendance", True, {"seat": "0"}),
    ("get", "cancel_booking", True, None),
    ("post", "cancel_booking", True, {}),
]


def coordinator_url(name: str, workshop_id: int, booking_id: int, with_booking: bool):
    name, _, query = name.partition("?")
    args = [] if name.startswith("bookings") else [workshop_id]
    if with_booking:
        args.append(booking_id)
    path = reverse(f"workshops_admin:{name}", args=args)
    return f"{path}?{query}" if query else path


@pytest.fixture
def booking(make_workshop, make_user):
    record = services.workshop_record(make_workshop())
    return services.book_seats(record, make_user(full_name="Private Person"))


def request(client, method, name, with_booking, data, booking):
    path = coordinator_url(name, booking.workshop_id, booking.pk, with_booking)
    if method == "post":
        return client.post(path, data)
    return client.get(path)


@pytest.mark.parametrize(("method", "name", "with_booking", "data"), COORDINATOR_URLS)
def test_editor_is_refused_every_coordinator_url(
    editor, booking, method, name, with_booking, data
):
    client = Client()
    client.force_login(editor)
    response = request(client, method, name, with_booking, data, booking)
    booking.refresh_from_db()
    assert response.status_code == 403
    assert "Private Person" not in response.content.decode()
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.attended_seats == 0
    assert Booking.objects.filter(workshop_id=booking.workshop_id).count() == 1


@pytest.mark.parametrize(("method", "name", "with_booking", "data"), COORDINATOR_URLS)
def test_anonymous_visitor_is_sent_to_the_login(
    client, booking, method, name, with_booking, data
):
    response = request(client, method, name, with_booking, data, booking)
    booking.refresh_from_db()
    assert response.status_code == 302
    assert reverse("wagtailadmin_login") in response["Location"]
    assert booking.status == Booking.Status.CONFIRMED


def test_staff_with_booking_permissions_but_not_personal_data_is_refused(
    booking, editor
):
    editor.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="workshops",
            codename__in=["view_booking", "change_booking"],
        )
    )
    client = Client()
    client.force_login(editor)
    assert client.get(reverse("workshops_admin:bookings")).status_code == 403


def test_coordinator_group_member_sees_the_bookings(booking):
    user = UserFactory(email="new.coordinator@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name="Workshop coordinators"))
    client = Client()
    client.force_login(user)
    response = client.get(reverse("workshops_admin:bookings"))
    assert response.status_code == 200
    assert "Private Person" in response.content.decode()


def test_coordinator_group_has_exactly_its_permissions():
    group = Group.objects.get(name="Workshop coordinators")
    assert set(
        group.permissions.values_list("content_type__app_label", "codename")
    ) == {
        ("wagtailadmin", "access_admin"),
        ("workshops", "view_personal_data"),
        ("workshops", "view_booking"),
        ("workshops", "add_booking"),
        ("workshops", "change_booking"),
    }


def test_coordinator_group_migration_reverses_by_deleting_the_group():
    migration.delete_coordinators(global_apps, None)
    assert not Group.objects.filter(name="Workshop coordinators").exists()


def test_coordinator_group_migration_recreates_the_group_after_reversal():
    migration.delete_coordinators(global_apps, None)
    migration.create_coordinators(global_apps, None)
    group = Group.objects.get(name="Workshop coordinators")
    assert group.permissions.count() == 5
    assert global_apps.get_app_config("workshops").models_module is not True
