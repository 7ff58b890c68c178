-- Sign-in failures are counted per (account name, client address) instead of per account, so a stranger cannot lock an
-- account out of its owner's machine (Security/SignInAttempts.cs). The name is kept as typed, matched like users.user_name.
CREATE TABLE sign_in_attempts (
    user_name NVARCHAR(100) NOT NULL,
    client NVARCHAR(64) NOT NULL,
    failed_count INT NOT NULL,
    locked_until DATETIME2(3) NULL,
    last_attempt_at DATETIME2(3) NOT NULL,
    CONSTRAINT pk_sign_in_attempts PRIMARY KEY (user_name, client)
);
CREATE INDEX ix_sign_in_attempts_last_attempt_at ON sign_in_attempts (last_attempt_at);

ALTER TABLE users DROP CONSTRAINT df_users_failed_count;
ALTER TABLE users DROP COLUMN failed_count, locked_until;

-- Every change that must end cached sessions or key checks on every node (Security/SecurityChangeFeed.cs): a user's
-- security stamp, a key or a device revoked. Written by triggers, so every writer (pages, command line, plain SQL) records it.
CREATE TABLE security_changes (
    id BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_security_changes PRIMARY KEY,
    -- user (subject: users.id), apikey (subject: api_keys.key_hash) or device (subject: display_devices.id)
    kind VARCHAR(16) NOT NULL,
    subject VARCHAR(64) NOT NULL,
    at DATETIME2(3) NOT NULL
);
CREATE INDEX ix_security_changes_at ON security_changes (at);
GO

CREATE TRIGGER tr_users_security_change ON users AFTER UPDATE AS
BEGIN
    SET NOCOUNT ON;
    IF NOT UPDATE(security_stamp) RETURN;
    INSERT INTO security_changes (kind, subject, at)
    SELECT 'user', CAST(i.id AS VARCHAR(20)), SYSUTCDATETIME()
    FROM inserted AS i JOIN deleted AS d ON d.id = i.id
    WHERE i.security_stamp <> d.security_stamp;
END
GO

CREATE TRIGGER tr_api_keys_security_change ON api_keys AFTER UPDATE AS
BEGIN
    SET NOCOUNT ON;
    IF NOT UPDATE(revoked_at) RETURN;
    INSERT INTO security_changes (kind, subject, at)
    SELECT 'apikey', i.key_hash, SYSUTCDATETIME()
    FROM inserted AS i JOIN deleted AS d ON d.id = i.id
    WHERE d.revoked_at IS NULL AND i.revoked_at IS NOT NULL;
END
GO

CREATE TRIGGER tr_display_devices_security_change ON display_devices AFTER UPDATE AS
BEGIN
    SET NOCOUNT ON;
    -- A wall's check updates last_seen_at often: only a revocation is a change.
    IF NOT UPDATE(revoked_at) RETURN;
    INSERT INTO security_changes (kind, subject, at)
    SELECT 'device', CAST(i.id AS VARCHAR(20)), SYSUTCDATETIME()
    FROM inserted AS i JOIN deleted AS d ON d.id = i.id
    WHERE d.revoked_at IS NULL AND i.revoked_at IS NOT NULL;
END
GO
