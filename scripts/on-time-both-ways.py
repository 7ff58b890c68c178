#!/usr/bin/env python3
"""按期结案率 of one month computed both ways, for the working-time note of docs/domain.md §4.1.

Usage: python3 scripts/on-time-both-ways.py DEMO.db 2026-11

Working time: the stored deadline_at (the app's WorkingTime.Deadline at the dispatch).
Calendar hours: dispatched_at + the same limit read as elapsed hours (N 工作时 -> N h, N 工作日 -> 24 N h, 自然时 as is),
which is how deadlines were computed before working time. The definitions are the app's (docs/domain.md §3.2): cases
registered in the month; 应结案 = closed before T or deadline before T; 按期结案 = closed no later than the deadline; T = the
month's end in Asia/Shanghai (the month is over).
"""
import sqlite3
import sys
from datetime import datetime, timedelta

SHANGHAI = timedelta(hours=8)  # no daylight saving in Asia/Shanghai


def parse(text):
    return None if text is None else datetime.fromisoformat(text)


def main(path, month):
    year, mon = map(int, month.split("-"))
    start = datetime(year, mon, 1) - SHANGHAI
    end = (datetime(year + (mon == 12), mon % 12 + 1, 1)) - SHANGHAI
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    rows = db.execute("""
        SELECT c.registered_at, c.dispatched_at, c.deadline_at, c.closed_at, c.is_urgent,
               k.time_limit_hours, k.time_limit_unit, k.urgent_time_limit_hours, k.urgent_time_limit_unit
        FROM cases c JOIN categories k ON k.id = c.category_id
        WHERE c.registered_at >= ? AND c.registered_at < ?
        """, (start.isoformat(" "), end.isoformat(" "))).fetchall()
    t = end
    due = {"working time": 0, "calendar hours": 0}
    on_time = {"working time": 0, "calendar hours": 0}
    flipped = 0
    for registered, dispatched, deadline, closed, urgent, hours, unit, urgent_hours, urgent_unit in rows:
        dispatched, deadline, closed = parse(dispatched), parse(deadline), parse(closed)
        amount, unit = (urgent_hours, urgent_unit) if urgent else (hours, unit)
        calendar = None if dispatched is None else dispatched + timedelta(hours=amount * (24 if unit == "workingDays" else 1))
        for way, d in (("working time", deadline), ("calendar hours", calendar)):
            if (closed is not None and closed < t) or (d is not None and d < t):
                due[way] += 1
                if closed is not None and d is not None and closed <= d:
                    on_time[way] += 1
        if closed is not None and deadline is not None and calendar is not None and closed <= deadline and closed > calendar:
            flipped += 1
    print(f"{month}: {len(rows)} cases registered")
    for way in due:
        rate = on_time[way] / due[way] if due[way] else float("nan")
        print(f"  {way:15} 应结案 {due[way]:6}  按期结案 {on_time[way]:6}  按期结案率 {rate:.1%}")
    print(f"  closed on time in working time but late in calendar hours: {flipped}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
