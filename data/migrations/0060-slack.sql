-- Slack adapter caches. All of it can be thrown away: it is rebuilt from the Web API.

-- users.info answers: the e-mail links a Slack user to the directory, the locale picks the language.
CREATE TABLE slack_users (
  user_id TEXT PRIMARY KEY,
  email TEXT COLLATE NOCASE,
  locale TEXT,
  fetched_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- users.lookupByEmail answers; user_id NULL records "not in this workspace" (users_not_found).
CREATE TABLE slack_email_lookups (
  email TEXT PRIMARY KEY COLLATE NOCASE,
  user_id TEXT,
  fetched_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- conversations.open answers: the DM channel of the bot with a user.
CREATE TABLE slack_dm_channels (
  user_id TEXT PRIMARY KEY,
  channel_id TEXT NOT NULL,
  opened_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Payloads too big for a button value (2000 characters): neutral forms opened as modals,
-- long action values. The key is a hash of the payload, so the same form is stored once.
CREATE TABLE slack_payloads (
  key TEXT PRIMARY KEY,
  payload TEXT NOT NULL,               -- JSON
  created_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;
