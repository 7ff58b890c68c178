-- Indexes for the case desk's lists (/cases, GET /api/v1/cases), measured on SQLite with 1,000,000 cases (README, "Case desk").
--
-- The cases of one category, often of one status, newest step first: the count reads a range and the page walks it
-- backwards (the clustered key id ends every entry, so the keyset's "last_step_at, id" order is the index's own).
CREATE INDEX ix_cases_category ON cases (category_id, status, last_step_at);

-- "Closed in" a period: a range of this index instead of a scan of every case.
CREATE INDEX ix_cases_closed_at ON cases (closed_at);

-- 超期未处置 / 即将超期 now: the cases not resolved (resolved_at NULL) are a few percent of all; with the other three times
-- of the condition in the same index the count reads those entries alone. It starts with resolved_at, so it serves every
-- query ix_cases_resolved_at served, which it replaces.
CREATE INDEX ix_cases_unresolved ON cases (resolved_at, closed_at, deadline_at, dispatched_at);
DROP INDEX ix_cases_resolved_at ON cases;
