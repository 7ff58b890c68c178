-- Managed places (管理点位, docs/map.md): layers of points an administrator keeps, such as the seasonal sale points for melon
-- growers (便民疏导点, the "西瓜地图"). A season is a month-day range 'MM-DD'..'MM-DD' that may wrap the new year
-- (11-15..02-28); null on both ends is all year. A place may carry its own season, which then replaces its layer's.
-- near_categories: the case category codes (comma-separated, e.g. 'street-vending' for 占道经营) whose open cases near an
-- in-season place of the layer are marked on the map; empty for a layer that marks nothing.
CREATE TABLE IF NOT EXISTS place_layers (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    shown_on_wall INTEGER NOT NULL DEFAULT 0 CHECK (shown_on_wall IN (0, 1)),
    season_from TEXT NULL CHECK (season_from IS NULL OR season_from GLOB '[0-1][0-9]-[0-3][0-9]'),
    season_to TEXT NULL CHECK (season_to IS NULL OR season_to GLOB '[0-1][0-9]-[0-3][0-9]'),
    near_categories TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    CHECK ((season_from IS NULL) = (season_to IS NULL))
);

CREATE TABLE IF NOT EXISTS places (
    id INTEGER PRIMARY KEY,
    layer_id INTEGER NOT NULL REFERENCES place_layers (id),
    name TEXT NOT NULL,
    lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
    lng REAL NOT NULL CHECK (lng BETWEEN -180 AND 180),
    note TEXT NULL,
    season_from TEXT NULL CHECK (season_from IS NULL OR season_from GLOB '[0-1][0-9]-[0-3][0-9]'),
    season_to TEXT NULL CHECK (season_to IS NULL OR season_to GLOB '[0-1][0-9]-[0-3][0-9]'),
    updated_at TEXT NOT NULL,
    CHECK ((season_from IS NULL) = (season_to IS NULL))
);
CREATE INDEX IF NOT EXISTS ix_places_layer ON places (layer_id);

-- An import or an edit on the map reaches every node like any reference edit (0008, 0014): the catalogs reload.
CREATE TRIGGER IF NOT EXISTS tr_place_layers_insert_reference_change AFTER INSERT ON place_layers
BEGIN
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'place_layers', strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;
CREATE TRIGGER IF NOT EXISTS tr_place_layers_update_reference_change AFTER UPDATE ON place_layers
BEGIN
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'place_layers', strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;
CREATE TRIGGER IF NOT EXISTS tr_place_layers_delete_reference_change AFTER DELETE ON place_layers
BEGIN
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'place_layers', strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;
CREATE TRIGGER IF NOT EXISTS tr_places_insert_reference_change AFTER INSERT ON places
BEGIN
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'places', strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;
CREATE TRIGGER IF NOT EXISTS tr_places_update_reference_change AFTER UPDATE ON places
BEGIN
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'places', strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;
CREATE TRIGGER IF NOT EXISTS tr_places_delete_reference_change AFTER DELETE ON places
BEGIN
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'places', strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;
