-- Reference data: region tree (district → street → community → grid), departments, categories, roads, leaders.
CREATE TABLE regions (
    id BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_regions PRIMARY KEY,
    code NVARCHAR(64) NOT NULL CONSTRAINT uq_regions_code UNIQUE,
    name NVARCHAR(100) NOT NULL,
    level VARCHAR(16) NOT NULL CONSTRAINT ck_regions_level CHECK (level IN ('district', 'street', 'community', 'grid')),
    parent_id BIGINT NULL CONSTRAINT fk_regions_parent REFERENCES regions (id)
);
CREATE INDEX ix_regions_parent ON regions (parent_id);

CREATE TABLE departments (
    id BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_departments PRIMARY KEY,
    code NVARCHAR(64) NOT NULL CONSTRAINT uq_departments_code UNIQUE,
    name NVARCHAR(100) NOT NULL
);

CREATE TABLE categories (
    id BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_categories PRIMARY KEY,
    code NVARCHAR(64) NOT NULL CONSTRAINT uq_categories_code UNIQUE,
    name NVARCHAR(100) NOT NULL,
    kind VARCHAR(16) NOT NULL CONSTRAINT ck_categories_kind CHECK (kind IN ('component', 'event')),
    time_limit_hours FLOAT NOT NULL CONSTRAINT ck_categories_limit CHECK (time_limit_hours > 0),
    urgent_time_limit_hours FLOAT NOT NULL CONSTRAINT ck_categories_urgent_limit CHECK (urgent_time_limit_hours > 0),
    department_id BIGINT NULL CONSTRAINT fk_categories_department REFERENCES departments (id)
);

CREATE TABLE roads (
    id BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_roads PRIMARY KEY,
    code NVARCHAR(64) NOT NULL CONSTRAINT uq_roads_code UNIQUE,
    name NVARCHAR(100) NOT NULL,
    street_id BIGINT NOT NULL CONSTRAINT fk_roads_street REFERENCES regions (id)
);

CREATE TABLE leaders (
    id BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_leaders PRIMARY KEY,
    code NVARCHAR(64) NOT NULL CONSTRAINT uq_leaders_code UNIQUE,
    name NVARCHAR(100) NOT NULL,
    title NVARCHAR(100) NOT NULL,
    is_main BIT NOT NULL CONSTRAINT df_leaders_is_main DEFAULT 0,
    required_patrols_per_week INT NOT NULL CONSTRAINT df_leaders_required DEFAULT 1
        CONSTRAINT ck_leaders_required CHECK (required_patrols_per_week >= 0)
);

-- 领导包路: a leader owns a road for a campaign (local dates, inclusive).
CREATE TABLE road_assignments (
    id BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_road_assignments PRIMARY KEY,
    leader_id BIGINT NOT NULL CONSTRAINT fk_road_assignments_leader REFERENCES leaders (id),
    road_id BIGINT NOT NULL CONSTRAINT fk_road_assignments_road REFERENCES roads (id),
    campaign_from DATE NOT NULL,
    campaign_to DATE NOT NULL,
    CONSTRAINT ck_road_assignments_campaign CHECK (campaign_from <= campaign_to)
);
CREATE INDEX ix_road_assignments_leader ON road_assignments (leader_id);
CREATE INDEX ix_road_assignments_road ON road_assignments (road_id);

-- Readable case numbers: one counter per local day.
CREATE TABLE case_no_sequences (
    day CHAR(8) NOT NULL CONSTRAINT pk_case_no_sequences PRIMARY KEY,
    last_no INT NOT NULL
);

