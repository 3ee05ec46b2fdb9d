-- Events removed from the plan (`plan import --replace`): their last definition, so that what
-- was recorded for them (done, skipped, overdue), which `plan report` keeps counting, is still
-- shown in the admin calendar under the event's title. An event imported again leaves this table.
CREATE TABLE plan_removed_events (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  definition TEXT NOT NULL,               -- JSON of the event as it was when it was removed
  removed_at TEXT NOT NULL
) STRICT;
