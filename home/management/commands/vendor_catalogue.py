from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand

# The libraries' Brazilian Portuguese catalogues that the public site shows
# (Django's form and password messages, allauth's account pages and emails,
# Wagtail's forms and password-protected pages). Without them, "pt" would
# read European Portuguese (Python's gettext takes pt_PT for "pt").
SOURCES = [
    "django/conf/locale",
    "django/contrib/auth/locale",
    "allauth/locale",
    "wagtail/locale",
    "wagtail/contrib/forms/locale",
]
TARGET = Path(settings.BASE_DIR) / "locale_vendor" / "pt" / "LC_MESSAGES" / "django.po"


def library_root() -> Path:
    import django

    return Path(django.__file__).resolve().parent.parent


class Command(BaseCommand):
    help = (
        "Rebuild locale_vendor/pt/LC_MESSAGES/django.po from the Brazilian "
        "Portuguese catalogues of Django, allauth and Wagtail (run after "
        "upgrading them, then compile_catalogues). The project's own "
        "catalogue (locale/pt) still wins where both translate a message."
    )

    def handle(self, *args, **options):
        merged = polib.POFile(wrapwidth=79)
        merged.metadata = {
            "Project-Id-Version": "One Stop Shops portal: libraries' pt_BR",
            "Language": "pt",
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
            "Plural-Forms": "nplurals=2; plural=(n > 1);",
        }
        merged.header = (
            "Brazilian Portuguese translations of Django (BSD), django-allauth "
            "(MIT) and Wagtail (BSD),\ncopied from their pt_BR catalogues by "
            "manage.py vendor_catalogue. Do not edit by hand."
        )
        seen = set()
        for source in SOURCES:
            path = library_root() / source / "pt_BR" / "LC_MESSAGES" / "django.po"
            if not path.exists():
                continue
            for entry in polib.pofile(str(path)):
                key = (entry.msgctxt, entry.msgid)
                translated = entry.msgstr or any(entry.msgstr_plural.values())
                if key in seen or entry.obsolete or "fuzzy" in entry.flags:
                    continue
                if not translated or not entry.msgid:
                    continue
                seen.add(key)
                merged.append(
                    polib.POEntry(
                        msgctxt=entry.msgctxt,
                        msgid=entry.msgid,
                        msgid_plural=entry.msgid_plural,
                        msgstr=entry.msgstr,
                        msgstr_plural=dict(entry.msgstr_plural),
                        flags=[f for f in entry.flags if f != "fuzzy"],
                        comment=source.split("/")[0],
                    )
                )
        TARGET.parent.mkdir(parents=True, exist_ok=True)
        merged.save(str(TARGET))
        self.stdout.write(f"{TARGET.relative_to(settings.BASE_DIR)}: {len(merged)}")
