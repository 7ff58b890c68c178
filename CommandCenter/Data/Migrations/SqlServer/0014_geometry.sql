-- The map (docs/map.md): a shape for each region (street, community, grid, district) and a line for each road, in WGS-84,
-- stored as GeoJSON geometry text. Not the geography type: SQLite has no spatial type, the app never asks the database a
-- spatial question (containment, areas and validation are plain C#, Domain/Geo), and one text on both engines keeps them alike.
CREATE TABLE region_shapes (
    region_id BIGINT NOT NULL CONSTRAINT pk_region_shapes PRIMARY KEY
        CONSTRAINT fk_region_shapes_region REFERENCES regions (id),
    geojson NVARCHAR(MAX) NOT NULL,
    area_km2 FLOAT NOT NULL CONSTRAINT ck_region_shapes_area CHECK (area_km2 >= 0),
    updated_at DATETIME2(3) NOT NULL
);
GO

CREATE TABLE road_lines (
    road_id BIGINT NOT NULL CONSTRAINT pk_road_lines PRIMARY KEY
        CONSTRAINT fk_road_lines_road REFERENCES roads (id),
    geojson NVARCHAR(MAX) NOT NULL,
    length_km FLOAT NOT NULL CONSTRAINT ck_road_lines_length CHECK (length_km >= 0),
    updated_at DATETIME2(3) NOT NULL
);
GO

-- An import reaches every node like any reference edit (0008): the catalog reloads, and the map's shapes with it.
CREATE TRIGGER tr_region_shapes_reference_change ON region_shapes AFTER INSERT, UPDATE, DELETE AS
BEGIN
    SET NOCOUNT ON;
    IF NOT EXISTS (SELECT 1 FROM inserted) AND NOT EXISTS (SELECT 1 FROM deleted) RETURN;
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'region_shapes', SYSUTCDATETIME());
END
GO

CREATE TRIGGER tr_road_lines_reference_change ON road_lines AFTER INSERT, UPDATE, DELETE AS
BEGIN
    SET NOCOUNT ON;
    IF NOT EXISTS (SELECT 1 FROM inserted) AND NOT EXISTS (SELECT 1 FROM deleted) RETURN;
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'road_lines', SYSUTCDATETIME());
END
GO
