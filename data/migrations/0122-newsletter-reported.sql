-- What an approved issue reported, as item keys (JSON list), recorded when it is queued: its
-- services, project news and strategy, and only the survey runs whose results reached a reader
-- (the channel post: runs for all; a figures-first message: runs of that reader's audience).
-- A run no reader got stays unreported for a later issue. NULL for issues approved before this
-- was kept (everything in their content counts as reported then).
ALTER TABLE newsletter_issues ADD COLUMN reported TEXT;
