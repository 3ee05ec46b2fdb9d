-- What a turn wrote, by the platform event it answered (one row per event and kind of write, with
-- what that write decided): a turn run again for the same event (a Slack payload whose server died
-- after the core had begun it) finds its first run's writes here and does not make them twice.
-- Written in the transaction of the write itself; forgotten with the event's id (processed_events).
-- No time and no content: nothing here says what was written.
CREATE TABLE event_writes (
  platform TEXT NOT NULL,
  event_id TEXT NOT NULL,
  write TEXT NOT NULL,                 -- e.g. 'catalog.question', 'catalog.vote', 'surveys.answer'
  result TEXT NOT NULL DEFAULT '',     -- what the first run decided, for its answer (a survey's 'first')
  PRIMARY KEY (platform, event_id, write)
) STRICT, WITHOUT ROWID;
