-- Deadlines in working time (docs/domain.md "Working time"). Each category's two limits get a unit: workingHours (工作时),
-- workingDays (工作日) or hours (自然时). Limits already set keep their meaning: calendar hours.
ALTER TABLE categories ADD COLUMN time_limit_unit TEXT NOT NULL DEFAULT 'hours'
    CHECK (time_limit_unit IN ('workingHours', 'workingDays', 'hours'));
ALTER TABLE categories ADD COLUMN urgent_time_limit_unit TEXT NOT NULL DEFAULT 'hours'
    CHECK (urgent_time_limit_unit IN ('workingHours', 'workingDays', 'hours'));

-- The holiday calendar (节假日与调休): the days that differ from "Monday to Friday work": statutory days off (is_off_day 1)
-- and make-up working days on a Saturday or Sunday (is_off_day 0). Seeded with the State Council's notices for 2024, 2025
-- and 2026; an administrator edits it and imports the next year on /admin/reference or with `calendar import`.
CREATE TABLE IF NOT EXISTS work_calendar (
    day TEXT NOT NULL PRIMARY KEY CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    name TEXT NOT NULL,
    is_off_day INTEGER NOT NULL CHECK (is_off_day IN (0, 1))
);

INSERT INTO work_calendar (day, name, is_off_day) VALUES
    ('2024-01-01', '元旦', 1),
    ('2024-02-04', '春节调休上班', 0),
    ('2024-02-10', '春节', 1),
    ('2024-02-11', '春节', 1),
    ('2024-02-12', '春节', 1),
    ('2024-02-13', '春节', 1),
    ('2024-02-14', '春节', 1),
    ('2024-02-15', '春节', 1),
    ('2024-02-16', '春节', 1),
    ('2024-02-17', '春节', 1),
    ('2024-02-18', '春节调休上班', 0),
    ('2024-04-04', '清明节', 1),
    ('2024-04-05', '清明节', 1),
    ('2024-04-06', '清明节', 1),
    ('2024-04-07', '清明节调休上班', 0),
    ('2024-04-28', '劳动节调休上班', 0),
    ('2024-05-01', '劳动节', 1),
    ('2024-05-02', '劳动节', 1),
    ('2024-05-03', '劳动节', 1),
    ('2024-05-04', '劳动节', 1),
    ('2024-05-05', '劳动节', 1),
    ('2024-05-11', '劳动节调休上班', 0),
    ('2024-06-10', '端午节', 1),
    ('2024-09-14', '中秋节调休上班', 0),
    ('2024-09-15', '中秋节', 1),
    ('2024-09-16', '中秋节', 1),
    ('2024-09-17', '中秋节', 1),
    ('2024-09-29', '国庆节调休上班', 0),
    ('2024-10-01', '国庆节', 1),
    ('2024-10-02', '国庆节', 1),
    ('2024-10-03', '国庆节', 1),
    ('2024-10-04', '国庆节', 1),
    ('2024-10-05', '国庆节', 1),
    ('2024-10-06', '国庆节', 1),
    ('2024-10-07', '国庆节', 1),
    ('2024-10-12', '国庆节调休上班', 0),
    ('2025-01-01', '元旦', 1),
    ('2025-01-26', '春节调休上班', 0),
    ('2025-01-28', '春节', 1),
    ('2025-01-29', '春节', 1),
    ('2025-01-30', '春节', 1),
    ('2025-01-31', '春节', 1),
    ('2025-02-01', '春节', 1),
    ('2025-02-02', '春节', 1),
    ('2025-02-03', '春节', 1),
    ('2025-02-04', '春节', 1),
    ('2025-02-08', '春节调休上班', 0),
    ('2025-04-04', '清明节', 1),
    ('2025-04-05', '清明节', 1),
    ('2025-04-06', '清明节', 1),
    ('2025-04-27', '劳动节调休上班', 0),
    ('2025-05-01', '劳动节', 1),
    ('2025-05-02', '劳动节', 1),
    ('2025-05-03', '劳动节', 1),
    ('2025-05-04', '劳动节', 1),
    ('2025-05-05', '劳动节', 1),
    ('2025-05-31', '端午节', 1),
    ('2025-06-01', '端午节', 1),
    ('2025-06-02', '端午节', 1),
    ('2025-09-28', '国庆节、中秋节调休上班', 0),
    ('2025-10-01', '国庆节、中秋节', 1),
    ('2025-10-02', '国庆节、中秋节', 1),
    ('2025-10-03', '国庆节、中秋节', 1),
    ('2025-10-04', '国庆节、中秋节', 1),
    ('2025-10-05', '国庆节、中秋节', 1),
    ('2025-10-06', '国庆节、中秋节', 1),
    ('2025-10-07', '国庆节、中秋节', 1),
    ('2025-10-08', '国庆节、中秋节', 1),
    ('2025-10-11', '国庆节、中秋节调休上班', 0),
    ('2026-01-01', '元旦', 1),
    ('2026-01-02', '元旦', 1),
    ('2026-01-03', '元旦', 1),
    ('2026-01-04', '元旦调休上班', 0),
    ('2026-02-14', '春节调休上班', 0),
    ('2026-02-15', '春节', 1),
    ('2026-02-16', '春节', 1),
    ('2026-02-17', '春节', 1),
    ('2026-02-18', '春节', 1),
    ('2026-02-19', '春节', 1),
    ('2026-02-20', '春节', 1),
    ('2026-02-21', '春节', 1),
    ('2026-02-22', '春节', 1),
    ('2026-02-23', '春节', 1),
    ('2026-02-28', '春节调休上班', 0),
    ('2026-04-04', '清明节', 1),
    ('2026-04-05', '清明节', 1),
    ('2026-04-06', '清明节', 1),
    ('2026-05-01', '劳动节', 1),
    ('2026-05-02', '劳动节', 1),
    ('2026-05-03', '劳动节', 1),
    ('2026-05-04', '劳动节', 1),
    ('2026-05-05', '劳动节', 1),
    ('2026-05-09', '劳动节调休上班', 0),
    ('2026-06-19', '端午节', 1),
    ('2026-06-20', '端午节', 1),
    ('2026-06-21', '端午节', 1),
    ('2026-09-20', '国庆节调休上班', 0),
    ('2026-09-25', '中秋节', 1),
    ('2026-09-26', '中秋节', 1),
    ('2026-09-27', '中秋节', 1),
    ('2026-10-01', '国庆节', 1),
    ('2026-10-02', '国庆节', 1),
    ('2026-10-03', '国庆节', 1),
    ('2026-10-04', '国庆节', 1),
    ('2026-10-05', '国庆节', 1),
    ('2026-10-06', '国庆节', 1),
    ('2026-10-07', '国庆节', 1),
    ('2026-10-10', '国庆节调休上班', 0);

-- A calendar edit reaches every node like any reference edit (0008): the catalog reloads and new deadlines use it.
CREATE TRIGGER IF NOT EXISTS tr_work_calendar_insert_reference_change AFTER INSERT ON work_calendar
BEGIN
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'work_calendar', strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;
CREATE TRIGGER IF NOT EXISTS tr_work_calendar_update_reference_change AFTER UPDATE ON work_calendar
BEGIN
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'work_calendar', strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;
CREATE TRIGGER IF NOT EXISTS tr_work_calendar_delete_reference_change AFTER DELETE ON work_calendar
BEGIN
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'work_calendar', strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;
