-- The live change feed's position on SQL Server (docs/live-pipeline.md, "Change feed"). An IDENTITY value is taken at insert
-- and becomes visible at commit, so reading `id > @last` passes an id whose transaction commits a moment later. A rowversion
-- is read below MIN_ACTIVE_ROWVERSION(): every row below that bound has committed, whatever the isolation level.
-- Adding a rowversion writes every row: on a large case_events table run it in a quiet hour. The lock timeout stops the
-- schema lock from queueing for ever in front of every reader (a queued Sch-M lock blocks them all): the migration fails
-- after 60 s and the next start tries again.
SET LOCK_TIMEOUT 60000;
ALTER TABLE case_events ADD row_version ROWVERSION;
ALTER TABLE patrols ADD row_version ROWVERSION;
GO
SET LOCK_TIMEOUT 60000;
-- ONLINE = ON where the edition has online index builds (Enterprise and Developer 3, Azure SQL Database 5, Managed Instance 8);
-- elsewhere (Standard, Express) an offline build, bounded by the lock timeout above.
IF CAST(SERVERPROPERTY('EngineEdition') AS INT) IN (3, 5, 8)
BEGIN
    EXEC (N'CREATE UNIQUE INDEX ix_case_events_row_version ON case_events (row_version) WITH (ONLINE = ON);');
    EXEC (N'CREATE UNIQUE INDEX ix_patrols_row_version ON patrols (row_version) WITH (ONLINE = ON);');
END
ELSE
BEGIN
    EXEC (N'CREATE UNIQUE INDEX ix_case_events_row_version ON case_events (row_version);');
    EXEC (N'CREATE UNIQUE INDEX ix_patrols_row_version ON patrols (row_version);');
END
