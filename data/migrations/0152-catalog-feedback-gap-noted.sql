-- Whether a person's 👎 on an answer card has logged its gap: 👎, 👍, 👎 again on the same card
-- changes the vote but logs the question once. A 👎 standing now was logged when it was given.
ALTER TABLE catalog_feedback ADD COLUMN gap_logged INTEGER NOT NULL DEFAULT 0 CHECK (gap_logged IN (0, 1));
UPDATE catalog_feedback SET gap_logged = 1 WHERE helpful = 0 AND card IS NOT NULL;
