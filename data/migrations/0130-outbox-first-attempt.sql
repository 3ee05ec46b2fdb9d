-- When the outbox first called a platform for a message. A sender that checks whether an earlier
-- attempt reached the platform before it sends again (Slack: the key in the channel's history)
-- looks back to then, however many messages came after it.
ALTER TABLE outbox ADD COLUMN first_attempt_at TEXT;
-- messages tried before this column existed: their first attempt came after they were queued
UPDATE outbox SET first_attempt_at = created_at WHERE attempts > 0 OR state = 'sending';
