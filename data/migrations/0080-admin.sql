-- Admin pages: one row per logged-in admin session. The cookie carries a random id signed
-- with a key derived from ITBOT_ADMIN_TOKEN and a per-database secret (in system_state);
-- only the SHA-256 of the id is stored, so a copy of the database holds no usable cookie.
-- Logout deletes the row, so a copied cookie dies with it.
CREATE TABLE admin_sessions (
  id_hash TEXT PRIMARY KEY,
  csrf TEXT NOT NULL,                  -- synchronizer token for the forms of this session
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX admin_sessions_expires ON admin_sessions(expires_at);
