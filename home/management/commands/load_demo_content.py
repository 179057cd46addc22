from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from home import demo_translations
from home.loading import loading_demo_content


def project_apps() -> list[str]:
    """The installed apps that are folders of the project (not libraries, which
    the virtualenv may also keep inside the project folder)."""
    base = Path(settings.BASE_DIR).resolve()
    return [
        config.name
        for config in apps.get_app_configs()
        if Path(config.path).resolve().parent == base
    ]


def demo_modules() -> list[str]:
    """The ``demo`` modules of the project's apps, in ``INSTALLED_APPS`` order.

    Each has a ``load()`` that builds what is missing of its section; the
    order of the apps is the order that matters (countries before the news
    and stories that refer to them). A module may also have ``load_last()``,
    run after every ``load()`` (a page that comes last in the menu).
    """
    return [f"{name}.demo" for name in project_apps() if find_spec(f"{name}.demo")]


class Command(BaseCommand):
    help = (
        "Create the demo pages, snippets and settings that are missing, and their "
        "Spanish, Portuguese and Italian translations. Safe to run again: it "
        "never duplicates or overwrites anything."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip",
            action="append",
            default=[],
            help="Leave out this app's demo module, e.g. mailinglist.demo "
            "(may be repeated).",
        )

    def handle(self, *args, **options):
        names = demo_modules()
        unknown = set(options["skip"]) - set(names)
        if unknown:
            raise CommandError(
                f"No such demo module: {', '.join(sorted(unknown))}. "
                f"Choose from {', '.join(names)}."
            )
        modules = [import_module(n) for n in names if n not in options["skip"]]
        with transaction.atomic(), loading_demo_content():
            for module in modules:
                module.load()
            for module in modules:
                if hasattr(module, "load_last"):
                    module.load_last()
            made = demo_translations.load()
        for language, count in made.items():
            if count:
                self.stdout.write(
                    f"Translated {count} pages and snippets into {language}."
                )
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
