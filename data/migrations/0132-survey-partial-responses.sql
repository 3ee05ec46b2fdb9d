-- Data only: a response is a person who answered every required question (docs/surveys.md). Versions
-- before that rule stored a single click on one question of a several-question confidential or
-- named survey as a response: a participation row (which counts the person and cancels their
-- reminders) with the other required questions unanswered. No answer path makes that state any
-- more (the questions, `optional` too, cannot change once invitations went out), so it exists
-- only in data written before: this puts it as the answer path would have left it, nothing
-- stored. The partial answers go (with their counts) and the person counts as not answered:
-- the reminders still to come reach them, and the form takes the whole answer.
--
-- Runs still open (not closed yet), and every run of a named survey. A closed run of a
-- confidential survey keeps them: its figures went out on its result card, and taking one
-- person's answers out afterwards would show them by the difference. Anonymous runs never took
-- a single click on a several-question survey; answers made anonymous later are counts that
-- no longer tell whose they were.

CREATE TEMP TABLE partial_responses AS
  SELECT p.run_id, p.email, coalesce(rc.grp, '') AS grp
  FROM survey_participation p
  JOIN survey_runs r ON r.id = p.run_id
  JOIN surveys s ON s.id = r.survey_id
  LEFT JOIN survey_recipients rc ON rc.run_id = p.run_id AND rc.email = p.email
  WHERE s.anonymity <> 'anonymous' AND (r.closed_at IS NULL OR s.anonymity = 'named')
    AND EXISTS (
      SELECT 1 FROM json_each(s.definition, '$.questions') q
      WHERE coalesce(json_extract(q.value, '$.optional'), 0) = 0
        AND NOT EXISTS (
          SELECT 1 FROM survey_answers a
          WHERE a.run_id = p.run_id AND a.email = p.email AND a.question_id = json_extract(q.value, '$.id')));

-- the counts their answers added: '' (answered the question) and each value counted (a
-- multi-choice's options from its JSON list, none for a text)
CREATE TEMP TABLE partial_counts AS
  SELECT run_id, question_id, grp, value, count(*) AS n FROM (
    SELECT a.run_id, a.question_id, a.grp, '' AS value
    FROM survey_answers a JOIN partial_responses pr ON pr.run_id = a.run_id AND pr.email = a.email
    UNION ALL
    SELECT a.run_id, a.question_id, a.grp,
           CASE WHEN t.type = 'multi' AND json_valid(a.value) AND json_type(a.value) = 'array' THEN v.value ELSE a.value END
    FROM survey_answers a
    JOIN partial_responses pr ON pr.run_id = a.run_id AND pr.email = a.email
    JOIN (SELECT r.id AS run_id, json_extract(q.value, '$.id') AS qid, json_extract(q.value, '$.type') AS type
          FROM survey_runs r JOIN surveys s ON s.id = r.survey_id, json_each(s.definition, '$.questions') q) t
      ON t.run_id = a.run_id AND t.qid = a.question_id
    LEFT JOIN json_each(CASE WHEN t.type = 'multi' AND json_valid(a.value) AND json_type(a.value) = 'array' THEN a.value ELSE '[null]' END) v
    WHERE t.type <> 'text'
  )
  GROUP BY run_id, question_id, grp, value;

UPDATE survey_tallies SET n = max(0, n - (
    SELECT c.n FROM partial_counts c
    WHERE c.run_id = survey_tallies.run_id AND c.question_id = survey_tallies.question_id
      AND c.grp = survey_tallies.grp AND c.value = survey_tallies.value))
  WHERE EXISTS (
    SELECT 1 FROM partial_counts c
    WHERE c.run_id = survey_tallies.run_id AND c.question_id = survey_tallies.question_id
      AND c.grp = survey_tallies.grp AND c.value = survey_tallies.value);

UPDATE survey_group_counts SET responses = max(0, responses - (
    SELECT count(*) FROM partial_responses pr WHERE pr.run_id = survey_group_counts.run_id AND pr.grp = survey_group_counts.grp))
  WHERE EXISTS (SELECT 1 FROM partial_responses pr WHERE pr.run_id = survey_group_counts.run_id AND pr.grp = survey_group_counts.grp);

DELETE FROM survey_answers
  WHERE EXISTS (SELECT 1 FROM partial_responses pr WHERE pr.run_id = survey_answers.run_id AND pr.email = survey_answers.email);

DELETE FROM survey_participation
  WHERE EXISTS (SELECT 1 FROM partial_responses pr WHERE pr.run_id = survey_participation.run_id AND pr.email = survey_participation.email);

DROP TABLE partial_counts;
DROP TABLE partial_responses;
