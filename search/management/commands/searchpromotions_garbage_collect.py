"""Wagtail's clean-up of the search log, with the searches that found nothing.

The project's app is listed before Wagtail's, so this command replaces
Wagtail's of the same name: it also drops ``UnansweredSearch`` days older
than ``WAGTAILSEARCH_HITS_MAX_AGE`` (``SEARCH_LOG_DAYS``), before Wagtail
deletes the queries nobody searched for since.
"""

from wagtail.contrib.search_promotions.management.commands import (
    searchpromotions_garbage_collect,
)

from search.services import forget_old_searches


class Command(searchpromotions_garbage_collect.Command):
    help = "Delete the search log's days older than SEARCH_LOG_DAYS."

    def handle(self, **options):
        self.stdout.write("Cleaning searches that found nothing…")
        forget_old_searches()
        super().handle(**options)
