-- One vote per answer card: the card's random id (never the person) lets a second click on the
-- same card replace the first (👎 then 👍 counts as 👍 once) instead of counting twice.
ALTER TABLE catalog_feedback ADD COLUMN card TEXT;
CREATE UNIQUE INDEX catalog_feedback_card ON catalog_feedback(card) WHERE card IS NOT NULL;
