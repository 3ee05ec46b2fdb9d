-- When a server stopped cleanly (SIGTERM, SIGINT): its last sign of life then says so, and the
-- health page and the reason a message waits for it tell the operator that it is not running now.
-- A message only it can send still waits for it a day (an update, a night). A killed server
-- leaves it empty, as before.
ALTER TABLE server_heartbeats ADD COLUMN stopped_at TEXT;
