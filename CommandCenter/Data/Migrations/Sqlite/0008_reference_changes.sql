-- An edit of the reference data reaches every node within Security:ChangePollInterval: every insert, update and delete of a
-- reference table writes a 'reference' row (subject: the table) to security_changes, the feed each node already reads for
-- revocations (Security/SecurityChangeFeed.cs), and each node reloads its ReferenceCatalog (the live pipeline rebuilds with
-- it). Triggers, so every writer (admin pages, schedule settings, demo seeding, plain SQL) counts. One row per row changed.

CREATE TRIGGER IF NOT EXISTS tr_regions_insert_reference_change AFTER INSERT ON regions
BEGIN
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'regions', strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;
CREATE TRIGGER IF NOT EXISTS tr_regions_update_reference_change AFTER UPDATE ON regions
BEGIN
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'regions', strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;
CREATE TRIGGER IF NOT EXISTS tr_regions_delete_reference_change AFTER DELETE ON regions
BEGIN
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'regions', strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;

CREATE TRIGGER IF NOT EXISTS tr_departments_insert_reference_change AFTER INSERT ON departments
BEGIN
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'departments', strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;
CREATE TRIGGER IF NOT EXISTS tr_departments_update_reference_change AFTER UPDATE ON departments
BEGIN
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'departments', strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;
CREATE TRIGGER IF NOT EXISTS tr_departments_delete_reference_change AFTER DELETE ON departments
BEGIN
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'departments', strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;

CREATE TRIGGER IF NOT EXISTS tr_categories_insert_reference_change AFTER INSERT ON categories
BEGIN
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'categories', strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;
CREATE TRIGGER IF NOT EXISTS tr_categories_update_reference_change AFTER UPDATE ON categories
BEGIN
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'categories', strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;
CREATE TRIGGER IF NOT EXISTS tr_categories_delete_reference_change AFTER DELETE ON categories
BEGIN
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'categories', strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;

CREATE TRIGGER IF NOT EXISTS tr_roads_insert_reference_change AFTER INSERT ON roads
BEGIN
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'roads', strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;
CREATE TRIGGER IF NOT EXISTS tr_roads_update_reference_change AFTER UPDATE ON roads
BEGIN
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'roads', strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;
CREATE TRIGGER IF NOT EXISTS tr_roads_delete_reference_change AFTER DELETE ON roads
BEGIN
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'roads', strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;

CREATE TRIGGER IF NOT EXISTS tr_leaders_insert_reference_change AFTER INSERT ON leaders
BEGIN
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'leaders', strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;
CREATE TRIGGER IF NOT EXISTS tr_leaders_update_reference_change AFTER UPDATE ON leaders
BEGIN
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'leaders', strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;
CREATE TRIGGER IF NOT EXISTS tr_leaders_delete_reference_change AFTER DELETE ON leaders
BEGIN
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'leaders', strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;

CREATE TRIGGER IF NOT EXISTS tr_road_assignments_insert_reference_change AFTER INSERT ON road_assignments
BEGIN
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'road_assignments', strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;
CREATE TRIGGER IF NOT EXISTS tr_road_assignments_update_reference_change AFTER UPDATE ON road_assignments
BEGIN
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'road_assignments', strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;
CREATE TRIGGER IF NOT EXISTS tr_road_assignments_delete_reference_change AFTER DELETE ON road_assignments
BEGIN
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'road_assignments', strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;
