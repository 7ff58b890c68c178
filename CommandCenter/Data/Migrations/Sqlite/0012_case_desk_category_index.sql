-- The case desk (/cases, GET /api/v1/cases) lists the cases of one category, often of one status, newest step first.
-- Without an index on the category a page scanned every case of that status and sorted them (1 s median on 1,000,000
-- cases); with this one the count reads a range of it and the page walks it backwards (the rowid ends every entry, so the
-- keyset's "last_step_at, id" order is the index's own).
CREATE INDEX IF NOT EXISTS ix_cases_category ON cases (category_id, status, last_step_at);
