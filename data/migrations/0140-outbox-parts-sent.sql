-- A message a sender splits into several parts (Teams: cards) that failed after some of them
-- reached the platform: how many, and of which text (a digest the sender chooses). Its next
-- attempt, on any server, posts the rest, and the outbox never moves such a message to the
-- person's next platform (it would arrive partly on two).
ALTER TABLE outbox ADD COLUMN parts_sent INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN parts_of TEXT;
