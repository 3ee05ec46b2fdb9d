-- The durable outbox: every message the bot sends on its own is a row first.
-- state: queued -> sending -> sent | retry -> ... | dead | expired (too late to be useful) | cancelled
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  target_kind TEXT NOT NULL CHECK (target_kind IN ('person', 'channel')),
  target TEXT NOT NULL COLLATE NOCASE,     -- person e-mail or channel id
  platform TEXT,                            -- channel: its platform; person: chosen at first attempt
  message TEXT NOT NULL,                    -- JSON OutMessage
  state TEXT NOT NULL DEFAULT 'queued'
    CHECK (state IN ('queued', 'sending', 'sent', 'retry', 'dead', 'expired', 'cancelled')),
  attempts INTEGER NOT NULL DEFAULT 0,
  due_at TEXT NOT NULL,                     -- when it was meant to go (UTC ISO)
  next_attempt_at TEXT NOT NULL,            -- working hours and backoff applied
  expires_at TEXT,                          -- past this it is recorded as expired, not sent
  lease_owner TEXT,
  lease_until TEXT,
  last_error TEXT,
  platform_message_id TEXT,
  source TEXT,                              -- JSON: what queued it (event, occurrence, survey, ...)
  created_at TEXT NOT NULL,
  sent_at TEXT
) STRICT;
CREATE INDEX outbox_next ON outbox(state, next_attempt_at);
CREATE INDEX outbox_kind ON outbox(kind, state);
