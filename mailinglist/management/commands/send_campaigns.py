"""Send (or resume) every campaign that is queued or still sending."""

from django.core.management.base import BaseCommand, CommandError

from mailinglist import sending, services
from mailinglist.models import Campaign


class Command(BaseCommand):
    help = (
        "Send what is left of every QUEUED or SENDING campaign, in this process: "
        "after a worker was killed (django-tasks-db never re-runs a task whose "
        "worker died), or every few minutes from cron to send retries that are "
        "due. Safe to run at any time, next to workers: nobody gets a campaign "
        "twice. Also forgets subscription requests never confirmed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--campaign",
            type=int,
            metavar="ID",
            help="Only this campaign.",
        )
        parser.add_argument(
            "--no-purge",
            action="store_false",
            dest="purge",
            help="Keep unconfirmed subscription requests, however old.",
        )

    def handle(self, *args, campaign: int | None, purge: bool, **options):
        campaigns = Campaign.objects.filter(
            status__in=[Campaign.Status.QUEUED, Campaign.Status.SENDING]
        ).order_by("created_at", "pk")
        if campaign is not None:
            campaigns = campaigns.filter(pk=campaign)
            if not campaigns.exists():
                raise CommandError(f"No queued or sending campaign with id {campaign}.")
        for campaign_id in list(campaigns.values_list("pk", flat=True)):
            report = sending.run_campaign(campaign_id)
            state = "sent" if report.finished else "not finished"
            line = (
                f"Campaign {campaign_id}: {report.sent} sent, {report.failed} failed, "
                f"{report.skipped} skipped, {report.deferred} to retry; {state}."
            )
            if report.retry_at and not report.finished:
                line += f" Next try after {report.retry_at:%Y-%m-%d %H:%M %Z}."
            if report.stopped:
                line += f" Stopped: {report.stopped}."
            self.stdout.write(line)
        if purge:
            forgotten = services.purge_unconfirmed()
            if forgotten:
                self.stdout.write(
                    f"{forgotten} unconfirmed subscription request(s) forgotten."
                )
