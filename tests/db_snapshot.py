"""Save and put back the whole test database, for tests that commit for real.

pytest-django empties every table after a ``transaction=True`` test; the rest
of the run expects the demo site, so such tests save it first and restore it.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connections, transaction


class TableCopy:
    """A copy of every table in the same database, put back in a fraction of a second.

    For tests that commit for real and find every table emptied after each
    test (browser tests): restoring the demo site this way takes a tenth of a
    second, rebuilding it about five. The copies are plain tables (``snap_0``,
    ``snap_1``...) that Django does not know, so its flush leaves them alone.
    Ids come back as they were; PostgreSQL's sequences keep counting, so new
    rows never collide with them.
    """

    def __init__(self, using: str = "default", prefix: str = "snap_"):
        self.using = using
        self.prefix = prefix
        self.tables: list[str] = []
        # Each table's columns when copied: a migration test may rebuild a
        # table with its columns in another order.
        self.columns: list[str] = []

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
            self.columns = []
            for index, table in enumerate(self.tables):
                copy = quote(self._copy_of(index))
                cursor.execute(f"DROP TABLE IF EXISTS {copy}")
                cursor.execute(f"CREATE TABLE {copy} AS SELECT * FROM {quote(table)}")
                description = connection.introspection.get_table_description(
                    cursor, table
                )
                self.columns.append(", ".join(quote(c.name) for c in description))

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
                columns = self.columns[index]
                cursor.execute(
                    f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {copy}"
                )
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
