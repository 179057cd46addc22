from collections import defaultdict

import polib
from django.core.management.base import BaseCommand
from django.db import transaction

from home import demo_translations


class Command(BaseCommand):
    help = (
        "Rewrite home/demo_content/<language>.po from the demo content in the "
        "database (run it on a fresh `load_demo_content`): every English text "
        "the demo translates, keeping the translations already written and "
        "dropping texts no longer used."
    )

    def handle(self, *args, **options):
        demo_translations.CATALOGUES.mkdir(exist_ok=True)
        for language in demo_translations.LANGUAGES:
            path = demo_translations.catalogue_path(language)
            known = demo_translations.catalogue(language)
            used = defaultdict(list)
            # Reading the texts records wagtail-localize sources: not kept.
            with transaction.atomic():
                for text, where in demo_translations.source_texts(language):
                    used[text].append(where)
                transaction.set_rollback(True)
            po = polib.POFile(wrapwidth=0)
            po.metadata = {
                "Project-Id-Version": "One Stop Shops demo content",
                "Language": language,
                "MIME-Version": "1.0",
                "Content-Type": "text/plain; charset=UTF-8",
                "Content-Transfer-Encoding": "8bit",
            }
            for text, places in used.items():
                po.append(
                    polib.POEntry(
                        msgid=text,
                        msgstr=known.get(text, ""),
                        comment="\n".join(sorted(set(places))),
                    )
                )
            po.save(str(path))
            missing = sum(1 for entry in po if not entry.msgstr)
            self.stdout.write(
                f"{path.name}: {len(po)} texts, {missing} without translation"
            )
