-- IT projects (before, during, after), the IT marketing concept (strategy), helpdesk figures
-- and the monthly newsletter with its approval.

CREATE TABLE projects (
  id TEXT PRIMARY KEY,
  definition TEXT NOT NULL,               -- JSON of the validated project (src/projects/model.ts)
  phase TEXT NOT NULL CHECK (phase IN ('planned', 'running', 'done')),
  created_at TEXT NOT NULL,               -- first import: milestones before it are history, not news
  updated_at TEXT NOT NULL
) STRICT;

-- What happened to a project: a phase reached or a milestone passed. The key
-- (project:{id}:phase:{phase} / project:{id}:milestone:{date}) makes each happen once,
-- however often the file is imported or the scheduler ticks.
CREATE TABLE project_news (
  key TEXT PRIMARY KEY,
  project_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('phase', 'milestone')),
  phase TEXT,
  milestone_date TEXT,
  happened_at TEXT NOT NULL,
  announced_at TEXT                       -- the announcement was queued in the outbox
) STRICT, WITHOUT ROWID;
CREATE INDEX project_news_pending ON project_news(announced_at);

-- The IT marketing concept (vision, principles, roadmap): one document, replaced by an import.
CREATE TABLE strategy (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  definition TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- Tickets from a helpdesk CSV export (only what the figures need: no names, no texts).
CREATE TABLE helpdesk_tickets (
  ticket_id TEXT PRIMARY KEY,
  opened_at TEXT NOT NULL,                -- UTC ISO
  closed_at TEXT,
  category TEXT,
  department TEXT,
  satisfaction INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
  imported_at TEXT NOT NULL
) STRICT;
CREATE INDEX helpdesk_tickets_opened ON helpdesk_tickets(opened_at);
CREATE INDEX helpdesk_tickets_closed ON helpdesk_tickets(closed_at);

-- "You said, we did": what IT did about a survey's results (the survey module has no such field).
CREATE TABLE survey_actions (
  id INTEGER PRIMARY KEY,
  survey_id TEXT NOT NULL,
  run_id INTEGER,                         -- a survey run; NULL: the survey's latest closed run
  text TEXT NOT NULL,
  lang TEXT,                              -- NULL: written for both languages
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX survey_actions_survey ON survey_actions(survey_id);

-- One newsletter issue per newsletter occurrence of the plan (or a manual one).
-- state: draft -> approved (posts queued) | skipped. published issues keep their content.
CREATE TABLE newsletter_issues (
  id INTEGER PRIMARY KEY,
  occurrence_key TEXT NOT NULL UNIQUE,    -- "{eventId}@{occurrence}" or "manual:{date}"
  event_id TEXT,
  occurrence TEXT,                        -- local wall-clock start of the plan occurrence
  due_at TEXT NOT NULL,                   -- UTC instant the issue is meant to go out
  owner TEXT COLLATE NOCASE,
  state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'approved', 'skipped')),
  period_from TEXT NOT NULL,              -- what happened since (UTC ISO)
  content TEXT NOT NULL,                  -- JSON: the composed issue (src/newsletter/model.ts)
  editorial_de TEXT,                      -- the editor's own introduction (Edit)
  editorial_en TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  preview_sent_at TEXT,
  escalated_at TEXT,
  decided_by TEXT,
  decided_at TEXT,
  published_at TEXT                       -- the posts were queued in the outbox (once)
) STRICT;
CREATE INDEX newsletter_issues_state ON newsletter_issues(state, due_at);
