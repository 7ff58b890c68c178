-- Accounts, machine keys, wall-screen devices and the audit log. Secrets are stored only as hashes.
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY,
    user_name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    -- Comma-separated role names (Security/Policies.cs).
    roles TEXT NOT NULL DEFAULT '',
    has_pii INTEGER NOT NULL DEFAULT 0,
    leader_id INTEGER NULL REFERENCES leaders (id),
    disabled INTEGER NOT NULL DEFAULT 0,
    failed_count INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT NULL,
    -- Changes on every password reset, role edit or disable: signs out the user's open sessions.
    security_stamp TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS api_keys (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    key_hash TEXT NOT NULL UNIQUE,
    key_prefix TEXT NOT NULL,
    scopes TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT NULL
);

CREATE TABLE IF NOT EXISTS display_devices (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    token_hash TEXT NOT NULL UNIQUE,
    token_prefix TEXT NOT NULL,
    playlist TEXT NULL,
    rotate_seconds INTEGER NOT NULL DEFAULT 30 CHECK (rotate_seconds > 0),
    created_at TEXT NOT NULL,
    revoked_at TEXT NULL,
    last_seen_at TEXT NULL
);

CREATE TABLE IF NOT EXISTS audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NULL,
    detail TEXT NULL
);
CREATE INDEX IF NOT EXISTS ix_audit_log_at ON audit_log (at);
