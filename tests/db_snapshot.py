"""Save and put back the whole test database, for tests that commit for real.

pytest-django empties every table after a ``transaction=True`` test; the rest
of the run expects the demo site, so such tests save it first and restore it.
"""

import json

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, connections, transaction


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


class TableCopy:
    """A copy of every table in the same database, put back in a fraction of a second.

    For tests that commit for real and find every table emptied after each
    test (browser tests): restoring the demo site this way takes a tenth of a
    second, rebuilding it about five. The copies are plain tables (``snap_0``,
    ``snap_1``...) that Django does not know, so its flush leaves them alone.
    Ids come back as they were; PostgreSQL's sequences keep counting, so new
    rows never collide with them.
    """

    prefix = "snap_"

    def __init__(self, using: str = "default"):
        self.using = using
        self.tables: list[str] = []

    def _copy_of(self, index: int) -> str:
        return f"{self.prefix}{index}"

    def take(self) -> None:
        connection = connections[self.using]
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            virtual = set(self._virtual_tables(cursor))
            self.tables = sorted(
                set(connection.introspection.django_table_names(True)) - virtual
            )
            for index, table in enumerate(self.tables):
                copy = quote(self._copy_of(index))
                cursor.execute(f"DROP TABLE IF EXISTS {copy}")
                cursor.execute(f"CREATE TABLE {copy} AS SELECT * FROM {quote(table)}")

    def restore(self) -> None:
        """Replace every table's rows with the copy's, in one transaction."""
        connection = connections[self.using]
        quote = connection.ops.quote_name
        tables = [quote(table) for table in self.tables]
        # Foreign keys are checked at commit (Django makes them deferrable), so
        # the order of the tables does not matter.
        with transaction.atomic(using=self.using), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"TRUNCATE {', '.join(tables)}")
            else:
                # SQLite's full-text index (Wagtail's search) is a virtual table
                # filled by triggers on its Django table: emptied here (a flush
                # leaves it alone), the triggers refill it from the copy below.
                for virtual in self._virtual_tables(cursor):
                    cursor.execute(f"DELETE FROM {quote(virtual)}")
                for table in tables:
                    cursor.execute(f"DELETE FROM {table}")
            for index, table in enumerate(tables):
                copy = quote(self._copy_of(index))
                cursor.execute(f"INSERT INTO {table} SELECT * FROM {copy}")
        ContentType.objects.clear_cache()
        cache.clear()

    def _virtual_tables(self, cursor) -> list[str]:
        """SQLite's virtual tables (none elsewhere)."""
        if connections[self.using].vendor != "sqlite":
            return []
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND sql LIKE 'CREATE VIRTUAL TABLE%'"
        )
        return [name for (name,) in cursor.fetchall()]

    def drop(self) -> None:
        connection = connections[self.using]
        with connection.cursor() as cursor:
            for index in range(len(self.tables)):
                copy = connection.ops.quote_name(self._copy_of(index))
                cursor.execute(f"DROP TABLE IF EXISTS {copy}")
