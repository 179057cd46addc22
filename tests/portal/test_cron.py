"""The documented cron lines name every periodic job, and only real commands."""

import io
import re
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import call_command, get_commands
from django.utils import timezone

DOCS = ["README.md", "docs/deploy.md"]
# The commands production must run periodically (README, "Newsletter and
# questions"; docs/deploy.md, "One machine").
PERIODIC = {
    "send_workshop_reminders",
    "send_campaigns",
    "send_country_digest",
    "send_account_emails",
    "send_referral_emails",
    "publish_scheduled",
    "purge_personal_data",
    "searchpromotions_garbage_collect",
}
CRON_LINE = re.compile(r"^(?:\S+\s+){5}cd \S+ && \S*python manage\.py (\w+)", re.M)
COMMAND = re.compile(r"manage\.py (\w+)")


def text(name: str) -> str:
    return (Path(settings.BASE_DIR) / name).read_text()


@pytest.mark.parametrize("name", DOCS)
def test_cron_lines_run_every_periodic_job(name):
    assert set(CRON_LINE.findall(text(name))) == PERIODIC


@pytest.mark.parametrize("name", DOCS)
def test_every_command_the_docs_name_exists(name):
    named = set(COMMAND.findall(text(name)))
    assert PERIODIC <= named
    assert named - set(get_commands()) == set()


@pytest.mark.django_db
def test_publish_scheduled_puts_a_page_live_when_its_time_comes(make_standard_page):
    page = make_standard_page(title="Coming soon", slug="coming-soon")
    page.unpublish()
    go_live_at = timezone.now() + timedelta(hours=1)
    page.go_live_at = go_live_at
    page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live

    later = go_live_at + timedelta(minutes=5)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled", stdout=io.StringIO())

    page.refresh_from_db()
    assert page.live
