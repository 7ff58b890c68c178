-- Deadlines in working time (docs/domain.md "Working time"). Each category's two limits get a unit: workingHours (工作时),
-- workingDays (工作日) or hours (自然时). Limits already set keep their meaning: calendar hours.
ALTER TABLE categories ADD
    time_limit_unit VARCHAR(16) NOT NULL CONSTRAINT df_categories_limit_unit DEFAULT 'hours'
        CONSTRAINT ck_categories_limit_unit CHECK (time_limit_unit IN ('workingHours', 'workingDays', 'hours')),
    urgent_time_limit_unit VARCHAR(16) NOT NULL CONSTRAINT df_categories_urgent_limit_unit DEFAULT 'hours'
        CONSTRAINT ck_categories_urgent_limit_unit CHECK (urgent_time_limit_unit IN ('workingHours', 'workingDays', 'hours'));
GO

-- The holiday calendar (节假日与调休): the days that differ from "Monday to Friday work": statutory days off (is_off_day 1)
-- and make-up working days on a Saturday or Sunday (is_off_day 0). Seeded with the State Council's notices for 2024, 2025
-- and 2026; an administrator edits it and imports the next year on /admin/reference or with `calendar import`.
CREATE TABLE work_calendar (
    day DATE NOT NULL CONSTRAINT pk_work_calendar PRIMARY KEY,
    name NVARCHAR(100) NOT NULL,
    is_off_day BIT NOT NULL
);
GO

