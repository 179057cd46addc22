"""Save and put back the whole test database, for tests that commit for real.

pytest-django empties every table after a ``transaction=True`` test; the rest
of the run expects the demo site, so such tests save it first and restore it.
"""

import json

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection


def take_snapshot() -> str:
    """The database's rows as JSON, content types first.

    Restoring a row can look a content type up; with the table just emptied
    that lookup would create it under a new id, which the snapshot's own row
    would then clash with.
    """
    rows = json.loads(connection.creation.serialize_db_to_string())
    rows.sort(key=lambda row: row["model"] != "contenttypes.contenttype")
    return json.dumps(rows)


def restore(snapshot: str) -> None:
    """Replace the database's contents with ``snapshot``."""
    call_command(
        "flush",
        interactive=False,
        # The rows post_migrate would add (content types, permissions) are in
        # the snapshot with their original ids.
        inhibit_post_migrate=True,
        # Sequences keep counting, so restored ids never collide with new ones.
        reset_sequences=False,
        verbosity=0,
    )
    ContentType.objects.clear_cache()
    connection.creation.deserialize_db_from_string(snapshot)
    ContentType.objects.clear_cache()
    cache.clear()
