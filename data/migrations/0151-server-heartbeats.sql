-- The servers running on this database, each with the chat platforms it sends to, noted by its
-- outbox worker every few seconds: a server that cannot send a message (a Slack post, and it has
-- no Slack) leaves it to one that can while that one runs, instead of giving it up.
CREATE TABLE server_heartbeats (
  server_id TEXT PRIMARY KEY,          -- the outbox worker's id (also the lease owner of its rows)
  platforms TEXT NOT NULL,             -- the chat platforms it sends to, comma separated ('slack,teams')
  people INTEGER NOT NULL,             -- 1: one of them reaches people (the web inbox is then no fallback)
  beat_at TEXT NOT NULL                -- last sign of life
) STRICT;
