-- The service catalog: services and official answers (the whole validated entry as JSON,
-- with the columns search and browsing filter on), two FTS5 indexes (the catalog's own,
-- fed with stemmed and split terms, and a plain one for the evaluation baseline),
-- and what people told us: unanswered questions and 👍/👎 votes (never a name).

CREATE TABLE catalog_services (
  id TEXT PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('planned', 'new', 'active', 'retiring', 'retired')),
  category_de TEXT,
  category_en TEXT,
  data TEXT NOT NULL,                  -- JSON: the normalized service
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX catalog_services_status ON catalog_services(status);

CREATE TABLE catalog_answers (
  id TEXT PRIMARY KEY,
  data TEXT NOT NULL,                  -- JSON: the normalized official answer
  updated_at TEXT NOT NULL
) STRICT;

-- Bumped by every import: each process rebuilds its in-memory search data when it changes.
CREATE TABLE catalog_state (
  key TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) STRICT;
INSERT INTO catalog_state (key, value) VALUES ('version', 0);

-- doc is "service:ID" or "answer:ID"; the columns hold processed terms (stems, compound parts).
CREATE VIRTUAL TABLE catalog_fts USING fts5(doc UNINDEXED, name, keywords, summary, body, tokenize = 'unicode61 remove_diacritics 2');
-- The processed index's own vocabulary: prefix look-ups for words typed half ("Berecht", "Konferenzr").
CREATE VIRTUAL TABLE catalog_fts_terms USING fts5vocab('catalog_fts', 'row');
-- The same documents as written, for the plain bm25 baseline of `npm run eval:catalog`.
CREATE VIRTUAL TABLE catalog_fts_plain USING fts5(doc UNINDEXED, name, keywords, summary, body, tokenize = 'unicode61 remove_diacritics 2');

-- Questions that ended unanswered or with a 👎: no person, only their department.
CREATE TABLE catalog_gaps (
  id INTEGER PRIMARY KEY,
  question TEXT NOT NULL,
  lang TEXT NOT NULL CHECK (lang IN ('de', 'en')),
  reason TEXT NOT NULL CHECK (reason IN ('unanswered', 'thumbs-down')),
  best_guess TEXT,                     -- "service:ID" / "answer:ID" the bot offered or guessed
  department TEXT,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX catalog_gaps_created ON catalog_gaps(created_at);

-- "Did this help?" votes per answer card (anonymous).
CREATE TABLE catalog_feedback (
  id INTEGER PRIMARY KEY,
  doc TEXT NOT NULL,
  helpful INTEGER NOT NULL CHECK (helpful IN (0, 1)),
  department TEXT,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX catalog_feedback_doc ON catalog_feedback(doc);
