-- The ceiling of failed sign-ins per account name, shared by every node (Security/SignInAttempts.cs): one row per name
-- counting the failures (and the attempts still being checked) of the window that started at window_start.
CREATE TABLE sign_in_account_failures (
    user_name NVARCHAR(100) NOT NULL CONSTRAINT pk_sign_in_account_failures PRIMARY KEY,
    window_start DATETIME2(3) NOT NULL,
    failed_count INT NOT NULL
);
CREATE INDEX ix_sign_in_account_failures_window_start ON sign_in_account_failures (window_start);

-- The client addresses (an IPv6 client's /64) that signed in to an account: exempt from that account's ceiling.
CREATE TABLE sign_in_known_clients (
    user_name NVARCHAR(100) NOT NULL,
    client NVARCHAR(64) NOT NULL,
    last_success_at DATETIME2(3) NOT NULL,
    CONSTRAINT pk_sign_in_known_clients PRIMARY KEY (user_name, client)
);
CREATE INDEX ix_sign_in_known_clients_last_success_at ON sign_in_known_clients (last_success_at);
