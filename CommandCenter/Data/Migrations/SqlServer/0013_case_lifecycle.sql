-- The case lifecycle around the closed loop (docs/domain.md "The case lifecycle"): 延期 (extension), 缓办 (hold),
-- 回退 (return) and 作废 (void). The columns hold what the indicators read as of T; case_events holds every step with its
-- reason. A case's status may now also be 'onhold' or 'void'.
ALTER TABLE cases ADD
    pending_extra FLOAT NULL CONSTRAINT ck_cases_pending_extra CHECK (pending_extra > 0),
    extended_at DATETIME2(3) NULL,
    held_at DATETIME2(3) NULL,
    resumed_at DATETIME2(3) NULL,
    returned_at DATETIME2(3) NULL,
    voided_at DATETIME2(3) NULL;
GO