-- The current state of each case; case_events holds how it got there.
CREATE TABLE cases (
    id BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_cases PRIMARY KEY,
    case_no VARCHAR(32) NOT NULL CONSTRAINT uq_cases_case_no UNIQUE,
    external_id NVARCHAR(100) NULL,
    source VARCHAR(16) NOT NULL,
    category_id BIGINT NOT NULL CONSTRAINT fk_cases_category REFERENCES categories (id),
    region_id BIGINT NOT NULL CONSTRAINT fk_cases_region REFERENCES regions (id),
    street_id BIGINT NOT NULL CONSTRAINT fk_cases_street REFERENCES regions (id),
    road_id BIGINT NULL CONSTRAINT fk_cases_road REFERENCES roads (id),
    description NVARCHAR(2000) NOT NULL,
    address NVARCHAR(400) NULL,
    lat FLOAT NULL,
    lng FLOAT NULL,
    reporter_phone VARCHAR(32) NULL,
    is_urgent BIT NOT NULL CONSTRAINT df_cases_is_urgent DEFAULT 0,
    status VARCHAR(16) NOT NULL,
    level VARCHAR(16) NOT NULL CONSTRAINT df_cases_level DEFAULT 'grid',
    department_id BIGINT NULL CONSTRAINT fk_cases_department REFERENCES departments (id),
    method VARCHAR(16) NULL,
    rating VARCHAR(16) NULL,
    rework_count INT NOT NULL CONSTRAINT df_cases_rework DEFAULT 0,
    reported_at DATETIME2(3) NOT NULL,
    registered_at DATETIME2(3) NULL,
    rejected_at DATETIME2(3) NULL,
    dispatched_at DATETIME2(3) NULL,
    deadline_at DATETIME2(3) NULL,
    resolved_at DATETIME2(3) NULL,
    closed_at DATETIME2(3) NULL,
    rated_at DATETIME2(3) NULL,
    last_step_at DATETIME2(3) NOT NULL
);
-- Unlike SQLite, a plain UNIQUE constraint in SQL Server admits one NULL only.
CREATE UNIQUE INDEX uq_cases_external_id ON cases (external_id) WHERE external_id IS NOT NULL;
CREATE INDEX ix_cases_reported_at ON cases (reported_at);
CREATE INDEX ix_cases_registered_at ON cases (registered_at);
CREATE INDEX ix_cases_status_deadline ON cases (status, deadline_at);
CREATE INDEX ix_cases_street ON cases (street_id, registered_at);
CREATE INDEX ix_cases_department ON cases (department_id, registered_at);
CREATE INDEX ix_cases_rated_at ON cases (rated_at);
CREATE INDEX ix_cases_resolved_at ON cases (resolved_at);
CREATE INDEX ix_cases_road ON cases (road_id, reported_at);

-- Append-only change feed: id is the cursor the live tailer reads with WHERE id > @last.
CREATE TABLE case_events (
    id BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_case_events PRIMARY KEY,
    case_id BIGINT NOT NULL CONSTRAINT fk_case_events_case REFERENCES cases (id),
    event_id NVARCHAR(100) NOT NULL CONSTRAINT uq_case_events_event_id UNIQUE,
    type VARCHAR(16) NOT NULL,
    at DATETIME2(3) NOT NULL,
    actor NVARCHAR(100) NOT NULL,
    data NVARCHAR(MAX) NULL,
    recorded_at DATETIME2(3) NOT NULL
);
CREATE INDEX ix_case_events_case ON case_events (case_id, id);

-- A leader's patrol of a road (步行 / 骑行 / 驾车).
CREATE TABLE patrols (
    id BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_patrols PRIMARY KEY,
    external_id NVARCHAR(100) NULL,
    leader_id BIGINT NOT NULL CONSTRAINT fk_patrols_leader REFERENCES leaders (id),
    road_id BIGINT NOT NULL CONSTRAINT fk_patrols_road REFERENCES roads (id),
    started_at DATETIME2(3) NOT NULL,
    ended_at DATETIME2(3) NOT NULL,
    mode VARCHAR(16) NOT NULL CONSTRAINT ck_patrols_mode CHECK (mode IN ('walk', 'bike', 'drive')),
    recorded_at DATETIME2(3) NOT NULL,
    CONSTRAINT ck_patrols_times CHECK (started_at <= ended_at)
);
CREATE UNIQUE INDEX uq_patrols_external_id ON patrols (external_id) WHERE external_id IS NOT NULL;
CREATE INDEX ix_patrols_leader_started ON patrols (leader_id, started_at);
CREATE INDEX ix_patrols_started ON patrols (started_at);

-- Next week's plan: the local days a leader plans to patrol (bit 0 = Monday … bit 6 = Sunday).
CREATE TABLE patrol_plans (
    id BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_patrol_plans PRIMARY KEY,
    leader_id BIGINT NOT NULL CONSTRAINT fk_patrol_plans_leader REFERENCES leaders (id),
    week_start DATE NOT NULL,
    planned_days INT NOT NULL CONSTRAINT df_patrol_plans_days DEFAULT 0
        CONSTRAINT ck_patrol_plans_days CHECK (planned_days BETWEEN 0 AND 127),
    note NVARCHAR(400) NULL,
    version INT NOT NULL CONSTRAINT df_patrol_plans_version DEFAULT 1,
    updated_at DATETIME2(3) NOT NULL,
    updated_by NVARCHAR(100) NOT NULL,
    CONSTRAINT uq_patrol_plans_leader_week UNIQUE (leader_id, week_start)
);

-- 领导带班值班: one leader on 24-hour duty per local day.
CREATE TABLE duty_roster (
    id BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_duty_roster PRIMARY KEY,
    duty_date DATE NOT NULL CONSTRAINT uq_duty_roster_date UNIQUE,
    leader_id BIGINT NOT NULL CONSTRAINT fk_duty_roster_leader REFERENCES leaders (id),
    version INT NOT NULL CONSTRAINT df_duty_roster_version DEFAULT 1,
    updated_at DATETIME2(3) NOT NULL,
    updated_by NVARCHAR(100) NOT NULL
);
