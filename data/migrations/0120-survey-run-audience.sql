-- Whom a run (wave) was sent to, as audience terms in file syntax (JSON list): the survey's
-- audience, or the plan event's for a follow-up run. The newsletter shows a run's results only
-- to readers in it. NULL for runs opened before this was kept (read from the survey or the
-- plan event then).
ALTER TABLE survey_runs ADD COLUMN audience TEXT;
