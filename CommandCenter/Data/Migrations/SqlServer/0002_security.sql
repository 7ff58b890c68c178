-- Accounts, machine keys, wall-screen devices and the audit log. Secrets are stored only as hashes.
CREATE TABLE users (
    id BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_users PRIMARY KEY,
    user_name NVARCHAR(100) NOT NULL CONSTRAINT uq_users_user_name UNIQUE,
    display_name NVARCHAR(100) NOT NULL,
    password_hash NVARCHAR(400) NOT NULL,
    -- Comma-separated role names (Security/Policies.cs).
    roles NVARCHAR(200) NOT NULL CONSTRAINT df_users_roles DEFAULT '',
    has_pii BIT NOT NULL CONSTRAINT df_users_has_pii DEFAULT 0,
    leader_id BIGINT NULL CONSTRAINT fk_users_leader REFERENCES leaders (id),
    disabled BIT NOT NULL CONSTRAINT df_users_disabled DEFAULT 0,
    failed_count INT NOT NULL CONSTRAINT df_users_failed_count DEFAULT 0,
    locked_until DATETIME2(3) NULL,
    -- Changes on every password reset, role edit or disable: signs out the user's open sessions.
    security_stamp NVARCHAR(64) NOT NULL,
    created_at DATETIME2(3) NOT NULL
);

CREATE TABLE api_keys (
    id BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_api_keys PRIMARY KEY,
    name NVARCHAR(100) NOT NULL CONSTRAINT uq_api_keys_name UNIQUE,
    key_hash VARCHAR(64) NOT NULL CONSTRAINT uq_api_keys_key_hash UNIQUE,
    key_prefix NVARCHAR(16) NOT NULL,
    scopes NVARCHAR(200) NOT NULL,
    created_at DATETIME2(3) NOT NULL,
    revoked_at DATETIME2(3) NULL
);

CREATE TABLE display_devices (
    id BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_display_devices PRIMARY KEY,
    name NVARCHAR(100) NOT NULL CONSTRAINT uq_display_devices_name UNIQUE,
    token_hash VARCHAR(64) NOT NULL CONSTRAINT uq_display_devices_token_hash UNIQUE,
    token_prefix NVARCHAR(16) NOT NULL,
    playlist NVARCHAR(400) NULL,
    rotate_seconds INT NOT NULL CONSTRAINT df_display_devices_rotate DEFAULT 30
        CONSTRAINT ck_display_devices_rotate CHECK (rotate_seconds > 0),
    created_at DATETIME2(3) NOT NULL,
    revoked_at DATETIME2(3) NULL,
    last_seen_at DATETIME2(3) NULL
);

CREATE TABLE audit_log (
    id BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_audit_log PRIMARY KEY,
    at DATETIME2(3) NOT NULL,
    actor NVARCHAR(100) NOT NULL,
    action NVARCHAR(64) NOT NULL,
    target NVARCHAR(200) NULL,
    detail NVARCHAR(1000) NULL
);
CREATE INDEX ix_audit_log_at ON audit_log (at);
