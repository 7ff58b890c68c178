-- An edit of the reference data reaches every node within Security:ChangePollInterval: every insert, update and delete of a
-- reference table writes a 'reference' row (subject: the table) to security_changes, the feed each node already reads for
-- revocations (Security/SecurityChangeFeed.cs), and each node reloads its ReferenceCatalog (the live pipeline rebuilds with
-- it). Triggers, so every writer (admin pages, schedule settings, demo seeding, plain SQL) counts. One row per statement that
-- changed a row.
-- An INSERT … OUTPUT without INTO is refused on a table with triggers: inserts into these tables take SCOPE_IDENTITY().

CREATE TRIGGER tr_regions_reference_change ON regions AFTER INSERT, UPDATE, DELETE AS
BEGIN
    SET NOCOUNT ON;
    IF NOT EXISTS (SELECT 1 FROM inserted) AND NOT EXISTS (SELECT 1 FROM deleted) RETURN;
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'regions', SYSUTCDATETIME());
END
GO

CREATE TRIGGER tr_departments_reference_change ON departments AFTER INSERT, UPDATE, DELETE AS
BEGIN
    SET NOCOUNT ON;
    IF NOT EXISTS (SELECT 1 FROM inserted) AND NOT EXISTS (SELECT 1 FROM deleted) RETURN;
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'departments', SYSUTCDATETIME());
END
GO

CREATE TRIGGER tr_categories_reference_change ON categories AFTER INSERT, UPDATE, DELETE AS
BEGIN
    SET NOCOUNT ON;
    IF NOT EXISTS (SELECT 1 FROM inserted) AND NOT EXISTS (SELECT 1 FROM deleted) RETURN;
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'categories', SYSUTCDATETIME());
END
GO

CREATE TRIGGER tr_roads_reference_change ON roads AFTER INSERT, UPDATE, DELETE AS
BEGIN
    SET NOCOUNT ON;
    IF NOT EXISTS (SELECT 1 FROM inserted) AND NOT EXISTS (SELECT 1 FROM deleted) RETURN;
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'roads', SYSUTCDATETIME());
END
GO

CREATE TRIGGER tr_leaders_reference_change ON leaders AFTER INSERT, UPDATE, DELETE AS
BEGIN
    SET NOCOUNT ON;
    IF NOT EXISTS (SELECT 1 FROM inserted) AND NOT EXISTS (SELECT 1 FROM deleted) RETURN;
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'leaders', SYSUTCDATETIME());
END
GO

CREATE TRIGGER tr_road_assignments_reference_change ON road_assignments AFTER INSERT, UPDATE, DELETE AS
BEGIN
    SET NOCOUNT ON;
    IF NOT EXISTS (SELECT 1 FROM inserted) AND NOT EXISTS (SELECT 1 FROM deleted) RETURN;
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'road_assignments', SYSUTCDATETIME());
END
GO
