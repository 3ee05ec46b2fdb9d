PRAGMA secure_delete = ON; -- the per-department rows are overwritten, not left in free pages
-- Anonymous surveys count answers for the whole survey only (grp ''): a department's count
-- with one respondent was that person's answers, next to the list of who answered.
-- The counts kept per department so far join the survey-wide bucket of their run.
INSERT INTO survey_tallies (run_id, question_id, grp, value, n)
  SELECT t.run_id, t.question_id, '', t.value, sum(t.n)
  FROM survey_tallies t
  WHERE t.grp <> '' AND t.run_id IN (
    SELECT r.id FROM survey_runs r JOIN surveys s ON s.id = r.survey_id WHERE s.anonymity = 'anonymous')
  GROUP BY t.run_id, t.question_id, t.value
  ON CONFLICT (run_id, question_id, grp, value) DO UPDATE SET n = n + excluded.n;

DELETE FROM survey_tallies
WHERE grp <> '' AND run_id IN (
  SELECT r.id FROM survey_runs r JOIN surveys s ON s.id = r.survey_id WHERE s.anonymity = 'anonymous');

-- And the database itself refuses such a count from now on.
CREATE TRIGGER survey_tallies_anonymous_survey_wide
BEFORE INSERT ON survey_tallies
WHEN NEW.grp <> '' AND (SELECT s.anonymity FROM survey_runs r JOIN surveys s ON s.id = r.survey_id WHERE r.id = NEW.run_id) = 'anonymous'
BEGIN
  SELECT RAISE(ABORT, 'an anonymous survey counts answers for the whole survey only (grp must be empty)');
END;
