-- The Slack user's time zone from users.info (`tz`): times are shown in it to a person the
-- directory has no zone for. The cached rows are dropped so every user is asked again (with
-- the zone) on their next message; the cache is rebuilt from the Web API anyway.
ALTER TABLE slack_users ADD COLUMN tz TEXT;
DELETE FROM slack_users;
