-- The two steps after an anonymous run closes are recorded apart: `reordered_at` when its rows
-- were rewritten in random order, `compacted_at` when the database file was compacted after
-- that (docs/surveys.md). When the database is busy, the next tick compacts again without
-- shuffling the rows once more. NULL: not yet.
ALTER TABLE survey_runs ADD COLUMN compacted_at TEXT;
-- runs done before: both steps were recorded together, after the compaction
UPDATE survey_runs SET compacted_at = reordered_at WHERE reordered_at IS NOT NULL;
CREATE INDEX survey_runs_to_compact ON survey_runs(reordered_at) WHERE reordered_at IS NOT NULL AND compacted_at IS NULL;
