-- One piece of news posted to several web chat channels (an announcement for
-- [department:Finance, managers] goes to channel:Finance and channel:managers): the rows share
-- `broadcast`, and a person who reads more than one of those channels is shown the first only.
-- NULL: a message of its own.
ALTER TABLE web_inbox ADD COLUMN broadcast TEXT;
CREATE INDEX web_inbox_broadcast ON web_inbox(broadcast, id) WHERE broadcast IS NOT NULL;
