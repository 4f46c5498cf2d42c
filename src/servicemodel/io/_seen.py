"""The ticket ids a reader has already read, exactly, in memory that stops growing.

A reader reports a repeated ticket id, so it must remember every id it has read. A ``set`` of
1,000,000 ids takes about 90 MB, the only part of a streaming reader that grows with the
input. :class:`SeenIds` answers exactly as that set would, but past :data:`SPILL_AT` ids it
moves them in sorted batches into a private temporary SQLite database (on disk, deleted when
closed) with a fixed-size Bloom filter in front: a new id -- the usual case -- is told apart by
the filter alone, and only a filter hit (a duplicate, or a rare false positive) is confirmed by
a query. Memory past the threshold is the batch, the filter and SQLite's small page cache.

Past the threshold each id costs about 2 to 3 µs more (the filter, the sorted insert), a few
per cent of reading a ticket; below it, nothing measurable. So the loaders that return every
history (``load_jsonl``, and the several-file and one-row-per-ticket loaders, which keep a plain
set) do not spill: their histories take far more memory than the ids. Without :mod:`sqlite3` (a
Python built without it), or if the disk refuses a spill, the ids simply stay in the set.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported lazily: most inputs never reach the threshold
    import sqlite3

__all__ = ["SeenIds"]

#: Ids kept in a plain set before the first spill: usual files never reach it.
SPILL_AT = 1 << 16
#: Ids gathered in memory between two spills once the database is in use.
BATCH = 1 << 14
#: Bits in the Bloom filter (a power of two, at most 2**32): 2**25 bits are 4 MB, and with two
#: bit positions per id about 1 new id in 300 reaches the database after 1,000,000 ids.
BLOOM_BITS = 1 << 25
#: SQLite page cache, in pages (of 4 kB): the database's own memory stays this small.
CACHE_PAGES = 512

_NEVER = 1 << 62
_FIND = "SELECT 1 FROM seen WHERE id = ?"
_ADD = "INSERT OR IGNORE INTO seen (id) VALUES (?)"


class SeenIds:
    """A set of strings with ``in`` and ``add`` only, spilled to disk past a threshold.

    Use it as a context manager (or call :meth:`close`) so the database is removed when the
    reader finishes or is closed early; an abandoned one is removed when collected. With
    ``spill=False`` it stays a set: for a loader that keeps every history anyway, whose ids
    are a small part of its memory and faster in a set.

    Examples:
        >>> with SeenIds(spill_at=2, batch=2, bloom_bits=64) as seen:
        ...     for tid in ["a", "b", "c", "d", "e"]:
        ...         seen.add(tid)
        ...     ("a" in seen, "e" in seen, "f" in seen)
        (True, True, False)
    """

    __slots__ = ("_batch", "_bits", "_db", "_ids", "_limit", "_mask")

    def __init__(
        self,
        *,
        spill_at: int | None = None,
        batch: int | None = None,
        bloom_bits: int | None = None,
        spill: bool = True,
    ) -> None:
        # The module defaults are read here, not bound at import, so tests can shrink them.
        self._ids: set[str] = set()
        self._limit = (SPILL_AT if spill_at is None else spill_at) if spill else _NEVER
        self._batch = BATCH if batch is None else batch
        nbits = BLOOM_BITS if bloom_bits is None else bloom_bits
        if not 8 <= nbits <= 1 << 32 or nbits & (nbits - 1):
            raise ValueError(f"bloom_bits must be a power of two in [8, 2**32], got {nbits}")
        self._mask = nbits - 1
        self._bits = bytearray()  # allocated at the first spill
        self._db: sqlite3.Connection | None = None

    def __contains__(self, key: str) -> bool:
        if key in self._ids:
            return True
        if self._db is None:
            return False
        # The Bloom filter, inlined (hot: every new id past the threshold). Its two bit
        # positions are two disjoint slices of hash(key), which a str caches.
        h = hash(key)
        bits, mask = self._bits, self._mask
        pos = h & mask
        if not bits[pos >> 3] & (1 << (pos & 7)):
            return False
        pos = (h >> 32) & mask
        if not bits[pos >> 3] & (1 << (pos & 7)):
            return False
        return self._stored(key)

    def ops(self) -> tuple[Callable[[str], bool], Callable[[str], None]]:
        """``(in, add)`` as two callables; a set's own methods when it never spills (a loader's
        per-ticket check then costs what a set's does)."""
        if self._limit == _NEVER:
            return self._ids.__contains__, self._ids.add
        return self.__contains__, self.add

    def add(self, key: str) -> None:
        ids = self._ids
        ids.add(key)
        if len(ids) >= self._limit:
            self._spill()

    def close(self) -> None:
        """Remove the temporary database (if any); the set answers no more after this."""
        db, self._db = self._db, None
        self._ids = set()
        self._bits = bytearray()
        if db is not None:
            db.close()

    def __enter__(self) -> SeenIds:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _stored(self, key: str) -> bool:
        assert self._db is not None
        try:
            row = self._db.execute(_FIND, (key,)).fetchone()
        except UnicodeEncodeError:  # see _spill
            row = self._db.execute(_FIND, (_blob(key),)).fetchone()
        return row is not None

    def _spill(self) -> None:
        if self._db is None and not self._open():
            self._limit = _NEVER  # no sqlite3: stay a plain set
            return
        keys = sorted(self._ids)  # sorted: the inserts walk the B-tree in order
        if not self._insert(keys):
            self._limit = _NEVER  # the disk refused (full?): the ids from now on stay in the set
            return
        self._mark(keys)
        self._ids = set()
        self._limit = self._batch

    def _insert(self, keys: list[str]) -> bool:
        """Store ``keys`` in one transaction; False (and nothing stored) if SQLite fails."""
        import sqlite3  # already loaded by _open

        db = self._db
        assert db is not None
        try:
            db.execute("BEGIN")
            try:
                db.executemany(_ADD, zip(keys))
            except UnicodeEncodeError:
                # An id with a lone surrogate (JSON "\ud800") is no UTF-8 text: such ids are
                # stored as bytes, and a BLOB never equals a TEXT. Rows already in are ignored.
                db.executemany(_ADD, [(_blob(k),) for k in keys])
            db.execute("COMMIT")
        except sqlite3.Error:
            if db.in_transaction:
                db.execute("ROLLBACK")  # the journal (on disk, not OFF) makes this exact
            return False
        return True

    def _mark(self, keys: list[str]) -> None:
        bits, mask = self._bits, self._mask
        for key in keys:
            h = hash(key)
            pos = h & mask
            bits[pos >> 3] |= 1 << (pos & 7)
            pos = (h >> 32) & mask
            bits[pos >> 3] |= 1 << (pos & 7)

    def _open(self) -> bool:
        try:
            import sqlite3  # lazy: only inputs past the threshold need it
        except ImportError:
            return False
        # "" is a private temporary database on disk, deleted when the connection closes.
        db = sqlite3.connect("", isolation_level=None, check_same_thread=False)
        db.execute(f"PRAGMA cache_size = {CACHE_PAGES}")
        db.execute("PRAGMA synchronous = OFF")
        # No declared type: a value is stored and compared as it is bound (TEXT or BLOB).
        db.execute("CREATE TABLE seen (id PRIMARY KEY) WITHOUT ROWID")
        self._db = db
        self._bits = bytearray((self._mask + 1) >> 3)
        return True


def _blob(key: str) -> bytes | str:
    """``key`` as SQLite stores it: as text, or as bytes if it holds a lone surrogate."""
    try:
        key.encode("utf-8")
    except UnicodeEncodeError:
        return key.encode("utf-8", "surrogatepass")  # one-to-one, like UTF-8 itself
    return key
