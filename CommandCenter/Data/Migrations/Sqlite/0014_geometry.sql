-- The map (docs/map.md): a shape for each region (street, community, grid, district) and a line for each road, in WGS-84,
-- stored as GeoJSON geometry text. No spatial extension: the SQLite the app ships has none (SpatiaLite is a native library
-- to install per machine), and the app never asks the database a spatial question: containment, areas and validation are
-- plain C# (Domain/Geo), on shapes the app holds in memory. The same text on SQL Server keeps both engines alike.
CREATE TABLE IF NOT EXISTS region_shapes (
    region_id INTEGER NOT NULL PRIMARY KEY REFERENCES regions (id),
    geojson TEXT NOT NULL,
    area_km2 REAL NOT NULL CHECK (area_km2 >= 0),
    updated_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS road_lines (
    road_id INTEGER NOT NULL PRIMARY KEY REFERENCES roads (id),
    geojson TEXT NOT NULL,
    length_km REAL NOT NULL CHECK (length_km >= 0),
    updated_at TEXT NOT NULL
);

-- An import reaches every node like any reference edit (0008): the catalog reloads, and the map's shapes with it.
CREATE TRIGGER IF NOT EXISTS tr_region_shapes_insert_reference_change AFTER INSERT ON region_shapes
BEGIN
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'region_shapes', strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;
CREATE TRIGGER IF NOT EXISTS tr_region_shapes_update_reference_change AFTER UPDATE ON region_shapes
BEGIN
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'region_shapes', strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;
CREATE TRIGGER IF NOT EXISTS tr_region_shapes_delete_reference_change AFTER DELETE ON region_shapes
BEGIN
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'region_shapes', strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;
CREATE TRIGGER IF NOT EXISTS tr_road_lines_insert_reference_change AFTER INSERT ON road_lines
BEGIN
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'road_lines', strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;
CREATE TRIGGER IF NOT EXISTS tr_road_lines_update_reference_change AFTER UPDATE ON road_lines
BEGIN
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'road_lines', strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;
CREATE TRIGGER IF NOT EXISTS tr_road_lines_delete_reference_change AFTER DELETE ON road_lines
BEGIN
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'road_lines', strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;
