-- Ids, hashes and case numbers are compared ordinally, names case-insensitively, on both engines (docs/domain.md "The same
-- id"); the database's default collation decides neither. Ids become NVARCHAR/NCHAR with a binary collation: Dapper's string
-- parameters are NVARCHAR, so a lookup seeks the index instead of converting every row (CONVERT_IMPLICIT under SQL_*
-- collations). Widths follow the validation limits (CommandCenter.Tests/Data/SqlServerSemantics checks both).
-- SQL Server refuses to alter a column an index or key uses: each is dropped, the column altered, the index re-created
-- under its old name. These re-create indexes of cases and case_events offline: run it in a maintenance window.

-- 案件编号 and its day counter.
ALTER TABLE case_no_sequences DROP CONSTRAINT pk_case_no_sequences;
ALTER TABLE case_no_sequences ALTER COLUMN day NCHAR(8) COLLATE Latin1_General_100_BIN2 NOT NULL;
ALTER TABLE case_no_sequences ADD CONSTRAINT pk_case_no_sequences PRIMARY KEY (day);

ALTER TABLE cases DROP CONSTRAINT uq_cases_case_no;
ALTER TABLE cases ALTER COLUMN case_no NVARCHAR(32) COLLATE Latin1_General_100_BIN2 NOT NULL;
ALTER TABLE cases ADD CONSTRAINT uq_cases_case_no UNIQUE (case_no);

-- Other systems' ids (externalId, eventId, patrolId): AbC1 and abc1 are two cases.
DROP INDEX uq_cases_external_id ON cases;
ALTER TABLE cases ALTER COLUMN external_id NVARCHAR(100) COLLATE Latin1_General_100_BIN2 NULL;
CREATE UNIQUE INDEX uq_cases_external_id ON cases (external_id) WHERE external_id IS NOT NULL;

ALTER TABLE case_events DROP CONSTRAINT uq_case_events_event_id;
ALTER TABLE case_events ALTER COLUMN event_id NVARCHAR(100) COLLATE Latin1_General_100_BIN2 NOT NULL;
ALTER TABLE case_events ADD CONSTRAINT uq_case_events_event_id UNIQUE (event_id);

DROP INDEX uq_patrols_external_id ON patrols;
ALTER TABLE patrols ALTER COLUMN external_id NVARCHAR(100) COLLATE Latin1_General_100_BIN2 NULL;
CREATE UNIQUE INDEX uq_patrols_external_id ON patrols (external_id) WHERE external_id IS NOT NULL;

-- The intake takes a 500-character address (IntakeRequests.MaxAddressLength).
ALTER TABLE cases ALTER COLUMN address NVARCHAR(500) NULL;

-- Hashes of secrets: hex, compared exactly.
ALTER TABLE users ALTER COLUMN password_hash NVARCHAR(400) COLLATE Latin1_General_100_BIN2 NOT NULL;

ALTER TABLE api_keys DROP CONSTRAINT uq_api_keys_key_hash;
ALTER TABLE api_keys ALTER COLUMN key_hash NVARCHAR(64) COLLATE Latin1_General_100_BIN2 NOT NULL;
ALTER TABLE api_keys ADD CONSTRAINT uq_api_keys_key_hash UNIQUE (key_hash);

ALTER TABLE display_devices DROP CONSTRAINT uq_display_devices_token_hash;
ALTER TABLE display_devices ALTER COLUMN token_hash NVARCHAR(64) COLLATE Latin1_General_100_BIN2 NOT NULL;
ALTER TABLE display_devices ADD CONSTRAINT uq_display_devices_token_hash UNIQUE (token_hash);

-- Account, key and screen names match whatever their case, as SQLite's COLLATE NOCASE does.
ALTER TABLE users DROP CONSTRAINT uq_users_user_name;
ALTER TABLE users ALTER COLUMN user_name NVARCHAR(100) COLLATE Latin1_General_100_CI_AS NOT NULL;
ALTER TABLE users ADD CONSTRAINT uq_users_user_name UNIQUE (user_name);

ALTER TABLE api_keys DROP CONSTRAINT uq_api_keys_name;
ALTER TABLE api_keys ALTER COLUMN name NVARCHAR(100) COLLATE Latin1_General_100_CI_AS NOT NULL;
ALTER TABLE api_keys ADD CONSTRAINT uq_api_keys_name UNIQUE (name);

ALTER TABLE display_devices DROP CONSTRAINT uq_display_devices_name;
ALTER TABLE display_devices ALTER COLUMN name NVARCHAR(100) COLLATE Latin1_General_100_CI_AS NOT NULL;
ALTER TABLE display_devices ADD CONSTRAINT uq_display_devices_name UNIQUE (name);

ALTER TABLE sign_in_attempts DROP CONSTRAINT pk_sign_in_attempts;
ALTER TABLE sign_in_attempts ALTER COLUMN user_name NVARCHAR(100) COLLATE Latin1_General_100_CI_AS NOT NULL;
ALTER TABLE sign_in_attempts ADD CONSTRAINT pk_sign_in_attempts PRIMARY KEY (user_name, client);

ALTER TABLE sign_in_account_failures DROP CONSTRAINT pk_sign_in_account_failures;
ALTER TABLE sign_in_account_failures ALTER COLUMN user_name NVARCHAR(100) COLLATE Latin1_General_100_CI_AS NOT NULL;
ALTER TABLE sign_in_account_failures ADD CONSTRAINT pk_sign_in_account_failures PRIMARY KEY (user_name);

ALTER TABLE sign_in_known_clients DROP CONSTRAINT pk_sign_in_known_clients;
ALTER TABLE sign_in_known_clients ALTER COLUMN user_name NVARCHAR(100) COLLATE Latin1_General_100_CI_AS NOT NULL;
ALTER TABLE sign_in_known_clients ADD CONSTRAINT pk_sign_in_known_clients PRIMARY KEY (user_name, client);

-- The audit target holds an import file's name (CommandLine.MaxImportFileNameLength); the detail any size of text (a week's
-- plan copied for every leader).
ALTER TABLE audit_log ALTER COLUMN target NVARCHAR(400) NULL;
ALTER TABLE audit_log ALTER COLUMN detail NVARCHAR(MAX) NULL;
