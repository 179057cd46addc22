"""Build this week's country alerts and send them (weekly, from cron)."""

from django.core.management.base import BaseCommand

from mailinglist import alerts, sending


class Command(BaseCommand):
    help = (
        "Make this week's country alerts digest from the changes published "
        "since the last one (country pages, One Stop Shop details, recognition "
        "guides, organisations) and send it to the followers of those "
        "countries, each their countries' changes in their language. At most "
        "one digest a week: running it again only finishes sending that one, "
        "and nobody gets it twice. With no change, nothing is made."
    )

    def handle(self, *args, **options):
        campaign, created = alerts.build_country_digest()
        if campaign is None:
            self.stdout.write("No country changes since the last digest: nothing sent.")
            return
        if not created:
            self.stdout.write(
                f"This week's digest exists already (campaign {campaign.pk}): "
                "finishing it only."
            )
        report = sending.run_campaign(campaign.pk)
        state = "sent" if report.finished else "not finished"
        line = (
            f"Country alerts, campaign {campaign.pk}: {report.sent} sent, "
            f"{report.failed} failed, {report.skipped} skipped, "
            f"{report.deferred} to retry; {state}."
        )
        if report.stopped:
            line += f" Stopped: {report.stopped}. send_campaigns will resume it."
        self.stdout.write(line)
