-- The machine a server runs on: a server started again on the same machine with the same chat
-- platforms takes the place of its stopped (or killed) row, so the health page's list of servers
-- does not grow by one row with every restart. Rows noted before stay without one.
ALTER TABLE server_heartbeats ADD COLUMN host TEXT;
