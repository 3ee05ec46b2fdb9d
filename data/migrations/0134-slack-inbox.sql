-- Slack events, commands, clicks and form submissions as they arrived, written before Slack is
-- acknowledged: Slack does not send an acknowledged event again, so one the server had not
-- finished when it died is run from here by the next server (or itself, restarted). The key is
-- Slack's event_id (events), cmd:{trigger_id}, act:{action_ts}:{user}, view:{view id}:{hash}; a
-- Slack retry of the same key is dropped. The body is dropped once the event is done.
CREATE TABLE slack_inbox (
  event_key TEXT PRIMARY KEY,
  body TEXT,                           -- the payload as received (JSON); NULL once done
  received_at TEXT NOT NULL,
  claimed_until TEXT NOT NULL,         -- a server runs it until then; after it, another may take it over
  attempts INTEGER NOT NULL DEFAULT 1,
  done_at TEXT
) STRICT, WITHOUT ROWID;
CREATE INDEX slack_inbox_open ON slack_inbox(claimed_until) WHERE done_at IS NULL;
