-- How many questions reached the catalog in chat, per hour (UTC, 'YYYY-MM-DDTHH'): a count only,
-- no text, no person, no department. `itbot catalog gaps` tells with it "nobody asked" from
-- "every question was answered". Kept a year, as the gaps.
CREATE TABLE catalog_questions (
  hour TEXT PRIMARY KEY,
  asked INTEGER NOT NULL CHECK (asked >= 0)
) STRICT;

-- Counting begins with this version. A database that was already asked questions (gaps or votes
-- kept, chat events seen) notes when, so that no report says nobody asked before then.
INSERT INTO system_state (key, value, updated_at)
SELECT 'catalog.questions_counted_from', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
WHERE EXISTS (SELECT 1 FROM catalog_gaps) OR EXISTS (SELECT 1 FROM catalog_feedback) OR EXISTS (SELECT 1 FROM processed_events);
