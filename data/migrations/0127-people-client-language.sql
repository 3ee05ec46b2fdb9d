-- The language a person's chat client uses, from the locale of their last activity (Teams,
-- Slack, ...): proactive messages use it, as the replies to their clicks do, when the directory
-- has no language for them (the directory's, when set, wins). Written by the bot, never by a
-- people import, so a new import keeps it.
ALTER TABLE people ADD COLUMN client_language TEXT CHECK (client_language IN ('de', 'en'));
