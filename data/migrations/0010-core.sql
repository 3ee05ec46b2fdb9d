-- Core: the people directory, departments with their key account managers,
-- inbound de-duplication, conversation references and the web chat inbox.

CREATE TABLE departments (
  id TEXT PRIMARY KEY,                 -- the department name as used in the people file
  name_de TEXT,
  name_en TEXT,
  key_account_email TEXT COLLATE NOCASE,  -- the IT key account manager
  it_channel_slack TEXT,
  it_channel_teams TEXT
) STRICT;

CREATE TABLE people (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name TEXT NOT NULL,
  department TEXT,
  manager INTEGER NOT NULL DEFAULT 0 CHECK (manager IN (0, 1)),
  language TEXT CHECK (language IN ('de', 'en')),
  timezone TEXT,
  slack_user_id TEXT UNIQUE,
  teams_user_id TEXT UNIQUE COLLATE NOCASE,
  vip INTEGER NOT NULL DEFAULT 0 CHECK (vip IN (0, 1)),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;
CREATE INDEX people_department ON people(department);

-- Platform events already handled (Slack event_id, Teams activity id, ...): retries are dropped.
CREATE TABLE processed_events (
  platform TEXT NOT NULL,
  event_id TEXT NOT NULL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (platform, event_id)
) STRICT, WITHOUT ROWID;

-- Where the bot can reach a person or a channel later (plain data, never SDK objects).
CREATE TABLE conversation_refs (
  platform TEXT NOT NULL,
  key TEXT NOT NULL,                   -- person e-mail, platform user id or channel id
  person_email TEXT COLLATE NOCASE,
  ref TEXT NOT NULL,                   -- JSON
  updated_at TEXT NOT NULL,
  PRIMARY KEY (platform, key)
) STRICT, WITHOUT ROWID;

-- Messages for the local web chat (its "platform" inbox), delivered by the outbox.
CREATE TABLE web_inbox (
  id INTEGER PRIMARY KEY,
  recipient TEXT NOT NULL COLLATE NOCASE,  -- person e-mail or "channel:NAME"
  message TEXT NOT NULL,                   -- JSON OutMessage
  idempotency_key TEXT UNIQUE,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX web_inbox_recipient ON web_inbox(recipient, id);

-- Small facts about the running system (last scheduler tick, ...).
CREATE TABLE system_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
