-- Data only: no table changes.
-- The plan no longer messages anyone outside ITBOT_WORKING_HOURS (docs/plan.md, Scheduling).
-- Reminders queued before went at their due time when waiting for the working hours would have
-- passed the event's start, at night or on a weekend, and announcements did not wait at all.
-- Every event is scheduled again from scratch on the next tick, which gives its waiting
-- messages their send time in working hours (brought forward into the last window before their
-- due time); what it does not queue again (a snooze) keeps working hours from now on, checked
-- when it is sent (the recipient's time zone, else the plan's). Rows recorded as missed when
-- queued (expiring at their due time) are left as they are.
UPDATE outbox SET working_tz = (SELECT timezone FROM plan_meta WHERE id = 1)
WHERE kind IN ('plan-reminder', 'plan-announce') AND state IN ('queued', 'retry') AND working_tz IS NULL
  AND (expires_at IS NULL OR expires_at > due_at);
UPDATE plan_events SET scheduled_until = NULL;
