"""Owe reminders for workshops starting within a day, and retry unsent emails."""

from django.core.management.base import BaseCommand

from workshops import services, tasks


class Command(BaseCommand):
    help = (
        "Queue a reminder for each confirmed booking of a workshop starting in "
        "the next 24 hours, and queue again booking emails left unsent (SMTP "
        "down, worker stopped). Run it every few minutes from cron: each "
        "reminder is sent once, even when two runs overlap."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--retry-after",
            type=int,
            default=120,
            metavar="SECONDS",
            help="Retry emails unsent for at least this long (default 120).",
        )

    def handle(self, *args, retry_after: int, **options):
        queued = services.queue_reminders()
        retried = tasks.retry_unsent(older_than_seconds=max(retry_after, 0))
        self.stdout.write(
            f"{queued} reminder(s) queued; {retried} unsent email(s) queued again."
        )
