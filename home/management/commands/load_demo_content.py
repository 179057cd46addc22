from django.core.management.base import BaseCommand
from django.db import transaction

from home import demo as home_demo

# Each app with demo content adds its loader here, in dependency order.
LOADERS = [home_demo.load]


class Command(BaseCommand):
    help = (
        "Create the demo pages, snippets and settings that are missing. "
        "Safe to run again: it never duplicates or overwrites anything."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            for loader in LOADERS:
                loader()
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
