"""Internal, shared with other subpackages: what they use from this package's private modules.

Not public API: a name here may change or go without notice. Outside ``servicemodel.io``, import
these from here, never from a private module of the package, so that what the package shares is in
one place (``tests/test_layering_private.py`` checks it). Only imports: the code stays in the module
named for it.
"""

from servicemodel.io._columns import read_texts
from servicemodel.io._complete import ticket_id_of
from servicemodel.io._files import (
    LinedReader,
    bulk,
    csv_file_rows,
    csv_records,
    csv_why,
    file_items,
    widen_csv_fields,
)
from servicemodel.io._seen import SeenIds
from servicemodel.io._sources import (
    MAP_KEYS,
    SOURCES,
    SourceMap,
    load_source,
    progress_bar,
    skipped_of,
)
from servicemodel.io._unreadable import cannot_read

__all__ = [
    "LinedReader",
    "MAP_KEYS",
    "SOURCES",
    "SeenIds",
    "SourceMap",
    "bulk",
    "cannot_read",
    "csv_file_rows",
    "csv_records",
    "csv_why",
    "file_items",
    "load_source",
    "progress_bar",
    "read_texts",
    "skipped_of",
    "ticket_id_of",
    "widen_csv_fields",
]
