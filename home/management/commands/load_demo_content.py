from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

# Each app with demo content has a ``demo`` module with ``load()``; the order
# matters (countries before the news and stories that refer to them).
LOADERS = [
    "home.demo",
    "countries.demo",
    "news.demo",
    "stories.demo",
    "workshops.demo",
    "mailinglist.demo",
    "home.demo_questions",
]


class Command(BaseCommand):
    help = (
        "Create the demo pages, snippets and settings that are missing. "
        "Safe to run again: it never duplicates or overwrites anything."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip",
            action="append",
            default=[],
            choices=LOADERS,
            help="Leave out this section's loader (may be repeated).",
        )

    def handle(self, *args, **options):
        with transaction.atomic():
            for module in LOADERS:
                if module not in options["skip"]:
                    import_module(module).load()
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
