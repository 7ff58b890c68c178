-- Secondary indexes a large import has set aside and not built again yet (SQLite only, see Data/DeferredIndexes.cs).
-- A row is written in the transaction that drops its index and deleted in the one that builds it back, so an import that
-- was killed leaves the record here and the next start of the app or of a command builds the index.
CREATE TABLE IF NOT EXISTS deferred_indexes (
    name TEXT PRIMARY KEY,
    definition TEXT NOT NULL,
    deferred_at TEXT NOT NULL
);
