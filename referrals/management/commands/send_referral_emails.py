"""Send the referral emails still owed (cron, every few minutes)."""

from django.core.management.base import BaseCommand

from referrals.tasks import retry_unsent


class Command(BaseCommand):
    help = (
        "Queue again the referral emails not yet sent (consent requests, "
        "forwards to the One Stop Shops, withdrawal notices) two minutes "
        "after they were due. Run it from cron every 5 minutes."
    )

    def handle(self, *args, **options):
        count = retry_unsent()
        self.stdout.write(f"{count} referral(s) with an email queued again.")
