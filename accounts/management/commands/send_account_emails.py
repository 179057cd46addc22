"""Queue again the account emails left unsent (SMTP down, worker stopped)."""

from django.core.management.base import BaseCommand

from accounts import outbox


class Command(BaseCommand):
    help = (
        "Queue again the account emails (address verification, password reset) "
        "that are still waiting, e.g. after the mail server was down. Run it "
        "every few minutes from cron; each email is sent once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--retry-after",
            type=int,
            default=120,
            metavar="SECONDS",
            help="Retry emails waiting for at least this long (default 120).",
        )

    def handle(self, *args, retry_after: int, **options):
        retried = outbox.retry_unsent(older_than_seconds=max(retry_after, 0))
        self.stdout.write(f"{retried} account email(s) queued again.")