INSERT INTO work_calendar (day, name, is_off_day) VALUES
    ('2024-01-01', N'元旦', 1),
    ('2024-02-04', N'春节调休上班', 0),
    ('2024-02-10', N'春节', 1),
    ('2024-02-11', N'春节', 1),
    ('2024-02-12', N'春节', 1),
    ('2024-02-13', N'春节', 1),
    ('2024-02-14', N'春节', 1),
    ('2024-02-15', N'春节', 1),
    ('2024-02-16', N'春节', 1),
    ('2024-02-17', N'春节', 1),
    ('2024-02-18', N'春节调休上班', 0),
    ('2024-04-04', N'清明节', 1),
    ('2024-04-05', N'清明节', 1),
    ('2024-04-06', N'清明节', 1),
    ('2024-04-07', N'清明节调休上班', 0),
    ('2024-04-28', N'劳动节调休上班', 0),
    ('2024-05-01', N'劳动节', 1),
    ('2024-05-02', N'劳动节', 1),
    ('2024-05-03', N'劳动节', 1),
    ('2024-05-04', N'劳动节', 1),
    ('2024-05-05', N'劳动节', 1),
    ('2024-05-11', N'劳动节调休上班', 0),
    ('2024-06-10', N'端午节', 1),
    ('2024-09-14', N'中秋节调休上班', 0),
    ('2024-09-15', N'中秋节', 1),
    ('2024-09-16', N'中秋节', 1),
    ('2024-09-17', N'中秋节', 1),
    ('2024-09-29', N'国庆节调休上班', 0),
    ('2024-10-01', N'国庆节', 1),
    ('2024-10-02', N'国庆节', 1),
    ('2024-10-03', N'国庆节', 1),
    ('2024-10-04', N'国庆节', 1),
    ('2024-10-05', N'国庆节', 1),
    ('2024-10-06', N'国庆节', 1),
    ('2024-10-07', N'国庆节', 1),
    ('2024-10-12', N'国庆节调休上班', 0),
    ('2025-01-01', N'元旦', 1),
    ('2025-01-26', N'春节调休上班', 0),
    ('2025-01-28', N'春节', 1),
    ('2025-01-29', N'春节', 1),
    ('2025-01-30', N'春节', 1),
    ('2025-01-31', N'春节', 1),
    ('2025-02-01', N'春节', 1),
    ('2025-02-02', N'春节', 1),
    ('2025-02-03', N'春节', 1),
    ('2025-02-04', N'春节', 1),
    ('2025-02-08', N'春节调休上班', 0),
    ('2025-04-04', N'清明节', 1),
    ('2025-04-05', N'清明节', 1),
    ('2025-04-06', N'清明节', 1),
    ('2025-04-27', N'劳动节调休上班', 0),
    ('2025-05-01', N'劳动节', 1),
    ('2025-05-02', N'劳动节', 1),
    ('2025-05-03', N'劳动节', 1),
    ('2025-05-04', N'劳动节', 1),
    ('2025-05-05', N'劳动节', 1),
    ('2025-05-31', N'端午节', 1),
    ('2025-06-01', N'端午节', 1),
    ('2025-06-02', N'端午节', 1),
    ('2025-09-28', N'国庆节、中秋节调休上班', 0),
    ('2025-10-01', N'国庆节、中秋节', 1),
    ('2025-10-02', N'国庆节、中秋节', 1),
    ('2025-10-03', N'国庆节、中秋节', 1),
    ('2025-10-04', N'国庆节、中秋节', 1),
    ('2025-10-05', N'国庆节、中秋节', 1),
    ('2025-10-06', N'国庆节、中秋节', 1),
    ('2025-10-07', N'国庆节、中秋节', 1),
    ('2025-10-08', N'国庆节、中秋节', 1),
    ('2025-10-11', N'国庆节、中秋节调休上班', 0),
    ('2026-01-01', N'元旦', 1),
    ('2026-01-02', N'元旦', 1),
    ('2026-01-03', N'元旦', 1),
    ('2026-01-04', N'元旦调休上班', 0),
    ('2026-02-14', N'春节调休上班', 0),
    ('2026-02-15', N'春节', 1),
    ('2026-02-16', N'春节', 1),
    ('2026-02-17', N'春节', 1),
    ('2026-02-18', N'春节', 1),
    ('2026-02-19', N'春节', 1),
    ('2026-02-20', N'春节', 1),
    ('2026-02-21', N'春节', 1),
    ('2026-02-22', N'春节', 1),
    ('2026-02-23', N'春节', 1),
    ('2026-02-28', N'春节调休上班', 0),
    ('2026-04-04', N'清明节', 1),
    ('2026-04-05', N'清明节', 1),
    ('2026-04-06', N'清明节', 1),
    ('2026-05-01', N'劳动节', 1),
    ('2026-05-02', N'劳动节', 1),
    ('2026-05-03', N'劳动节', 1),
    ('2026-05-04', N'劳动节', 1),
    ('2026-05-05', N'劳动节', 1),
    ('2026-05-09', N'劳动节调休上班', 0),
    ('2026-06-19', N'端午节', 1),
    ('2026-06-20', N'端午节', 1),
    ('2026-06-21', N'端午节', 1),
    ('2026-09-20', N'国庆节调休上班', 0),
    ('2026-09-25', N'中秋节', 1),
    ('2026-09-26', N'中秋节', 1),
    ('2026-09-27', N'中秋节', 1),
    ('2026-10-01', N'国庆节', 1),
    ('2026-10-02', N'国庆节', 1),
    ('2026-10-03', N'国庆节', 1),
    ('2026-10-04', N'国庆节', 1),
    ('2026-10-05', N'国庆节', 1),
    ('2026-10-06', N'国庆节', 1),
    ('2026-10-07', N'国庆节', 1),
    ('2026-10-10', N'国庆节调休上班', 0);
GO

-- A calendar edit reaches every node like any reference edit (0008): the catalog reloads and new deadlines use it.
CREATE TRIGGER tr_work_calendar_reference_change ON work_calendar AFTER INSERT, UPDATE, DELETE AS
BEGIN
    SET NOCOUNT ON;
    IF NOT EXISTS (SELECT 1 FROM inserted) AND NOT EXISTS (SELECT 1 FROM deleted) RETURN;
    INSERT INTO security_changes (kind, subject, at) VALUES ('reference', 'work_calendar', SYSUTCDATETIME());
END
GO
