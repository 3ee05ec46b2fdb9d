-- The calendar's SEQUENCE of each plan event (RFC 5545): it grows with every change a calendar
-- must take over (a new definition; an occurrence skipped, or no longer skipped: an EXDATE more
-- or less) and stays as it is otherwise, so a calendar that imported the document once takes the
-- changed event on a second import. The time of the last skip change is part of DTSTAMP and
-- LAST-MODIFIED. A removed event keeps its sequence, so the same event imported again goes on from it.
ALTER TABLE plan_events ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;
ALTER TABLE plan_events ADD COLUMN skips_changed_at TEXT;
ALTER TABLE plan_removed_events ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;

UPDATE plan_events SET
  sequence = revision - 1 + (SELECT count(*) FROM plan_occurrences o WHERE o.event_id = plan_events.id AND o.state = 'skipped'),
  skips_changed_at = (SELECT max(o.updated_at) FROM plan_occurrences o WHERE o.event_id = plan_events.id AND o.state = 'skipped');

CREATE TRIGGER plan_occurrence_skipped AFTER INSERT ON plan_occurrences WHEN NEW.state = 'skipped'
BEGIN
  UPDATE plan_events SET sequence = sequence + 1, skips_changed_at = NEW.updated_at WHERE id = NEW.event_id;
END;

CREATE TRIGGER plan_occurrence_skip_changed AFTER UPDATE OF state ON plan_occurrences
  WHEN (OLD.state = 'skipped') <> (NEW.state = 'skipped')
BEGIN
  UPDATE plan_events SET sequence = sequence + 1, skips_changed_at = NEW.updated_at WHERE id = NEW.event_id;
END;
