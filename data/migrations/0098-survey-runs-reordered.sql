-- When the anonymous rows of a closed run (participation, counts, comments) were rewritten in
-- random order and the database file compacted, so that where a row sits in the file no
-- longer tells the order in which people answered (docs/surveys.md). NULL: not yet (a closed
-- anonymous run is done by the next survey tick, also at start-up).
ALTER TABLE survey_runs ADD COLUMN reordered_at TEXT;
-- the survey tick looks for such runs every few seconds
CREATE INDEX survey_runs_to_reorder ON survey_runs(closed_at) WHERE reordered_at IS NULL;
