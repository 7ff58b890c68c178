-- The ceiling of failed sign-ins per account name, shared by every node (Security/SignInAttempts.cs): one row per name
-- counting the failures (and the attempts still being checked) of the window that started at window_start.
CREATE TABLE IF NOT EXISTS sign_in_account_failures (
    user_name TEXT NOT NULL COLLATE NOCASE PRIMARY KEY,
    window_start TEXT NOT NULL,
    failed_count INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_sign_in_account_failures_window_start ON sign_in_account_failures (window_start);

-- The client addresses (an IPv6 client's /64) that signed in to an account: exempt from that account's ceiling.
CREATE TABLE IF NOT EXISTS sign_in_known_clients (
    user_name TEXT NOT NULL COLLATE NOCASE,
    client TEXT NOT NULL,
    last_success_at TEXT NOT NULL,
    PRIMARY KEY (user_name, client)
);
CREATE INDEX IF NOT EXISTS ix_sign_in_known_clients_last_success_at ON sign_in_known_clients (last_success_at);
