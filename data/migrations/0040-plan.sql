-- The communication plan: events (wall-clock start + IANA zone, so DST never shifts a meeting),
-- the plan-wide settings, and what happened to each occurrence (plan against actual).

CREATE TABLE plan_meta (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  timezone TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 0,     -- bumped by every import: running servers notice
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE plan_events (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  definition TEXT NOT NULL,               -- JSON of the validated event (see src/plan/model.ts)
  revision INTEGER NOT NULL DEFAULT 1,    -- bumped when the definition changes
  created_at TEXT NOT NULL,               -- when the event entered the plan: tracking starts here
  updated_at TEXT NOT NULL,
  scheduled_until TEXT                    -- outbox filled up to here; NULL: (re)schedule from scratch
) STRICT;
CREATE INDEX plan_events_scheduled ON plan_events(scheduled_until);

-- One row per occurrence that has a state other than the implicit "planned".
CREATE TABLE plan_occurrences (
  event_id TEXT NOT NULL,
  occurrence TEXT NOT NULL,               -- local wall-clock start, e.g. 2027-03-30T09:00
  state TEXT NOT NULL DEFAULT 'planned' CHECK (state IN ('planned', 'done', 'skipped', 'overdue')),
  reason TEXT,
  by_email TEXT,
  start_at TEXT,                          -- UTC instant of the occurrence
  updated_at TEXT NOT NULL,
  escalated_at TEXT,                      -- overdue: the head of IT was told (once)
  survey_started_at TEXT,                 -- the follow-up survey went out (once)
  PRIMARY KEY (event_id, occurrence)
) STRICT, WITHOUT ROWID;
