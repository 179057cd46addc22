"""Check-in per person: a booking records which of its seats came.

``attended`` (one yes/no for the whole booking) becomes ``checked_in_seats``
(the seat numbers checked in, in ``attendee_names`` order) and
``attended_seats`` (how many: what the attendance figures sum). A booking
that was checked in keeps every one of its seats checked in.
"""

import django.db.models.expressions
from django.db import migrations, models


def whole_bookings_to_seats(apps, schema_editor):
    Booking = apps.get_model("workshops", "Booking")
    for booking in Booking.objects.filter(attended=True).only("pk", "seats"):
        Booking.objects.filter(pk=booking.pk).update(
            attended_seats=booking.seats,
            checked_in_seats=list(range(booking.seats)),
        )


def seats_to_whole_bookings(apps, schema_editor):
    Booking = apps.get_model("workshops", "Booking")
    Booking.objects.filter(attended_seats__gt=0).update(attended=True)


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0004_drafts_without_publishing_fields"),
    ]

    operations = [
        migrations.AddField(
            model_name="booking",
            name="attended_seats",
            field=models.PositiveSmallIntegerField(
                default=0, verbose_name="people checked in"
            ),
        ),
        migrations.AddField(
            model_name="booking",
            name="checked_in_seats",
            field=models.JSONField(
                blank=True, default=list, verbose_name="seats checked in"
            ),
        ),
        migrations.RunPython(whole_bookings_to_seats, seats_to_whole_bookings),
        migrations.RemoveField(model_name="booking", name="attended"),
        migrations.AddConstraint(
            model_name="booking",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("attended_seats__lte", django.db.models.expressions.F("seats"))
                ),
                name="workshops_booking_attended_within_seats",
            ),
        ),
    ]
