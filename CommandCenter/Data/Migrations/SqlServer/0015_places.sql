-- Managed places (管理点位, docs/map.md): layers of points an administrator keeps, such as the seasonal sale points for melon
-- growers (便民疏导点, the "西瓜地图"). A season is a month-day range 'MM-DD'..'MM-DD' that may wrap the new year
-- (11-15..02-28); null on both ends is all year. A place may carry its own season, which then replaces its layer's.
-- near_categories: the case category codes (comma-separated, e.g. 'street-vending' for 占道经营) whose open cases near an
-- in-season place of the layer are marked on the map; empty for a layer that marks nothing.
CREATE TABLE place_layers (
    id BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_place_layers PRIMARY KEY,
    code NVARCHAR(64) NOT NULL CONSTRAINT uq_place_layers_code UNIQUE,
    name NVARCHAR(100) NOT NULL,
    kind NVARCHAR(32) NOT NULL,
    shown_on_wall BIT NOT NULL CONSTRAINT df_place_layers_shown_on_wall DEFAULT 0,
    season_from CHAR(5) NULL,
    season_to CHAR(5) NULL,
    near_categories NVARCHAR(400) NOT NULL CONSTRAINT df_place_layers_near_categories DEFAULT N'',
    updated_at DATETIME2(3) NOT NULL,
    CONSTRAINT ck_place_layers_season CHECK ((season_from IS NULL AND season_to IS NULL) OR (season_from IS NOT NULL AND season_to IS NOT NULL))
);
GO

CREATE TABLE places (
    id BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_places PRIMARY KEY,
    layer_id BIGINT NOT NULL CONSTRAINT fk_places_layer REFERENCES place_layers (id),
    name NVARCHAR(100) NOT NULL,
    lat FLOAT NOT NULL CONSTRAINT ck_places_lat CHECK (lat BETWEEN -90 AND 90),
    lng FLOAT NOT NULL CONSTRAINT ck_places_lng CHECK (lng BETWEEN -180 AND 180),
    note NVARCHAR(500) NULL,
    season_from CHAR(5) NULL,
    season_to CHAR(5) NULL,
    updated_at DATETIME2(3) NOT NULL,
    CONSTRAINT ck_places_season CHECK ((season_from IS NULL AND season_to IS NULL) OR (season_from IS NOT NULL AND season_to IS NOT NULL))
);
GO

CREATE INDEX ix_places_layer ON places (layer_id);
GO

-- An import or an edit on the map reaches every node like any reference edit (0008, 0014): the catalogs reload.
CREATE TRIGGER tr_place_layers_reference_change ON place_layers AFTER INSERT, UPDATE, DELETE AS
BEGIN
    SET NOCOUNT ON;
    IF NOT EXISTS (SELECT 1 FROM inserted) AND NOT EXISTS (SELECT 1 FROM deleted) RETURN;
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'place_layers', SYSUTCDATETIME());
END
GO

CREATE TRIGGER tr_places_reference_change ON places AFTER INSERT, UPDATE, DELETE AS
BEGIN
    SET NOCOUNT ON;
    IF NOT EXISTS (SELECT 1 FROM inserted) AND NOT EXISTS (SELECT 1 FROM deleted) RETURN;
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'places', SYSUTCDATETIME());
END
GO
