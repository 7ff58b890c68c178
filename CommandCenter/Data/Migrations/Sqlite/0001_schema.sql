-- Reference data: region tree (district → street → community → grid), departments, categories, roads, leaders.
CREATE TABLE IF NOT EXISTS regions (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('district', 'street', 'community', 'grid')),
    parent_id INTEGER NULL REFERENCES regions (id)
);
CREATE INDEX IF NOT EXISTS ix_regions_parent ON regions (parent_id);

CREATE TABLE IF NOT EXISTS departments (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS categories (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('component', 'event')),
    time_limit_hours REAL NOT NULL CHECK (time_limit_hours > 0),
    urgent_time_limit_hours REAL NOT NULL CHECK (urgent_time_limit_hours > 0),
    department_id INTEGER NULL REFERENCES departments (id)
);

CREATE TABLE IF NOT EXISTS roads (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    street_id INTEGER NOT NULL REFERENCES regions (id)
);

CREATE TABLE IF NOT EXISTS leaders (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    title TEXT NOT NULL,
    is_main INTEGER NOT NULL DEFAULT 0,
    required_patrols_per_week INTEGER NOT NULL DEFAULT 1 CHECK (required_patrols_per_week >= 0)
);

-- 领导包路: a leader owns a road for a campaign (local dates, inclusive).
CREATE TABLE IF NOT EXISTS road_assignments (
    id INTEGER PRIMARY KEY,
    leader_id INTEGER NOT NULL REFERENCES leaders (id),
    road_id INTEGER NOT NULL REFERENCES roads (id),
    campaign_from TEXT NOT NULL,
    campaign_to TEXT NOT NULL,
    CHECK (campaign_from <= campaign_to)
);
CREATE INDEX IF NOT EXISTS ix_road_assignments_leader ON road_assignments (leader_id);
CREATE INDEX IF NOT EXISTS ix_road_assignments_road ON road_assignments (road_id);

-- Readable case numbers: one counter per local day.
CREATE TABLE IF NOT EXISTS case_no_sequences (
    day TEXT PRIMARY KEY,
    last_no INTEGER NOT NULL
);

-- The current state of each case; case_events holds how it got there.
CREATE TABLE IF NOT EXISTS cases (
    id INTEGER PRIMARY KEY,
    case_no TEXT NOT NULL UNIQUE,
    external_id TEXT NULL UNIQUE,
    source TEXT NOT NULL,
    category_id INTEGER NOT NULL REFERENCES categories (id),
    region_id INTEGER NOT NULL REFERENCES regions (id),
    street_id INTEGER NOT NULL REFERENCES regions (id),
    road_id INTEGER NULL REFERENCES roads (id),
    description TEXT NOT NULL,
    address TEXT NULL,
    lat REAL NULL,
    lng REAL NULL,
    reporter_phone TEXT NULL,
    is_urgent INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    level TEXT NOT NULL DEFAULT 'grid',
    department_id INTEGER NULL REFERENCES departments (id),
    method TEXT NULL,
    rating TEXT NULL,
    rework_count INTEGER NOT NULL DEFAULT 0,
    reported_at TEXT NOT NULL,
    registered_at TEXT NULL,
    rejected_at TEXT NULL,
    dispatched_at TEXT NULL,
    deadline_at TEXT NULL,
    resolved_at TEXT NULL,
    closed_at TEXT NULL,
    rated_at TEXT NULL,
    last_step_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_cases_reported_at ON cases (reported_at);
CREATE INDEX IF NOT EXISTS ix_cases_registered_at ON cases (registered_at);
CREATE INDEX IF NOT EXISTS ix_cases_status_deadline ON cases (status, deadline_at);
CREATE INDEX IF NOT EXISTS ix_cases_street ON cases (street_id, registered_at);
CREATE INDEX IF NOT EXISTS ix_cases_department ON cases (department_id, registered_at);
CREATE INDEX IF NOT EXISTS ix_cases_rated_at ON cases (rated_at);
CREATE INDEX IF NOT EXISTS ix_cases_resolved_at ON cases (resolved_at);
CREATE INDEX IF NOT EXISTS ix_cases_road ON cases (road_id, reported_at);

-- Append-only change feed: id is the cursor the live tailer reads with WHERE id > @last.
CREATE TABLE IF NOT EXISTS case_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    event_id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    data TEXT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_case_events_case ON case_events (case_id, id);

-- A leader's patrol of a road (步行 / 骑行 / 驾车).
CREATE TABLE IF NOT EXISTS patrols (
    id INTEGER PRIMARY KEY,
    external_id TEXT NULL UNIQUE,
    leader_id INTEGER NOT NULL REFERENCES leaders (id),
    road_id INTEGER NOT NULL REFERENCES roads (id),
    started_at TEXT NOT NULL,
    ended_at TEXT NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('walk', 'bike', 'drive')),
    recorded_at TEXT NOT NULL,
    CHECK (started_at <= ended_at)
);
CREATE INDEX IF NOT EXISTS ix_patrols_leader_started ON patrols (leader_id, started_at);
CREATE INDEX IF NOT EXISTS ix_patrols_started ON patrols (started_at);

-- Next week's plan: the local days a leader plans to patrol (bit 0 = Monday … bit 6 = Sunday).
CREATE TABLE IF NOT EXISTS patrol_plans (
    id INTEGER PRIMARY KEY,
    leader_id INTEGER NOT NULL REFERENCES leaders (id),
    week_start TEXT NOT NULL,
    planned_days INTEGER NOT NULL DEFAULT 0 CHECK (planned_days BETWEEN 0 AND 127),
    note TEXT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    UNIQUE (leader_id, week_start)
);

-- 领导带班值班: one leader on 24-hour duty per local day.
CREATE TABLE IF NOT EXISTS duty_roster (
    id INTEGER PRIMARY KEY,
    duty_date TEXT NOT NULL UNIQUE,
    leader_id INTEGER NOT NULL REFERENCES leaders (id),
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
