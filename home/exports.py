"""Spreadsheets the admin exports (CSV and XLSX), safe to open.

Cells that a spreadsheet program would read as a formula (``=``, ``+``,
``-``, ``@``, tab, carriage return first) are neutralised: Wagtail's XLSX
writer already stores them as text, and ``SafeSpreadsheetMixin``'s CSV writer
prefixes them with an apostrophe, as OWASP recommends, since CSV has no cell
types. CSV files start with a UTF-8 byte order mark: without it, Excel
garbles accented names. Every export of people's data (bookings, question
submissions) goes through it.
"""

from wagtail.admin.views.mixins import SpreadsheetExportMixin

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """``value`` prefixed with ``'`` when a spreadsheet would run it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class SafeSpreadsheetMixin(SpreadsheetExportMixin):
    """Wagtail's export with formula-like text neutralised and a BOM on CSVs."""

    def stream_csv(self, queryset):
        """The CSV, after a byte order mark so that Excel reads accents as UTF-8."""
        yield "\ufeff".encode()
        yield from super().stream_csv(queryset)

    def get_heading(self, queryset, field):
        """Headings too: a form's labels are written by editors."""
        return neutralise_formula(super().get_heading(queryset, field))

    def write_csv_row(self, writer, row_dict):
        """Write a CSV row with formula-like text neutralised."""
        return super().write_csv_row(
            writer, {key: neutralise_formula(value) for key, value in row_dict.items()}
        )
