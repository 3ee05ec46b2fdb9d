-- Live results move in steps (docs/surveys.md, "Live results move in steps"). While a run of
-- an anonymous or confidential survey is open, its results show the counts as they stood at
-- its last step, not the live ones: someone who reads them before and after one more answer
-- would otherwise learn that answer. A step is taken in the same transaction as the answer
-- that brings the responses of a unit (anonymous: the whole run; confidential: one group)
-- to at least `minGroupSize` more than its last step; a question's counts (and comments)
-- follow only where at least `minGroupSize` more people have answered it since. The rows
-- are aggregates of at least `minGroupSize` people, never single answers, with no time: the
-- same shape as survey_group_counts, survey_tallies and the comments. They are deleted when
-- the run closes (then the full counts are shown).

-- Responses per run and group at the group's (confidential) or the run's (anonymous) last step.
CREATE TABLE survey_step_counts (
  run_id INTEGER NOT NULL REFERENCES survey_runs(id),
  grp TEXT NOT NULL,
  responses INTEGER NOT NULL CHECK (responses >= 0),
  PRIMARY KEY (run_id, grp)
) STRICT, WITHOUT ROWID;

-- survey_tallies of a question in a run and group as at the question's last step.
CREATE TABLE survey_step_tallies (
  run_id INTEGER NOT NULL REFERENCES survey_runs(id),
  question_id TEXT NOT NULL,
  grp TEXT NOT NULL,
  value TEXT NOT NULL,
  n INTEGER NOT NULL CHECK (n > 0),
  PRIMARY KEY (run_id, question_id, grp, value)
) STRICT, WITHOUT ROWID;

-- The comments of a text question as at its last step: each text with how often it was
-- written (no person, no time, no order of arrival: kept in text order).
CREATE TABLE survey_step_comments (
  run_id INTEGER NOT NULL REFERENCES survey_runs(id),
  question_id TEXT NOT NULL,
  grp TEXT NOT NULL,
  text TEXT NOT NULL,
  n INTEGER NOT NULL CHECK (n > 0),
  PRIMARY KEY (run_id, question_id, grp, text)
) STRICT, WITHOUT ROWID;

-- The runs open now start from what their results showed until this version (the live
-- counts): the next figures shown are at least `minGroupSize` answers further on.
INSERT INTO survey_step_counts (run_id, grp, responses)
  SELECT c.run_id, c.grp, c.responses FROM survey_group_counts c
  JOIN survey_runs r ON r.id = c.run_id JOIN surveys s ON s.id = r.survey_id
  WHERE r.closed_at IS NULL AND s.anonymity <> 'named';

INSERT INTO survey_step_tallies (run_id, question_id, grp, value, n)
  SELECT t.run_id, t.question_id, t.grp, t.value, t.n FROM survey_tallies t
  JOIN survey_runs r ON r.id = t.run_id JOIN surveys s ON s.id = r.survey_id
  WHERE r.closed_at IS NULL AND s.anonymity <> 'named' AND t.n > 0;

INSERT INTO survey_step_comments (run_id, question_id, grp, text, n)
  SELECT c.run_id, c.question_id, '', c.text, count(*) FROM survey_anon_comments c
  JOIN survey_runs r ON r.id = c.run_id JOIN surveys s ON s.id = r.survey_id
  WHERE r.closed_at IS NULL AND s.anonymity = 'anonymous'
  GROUP BY c.run_id, c.question_id, c.text;

INSERT INTO survey_step_comments (run_id, question_id, grp, text, n)
  SELECT a.run_id, a.question_id, a.grp, a.value, count(*) FROM survey_answers a
  JOIN survey_runs r ON r.id = a.run_id JOIN surveys s ON s.id = r.survey_id
  WHERE r.closed_at IS NULL AND s.anonymity = 'confidential' AND a.value <> ''
    AND a.question_id IN (
      SELECT json_extract(q.value, '$.id') FROM json_each(s.definition, '$.questions') q
      WHERE json_extract(q.value, '$.type') = 'text')
  GROUP BY a.run_id, a.question_id, a.grp, a.value;
