-- Sign-in failures are counted per (account name, client address) instead of per account, so a stranger cannot lock an
-- account out of its owner's machine (Security/SignInAttempts.cs). The name is kept as typed, matched like users.user_name.
CREATE TABLE IF NOT EXISTS sign_in_attempts (
    user_name TEXT NOT NULL COLLATE NOCASE,
    client TEXT NOT NULL,
    failed_count INTEGER NOT NULL,
    locked_until TEXT NULL,
    last_attempt_at TEXT NOT NULL,
    PRIMARY KEY (user_name, client)
);
CREATE INDEX IF NOT EXISTS ix_sign_in_attempts_last_attempt_at ON sign_in_attempts (last_attempt_at);

ALTER TABLE users DROP COLUMN failed_count;
ALTER TABLE users DROP COLUMN locked_until;

-- Every change that must end cached sessions or key checks on every node (Security/SecurityChangeFeed.cs): a user's
-- security stamp, a key or a device revoked. Written by triggers, so every writer (pages, command line, plain SQL) records it.
CREATE TABLE IF NOT EXISTS security_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- user (subject: users.id), apikey (subject: api_keys.key_hash) or device (subject: display_devices.id)
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_security_changes_at ON security_changes (at);

CREATE TRIGGER IF NOT EXISTS tr_users_security_change AFTER UPDATE OF security_stamp ON users
WHEN NEW.security_stamp <> OLD.security_stamp
BEGIN
    INSERT INTO security_changes (kind, subject, at) VALUES ('user', CAST(NEW.id AS TEXT), strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;

CREATE TRIGGER IF NOT EXISTS tr_api_keys_security_change AFTER UPDATE OF revoked_at ON api_keys
WHEN OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL
BEGIN
    INSERT INTO security_changes (kind, subject, at) VALUES ('apikey', NEW.key_hash, strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;

CREATE TRIGGER IF NOT EXISTS tr_display_devices_security_change AFTER UPDATE OF revoked_at ON display_devices
WHEN OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL
BEGIN
    INSERT INTO security_changes (kind, subject, at) VALUES ('device', CAST(NEW.id AS TEXT), strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;
