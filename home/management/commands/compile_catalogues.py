from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


def catalogues() -> list[Path]:
    """The project's ``.po`` files (``LOCALE_PATHS``)."""
    return sorted(
        po
        for folder in settings.LOCALE_PATHS
        for po in Path(folder).glob("*/LC_MESSAGES/*.po")
    )


class Command(BaseCommand):
    help = (
        "Compile the project's .po catalogues into the .mo files Django reads, "
        "in Python (polib): no GNU gettext needed. The .mo files are committed; "
        "run this after editing a .po file (make messages does it)."
    )

    def handle(self, *args, **options):
        for po_path in catalogues():
            po = polib.pofile(str(po_path))
            po.save_as_mofile(str(po_path.with_suffix(".mo")))
            self.stdout.write(
                f"{po_path.relative_to(settings.BASE_DIR)}: "
                f"{len(po.translated_entries())} translated"
            )
