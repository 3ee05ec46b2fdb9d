-- Surveys: definitions, runs (waves), recipients, participation and answers.
--
-- Anonymity lives in this schema, not only on screen:
-- * participation (who answered, never what) is a WITHOUT ROWID table keyed by
--   (run, e-mail) with no timestamp: no insertion order, no time to join on;
-- * linked answers (confidential, named) are keyed by (run, e-mail, question);
-- * anonymous answers have NO person column at all: choices are per-run tallies of
--   counts (run, question, group, value) -> n, and free text sits in a table whose
--   primary key is a random 63-bit number, with no timestamp and no group.
-- * linked answers (confidential, named) are kept in survey_answers AND counted in the
--   same tallies, so results never scan the answers.

CREATE TABLE surveys (
  id TEXT PRIMARY KEY,
  definition TEXT NOT NULL,               -- JSON, normalised (see src/surveys/definition.ts)
  anonymity TEXT NOT NULL CHECK (anonymity IN ('anonymous', 'confidential', 'named')),
  min_group_size INTEGER NOT NULL CHECK (min_group_size >= 1),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- One run (wave) of a survey: `itbot survey send`, a recurring wave, a plan follow-up.
CREATE TABLE survey_runs (
  id INTEGER PRIMARY KEY,
  survey_id TEXT NOT NULL REFERENCES surveys(id),
  run_key TEXT NOT NULL,                  -- deterministic: "send:...", "wave:2027-01-11", "plan:..."
  title TEXT,                             -- JSON {de,en} overriding the survey's title
  scheduled INTEGER NOT NULL CHECK (scheduled IN (0, 1)),
  opened_at TEXT NOT NULL,
  closes_at TEXT NOT NULL,
  closed_at TEXT,
  UNIQUE (survey_id, run_key)
) STRICT;
CREATE INDEX survey_runs_open ON survey_runs(closed_at, closes_at);

-- Who was invited. grp is the department used for breakdowns: NULL when the department
-- had fewer recipients than minGroupSize when the run opened (never its own group).
CREATE TABLE survey_recipients (
  run_id INTEGER NOT NULL REFERENCES survey_runs(id),
  email TEXT NOT NULL COLLATE NOCASE,
  department TEXT,                        -- the directory's department (manager's "my group")
  grp TEXT,
  lang TEXT NOT NULL CHECK (lang IN ('de', 'en')),
  PRIMARY KEY (run_id, email)
) STRICT, WITHOUT ROWID;

-- Who has answered (not what): the lock against a second answer and the reminder filter.
-- Deliberately no timestamp and no rowid.
CREATE TABLE survey_participation (
  run_id INTEGER NOT NULL REFERENCES survey_runs(id),
  email TEXT NOT NULL COLLATE NOCASE,
  PRIMARY KEY (run_id, email)
) STRICT, WITHOUT ROWID;

-- confidential and named: linked answers, changeable until the close.
-- value: the number or option as text; multi: a JSON array of options; text: the comment.
CREATE TABLE survey_answers (
  run_id INTEGER NOT NULL REFERENCES survey_runs(id),
  email TEXT NOT NULL COLLATE NOCASE,
  question_id TEXT NOT NULL,
  grp TEXT NOT NULL DEFAULT '',
  value TEXT NOT NULL,
  answered_at TEXT NOT NULL,
  PRIMARY KEY (run_id, email, question_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX survey_answers_question ON survey_answers(run_id, question_id);

-- Recipients and responses per run and group ('' = no group of its own), kept with each
-- invitation and first answer: the response-rate figures without scanning participation.
CREATE TABLE survey_group_counts (
  run_id INTEGER NOT NULL REFERENCES survey_runs(id),
  grp TEXT NOT NULL,
  recipients INTEGER NOT NULL DEFAULT 0,
  responses INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, grp)
) STRICT, WITHOUT ROWID;

-- Reminder rounds already queued (one row per run and offset): the tick does the work once.
CREATE TABLE survey_reminder_rounds (
  run_id INTEGER NOT NULL REFERENCES survey_runs(id),
  offset TEXT NOT NULL,                   -- the ISO-8601 duration, e.g. P3D
  queued INTEGER NOT NULL,
  PRIMARY KEY (run_id, offset)
) STRICT, WITHOUT ROWID;

-- Counts per run, question, group and value, kept in the same transaction as each answer.
-- anonymous: the ONLY record of the choices. confidential/named: a running aggregate of
-- survey_answers, so results over a million answers read a few hundred rows.
-- value '' counts the people who answered the question (option values are never empty);
-- multi-choice adds one to each chosen option.
CREATE TABLE survey_tallies (
  run_id INTEGER NOT NULL REFERENCES survey_runs(id),
  question_id TEXT NOT NULL,
  grp TEXT NOT NULL DEFAULT '',
  value TEXT NOT NULL,
  n INTEGER NOT NULL CHECK (n >= 0),
  PRIMARY KEY (run_id, question_id, grp, value)
) STRICT, WITHOUT ROWID;

-- anonymous free text: random primary key, no time, no group, no person.
CREATE TABLE survey_anon_comments (
  id INTEGER PRIMARY KEY,                 -- random, never sequential
  run_id INTEGER NOT NULL REFERENCES survey_runs(id),
  question_id TEXT NOT NULL,
  text TEXT NOT NULL
) STRICT;
CREATE INDEX survey_anon_comments_run ON survey_anon_comments(run_id, question_id, text);
