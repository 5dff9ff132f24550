"""Spreadsheets in and out: the column table, defended reading, safe writing and exports.

The import's write path is registry.services.imports; this package never writes to the
database.
"""

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5_000
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIMETYPE = "text/csv"
