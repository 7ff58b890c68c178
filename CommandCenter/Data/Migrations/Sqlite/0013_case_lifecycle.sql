-- The case lifecycle around the closed loop (docs/domain.md "The case lifecycle"): 延期 (extension), 缓办 (hold),
-- 回退 (return) and 作废 (void). The columns hold what the indicators read as of T; case_events holds every step with its
-- reason. A case's status may now also be 'onhold' or 'void'.
ALTER TABLE cases ADD COLUMN pending_extra REAL NULL CHECK (pending_extra > 0);
ALTER TABLE cases ADD COLUMN extended_at TEXT NULL;
ALTER TABLE cases ADD COLUMN held_at TEXT NULL;
ALTER TABLE cases ADD COLUMN resumed_at TEXT NULL;
ALTER TABLE cases ADD COLUMN returned_at TEXT NULL;
ALTER TABLE cases ADD COLUMN voided_at TEXT NULL;
