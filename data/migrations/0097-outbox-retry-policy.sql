-- How long a message keeps being retried, and when it may be sent.
-- failing_since: when the current run of transient failures (5xx, timeouts, network errors)
--   began; the worker gives up on a message without an expiry a day after it (rate limits and
--   waiting for working hours never count). Cleared when an admin retries a dead message.
-- working_tz: the time zone of the recipient's working hours, for a message that waits for
--   them (NULL: it may go at any time). Checked again when the message is sent, so one sent
--   late (after a downtime, a long retry) still waits for the next window.
ALTER TABLE outbox ADD COLUMN failing_since TEXT;
ALTER TABLE outbox ADD COLUMN working_tz TEXT;
-- rows in flight, by the end of their lease: the worker takes over expired ones, `outbox status` lists them
CREATE INDEX outbox_sending ON outbox(lease_until) WHERE state = 'sending';
