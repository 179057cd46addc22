"""Retention: remove the personal data the site no longer needs."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts import services


class Command(BaseCommand):
    help = (
        "Anonymise the bookings of workshops that ended more than "
        "BOOKING_RETENTION_MONTHS ago (attendee names and the link to the "
        "booker's account; seat and attendance counts stay), delete the "
        "questions older than QUESTION_RETENTION_MONTHS, the newsletter "
        "requests never confirmed, the referrals never agreed to within "
        "REFERRAL_CONSENT_DAYS and those unchanged for "
        "REFERRAL_RETENTION_MONTHS. Run it daily from cron; running it twice "
        "changes nothing more."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--booking-months",
            type=int,
            default=settings.BOOKING_RETENTION_MONTHS,
            help="Months after a workshop ends (default "
            "BOOKING_RETENTION_MONTHS, %(default)s).",
        )
        parser.add_argument(
            "--referral-months",
            type=int,
            default=settings.REFERRAL_RETENTION_MONTHS,
            help="Months a referral is kept after its status last changed "
            "(default REFERRAL_RETENTION_MONTHS, %(default)s).",
        )
        parser.add_argument(
            "--question-months",
            type=int,
            default=settings.QUESTION_RETENTION_MONTHS,
            help="Months a question is kept (default "
            "QUESTION_RETENTION_MONTHS, %(default)s).",
        )

    def handle(
        self,
        *args,
        booking_months: int,
        question_months: int,
        referral_months: int,
        **options,
    ):
        if min(booking_months, question_months, referral_months) < 1:
            raise CommandError("Retention periods are whole months, at least 1.")
        purged = services.purge_personal_data(
            booking_months=booking_months,
            question_months=question_months,
            referral_months=referral_months,
        )
        self.stdout.write(
            f"{purged.bookings_anonymised} booking(s) anonymised, "
            f"{purged.questions_deleted} question(s) deleted, "
            f"{purged.subscription_requests_deleted} unconfirmed newsletter "
            f"request(s) deleted, {purged.referrals_deleted} referral(s) deleted."
        )
