import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../doubles/app.ts';
import { cli } from '../doubles/cli.ts';
import { SurveyRepo } from '../../src/store/survey-repo.ts';
import { startSurveyRun } from '../../src/surveys/runs.ts';
import { parseSurveyText } from '../../src/surveys/definition.ts';
import { stringify } from 'yaml';
import { basic, count, people, surveyFile, answer, submit } from './helpers.ts';

let app: TestApp;
beforeEach(() => {
  app = testApp();
  people(app, { Sales: 5 });
});
afterEach(() => app.cleanup());

const create = (file: string) => cli(['survey', 'create', file, '--db', app.file]);

describe('itbot survey create', () => {
  it('takes "multi-choice", the description\'s name for it, as the multi type: several options are kept', async () => {
    const r = await create(surveyFile(app.dir, basic({
      questions: [{ id: 'where', type: 'multi-choice', text: 'Where?', options: ['chat', 'intranet', 'mail'] }],
    })));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const run = startSurveyRun(app, 'pulse', { runKey: 'manual:1', scheduled: false });
    await submit(app, 'sales-1@x.example', run.runId, { where: ['chat', 'mail'] });
    const stored = app.db.prepare("SELECT value FROM survey_answers WHERE question_id = 'where'").all() as Array<{ value: string }>;
    expect(stored.map((a) => JSON.parse(a.value))).toEqual([['chat', 'mail']]);
  });

  it('prints the id alone on a line and stores the normalised definition', async () => {
    const r = await create(surveyFile(app.dir, basic({
      questions: [
        { id: 'overall', type: 'csat', text: 'Satisfied?' },
        { id: 'likely', type: 'nps', text: { de: 'Empfehlen?', en: 'Recommend?' } },
        { id: 'agree', type: 'likert', text: { en: 'IT informs me' } },
        { id: 'where', type: 'multi', text: 'Where?', options: ['chat', { value: 'intranet', label: { de: 'Intranet', en: 'Intranet site' } }] },
        { id: 'note', type: 'text', optional: true, text: 'Anything else?' },
      ],
    })));
    expect(r.err).toMatch(/^warning: .*: questions\[2\] \(id agree\): text\.de: missing: German speakers will see the English text$/);
    expect(r.code).toBe(0);
    expect(r.out).toBe('pulse');
    const s = new SurveyRepo(app.db).get('pulse')!;
    expect(s.def.questions.map((q) => q.type)).toEqual(['csat', 'nps', 'likert', 'multi', 'text']);
    expect(s.def.questions[2]!.options).toHaveLength(5); // default likert scale
    expect(s.def.questions[2]!.text).toEqual({ de: 'IT informs me', en: 'IT informs me' });
    expect(s.def.questions[3]!.options[1]).toEqual({ value: 'intranet', label: { de: 'Intranet', en: 'Intranet site' } });
    expect(s.def.audience).toEqual([{ kind: 'all' }]);
  });

  it('accepts a text in one language with one warning line per field, naming the file, the question and the missing language', async () => {
    const file = surveyFile(app.dir, basic({
      title: { de: 'Nur Deutsch' },
      intro: 'Both languages',
      questions: [
        { id: 'q', type: 'choice', text: { de: 'Wie war es?' }, options: [{ value: 'a', label: { de: 'Gut' } }, 'b', { value: 'c', label: { en: 'Fine', de: 'Gut genug' } }] },
        { id: 'agree', type: 'likert', text: { de: 'Stimmt', en: 'True' }, options: ['1', { en: 'Two' }, '3', '4', '5'] },
      ],
    }));
    const r = await create(file);
    expect(r.code).toBe(0);
    expect(r.out).toBe('pulse');
    expect(r.err.split('\n')).toEqual([
      `warning: ${file}: title.en: missing: English speakers will see the German text`,
      `warning: ${file}: questions[0] (id q): text.en: missing: English speakers will see the German text`,
      `warning: ${file}: questions[0] (id q): options[0].label.en: missing: English speakers will see the German text`,
      `warning: ${file}: questions[1] (id agree): options[1].de: missing: German speakers will see the English text`,
    ]);
    const s = new SurveyRepo(app.db).get('pulse')!;
    expect(s.def.title).toEqual({ de: 'Nur Deutsch', en: 'Nur Deutsch' });
    expect(s.def.questions[0]!.options[0]!.label).toEqual({ de: 'Gut', en: 'Gut' });
    // both languages given: no warning
    expect((await create(surveyFile(app.dir, basic()))).err).toBe('');
  });

  it('accepts a list of e-mails, departments and managers as audience and an rrule with start', async () => {
    const r = await create(surveyFile(app.dir, basic({ audience: ['sales-1@x.example', 'department:HR', 'managers'], rrule: 'FREQ=MONTHLY;INTERVAL=3', start: '2027-01-11T09:00', closes: 'P14D' })));
    expect(r.code).toBe(0);
    expect(new SurveyRepo(app.db).get('pulse')!.def.rrule).toBe('FREQ=MONTHLY;INTERVAL=3');
  });

  it('refuses waves that would still be open when the next one invites everyone again, and takes a close up to the time between waves', async () => {
    const weekly = surveyFile(app.dir, basic({ rrule: 'FREQ=WEEKLY', start: '2027-01-11T09:00', closes: 'P14D' }));
    const r = await create(weekly);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`${weekly}: closes: P14D keeps the wave of 2027-01-11 09:00 open past the start of the next one (2027-01-18 09:00): everyone would be invited again while the last wave is still open; close each wave within P7D of its start, or let the waves come less often`);
    expect(new SurveyRepo(app.db).get('pulse')).toBeNull();
    // two waves a week: the shorter time between them counts
    const twice = await create(surveyFile(app.dir, basic({ rrule: 'FREQ=WEEKLY;BYDAY=MO,WE', start: '2027-01-11T09:00', closes: 'P3D' })));
    expect(twice.err).toMatch(/closes: P3D keeps the wave of 2027-01-11 09:00 open past the start of the next one \(2027-01-13 09:00\): .* within P2D of its start/);
    expect((await create(surveyFile(app.dir, basic({ rrule: 'FREQ=WEEKLY', start: '2027-01-11T09:00', closes: 'P7D' })))).code).toBe(0);
  });

  it('reports every problem of a malformed file with file, entry and field, and creates nothing', async () => {
    const file = surveyFile(app.dir, {
      id: 'Bad Id',
      anonymity: 'secret',
      minGroupSize: 0,
      audience: 'martians',
      closes: 'next week',
      reminders: ['P3D', 'soon'],
      rrule: 'FREQ=SOMETIMES',
      colour: 'blue',
      questions: [
        { id: 'q1', type: 'csat' },
        { id: 'q1', type: 'stars', text: 'x' },
        { id: 'c', type: 'choice', text: 'x', options: ['only-one'] },
        { id: 'm', type: 'multi', text: 'x', options: ['a', 'a', 'b c'] },
        { id: 'n', type: 'nps', text: { fr: 'x' } },
        { id: 'l', type: 'likert', text: 'x', options: ['1', '2'] },
        'not a question',
      ],
    });
    const r = await create(file);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    const lines = r.err.split('\n');
    for (const l of lines) expect(l.startsWith(file)).toBe(true);
    const expectLine = (re: RegExp) => expect(lines.some((l) => re.test(l)), `${re} in\n${r.err}`).toBe(true);
    expectLine(/: id: required, lower-case/);
    expectLine(/: title: required/);
    expectLine(/: anonymity: "secret" is not anonymous, confidential or named/);
    expectLine(/: minGroupSize: must be a whole number/);
    expectLine(/: audience: "martians" is not an audience/);
    expectLine(/: closes: "next week" is neither a duration/);
    expectLine(/: reminders\[1\]: "soon" is not a positive ISO-8601 duration/);
    expectLine(/: rrule: "FREQ=SOMETIMES" is not a valid RFC 5545 rule/);
    expectLine(/: start: required with rrule/);
    expectLine(/: colour: unknown field/);
    expectLine(/questions\[0\] \(id q1\): text: required/);
    expectLine(/questions\[1\] \(id q1\): id: duplicate question id q1/);
    expectLine(/questions\[1\] \(id q1\): type: "stars" is not one of/);
    expectLine(/questions\[2\] \(id c\): options: a choice question needs a list of at least 2 options/);
    expectLine(/questions\[3\] \(id m\): options\[1\]\.value: duplicate option "a"/);
    expectLine(/questions\[3\] \(id m\): options\[2\]\.value: "b c" is not a valid option value/);
    expectLine(/questions\[4\] \(id n\): text: unknown language fr/);
    expectLine(/questions\[5\] \(id l\): options: a likert question has exactly 5 labels/);
    expectLine(/questions\[6\]: must be a question/);
    expect(count(app, 'SELECT count(*) AS n FROM surveys')).toBe(0);
  });

  it('rejects broken YAML with the line, a missing file, and anonymous surveys with tiny groups', async () => {
    const broken = surveyFile(app.dir, 'id: x\nquestions: [\n  {id: a', true);
    const r1 = await create(broken);
    expect(r1.code).toBe(2);
    expect(r1.err).toMatch(/survey-\d+\.yaml: line \d+: not valid YAML/);
    const r2 = await create(app.dir + '/nope.yaml');
    expect(r2.code).toBe(2);
    expect(r2.err).toMatch(/nope\.yaml: cannot read the file: there is no such file \(ENOENT\)/);
    const r3 = await create(surveyFile(app.dir, basic({ anonymity: 'anonymous', minGroupSize: 2 })));
    expect(r3.code).toBe(2);
    expect(r3.err).toMatch(/minGroupSize: anonymous surveys need a minGroupSize of at least 3/);
    const r4 = await create(surveyFile(app.dir, basic({ rrule: 'FREQ=MONTHLY', start: '2027-01-01T09:00', closes: '2027-02-01T17:00' })));
    expect(r4.err).toMatch(/closes: a recurring survey closes a duration after each wave/);
    const r5 = await create(surveyFile(app.dir, basic({ reminders: ['P8D'] })));
    expect(r5.err).toMatch(/reminders\[0\]: P8D is not before the close \(P7D\)/);
    expect(count(app, 'SELECT count(*) AS n FROM surveys')).toBe(0);
  });


  it('reports a wrong close or group size once, not again as a reminder after a close the file does not set or as too small a group', () => {
    const lines = (def: Record<string, unknown>) => parseSurveyText(stringify(def), 'pulse.yaml').problems.map((p) => `${p.field}: ${p.message}`);
    expect(lines(basic({ closes: 'P1M', reminders: ['P10D'] }))).toEqual([
      'closes: "P1M": months and years are not taken here (their length varies): use days or weeks, such as P30D or P4W',
    ]);
    expect(lines(basic({ minGroupSize: 2.5 }))).toEqual(['minGroupSize: must be a whole number from 1 to 1000 (got 2.5)']);
    // (a close read well still measures them, and a whole group size below 3 still says why)
    expect(lines(basic({ closes: 'P9D', reminders: ['P10D'], minGroupSize: 2 }))).toEqual([
      'minGroupSize: confidential surveys need a minGroupSize of at least 3 (got 2): smaller groups identify people',
      'reminders[0]: P10D is not before the close (P9D)',
    ]);
  });

  it('refuses a close or reminder longer than a year, and says that months and years are not taken, instead of failing at send', async () => {
    const huge = await create(surveyFile(app.dir, basic({ closes: 'P99999999D', reminders: ['P3D', 'P9999999W'] })));
    expect(huge.code).toBe(2);
    expect(huge.err.split('\n')).toEqual([
      expect.stringMatching(/survey-\d+\.yaml: closes: "P99999999D" is longer than a year: at most P366D$/),
      expect.stringMatching(/survey-\d+\.yaml: reminders\[1\]: "P9999999W" is longer than a year: at most P366D$/),
    ]);
    const months = await create(surveyFile(app.dir, basic({ closes: 'P1M', reminders: ['P1Y', 'PT30M'] })));
    expect(months.code).toBe(2);
    expect(months.err.split('\n')).toEqual([
      expect.stringMatching(/: closes: "P1M": months and years are not taken here \(their length varies\): use days or weeks, such as P30D or P4W$/),
      expect.stringMatching(/: reminders\[0\]: "P1Y": months and years are not taken here/),
    ]);
    expect(count(app, 'SELECT count(*) AS n FROM surveys')).toBe(0);
    // a year is still a survey that can be sent
    expect((await create(surveyFile(app.dir, basic({ closes: 'P366D' })))).code).toBe(0);
    expect(startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false }).created).toBe(true);
  });
  it('updates freely before the first answer; afterwards only stricter privacy', async () => {
    expect((await create(surveyFile(app.dir, basic()))).code).toBe(0);
    const changed = basic({ title: 'Renamed', anonymity: 'named' });
    expect((await create(surveyFile(app.dir, changed))).code).toBe(0);
    expect(new SurveyRepo(app.db).get('pulse')!.def.title.en).toBe('Renamed');
    // back to confidential, then an answer arrives
    expect((await create(surveyFile(app.dir, basic({ title: 'Renamed' })))).code).toBe(0);
    const run = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    await answer(app, 'sales-1@x.example', run.runId, 'overall', '4');
    const looser = await create(surveyFile(app.dir, basic({ title: 'Renamed', anonymity: 'named', minGroupSize: 2 })));
    expect(looser.code).toBe(2);
    expect(looser.err).toMatch(/anonymity: people have answered as confidential: it can be made stricter, never looser \(named\)/);
    expect(looser.err).toMatch(/minGroupSize: people have answered: it can be raised, never lowered below 3/);
    const other = await create(surveyFile(app.dir, basic({ title: 'Another title' })));
    expect(other.code).toBe(2);
    expect(other.err).toMatch(/only anonymity \(stricter\) and minGroupSize \(larger\) may change/);
    expect(new SurveyRepo(app.db).get('pulse')!.anonymity).toBe('confidential');
    // stricter: allowed, and the linked answer becomes an unlinked count
    const stricter = await create(surveyFile(app.dir, basic({ title: 'Renamed', anonymity: 'anonymous', minGroupSize: 4 })));
    expect(stricter.code).toBe(0);
    expect(new SurveyRepo(app.db).get('pulse')!.anonymity).toBe('anonymous');
    expect(count(app, 'SELECT count(*) AS n FROM survey_answers')).toBe(0);
    expect(count(app, "SELECT n FROM survey_tallies WHERE question_id = 'overall' AND value = '4'")).toBe(1);
  });

  it('once invitations went out, anonymity and the group size only get stricter and the questions stay', async () => {
    expect((await create(surveyFile(app.dir, basic({ anonymity: 'anonymous' })))).code).toBe(0);
    const sent = await cli(['survey', 'send', 'pulse', '--db', app.file]);
    expect(sent.code).toBe(0);
    expect(count(app, "SELECT count(*) AS n FROM outbox WHERE kind = 'survey-invite'")).toBe(5);
    // nobody has answered yet: the invitations promise anonymity all the same
    const named = surveyFile(app.dir, basic({ anonymity: 'named', minGroupSize: 2 }));
    const r = await create(named);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.split('\n')).toEqual([
      `${named}: survey pulse: anonymity: invitations went out promising anonymous: it can be made stricter, never looser (named)`,
      `${named}: survey pulse: minGroupSize: invitations went out: it can be raised, never lowered below 3`,
    ]);
    expect((await create(surveyFile(app.dir, basic({ anonymity: 'confidential' })))).err).toMatch(/anonymity: invitations went out promising anonymous/);
    const nps = surveyFile(app.dir, basic({ anonymity: 'anonymous', questions: [{ id: 'overall', type: 'nps', text: { de: 'Zufrieden?', en: 'Satisfied?' } }] }));
    const q = await create(nps);
    expect(q.code).toBe(2);
    expect(q.err).toBe(`${nps}: questions[0] (id overall): type: invitations with these questions went out: the questions cannot change; define a new survey id for other questions`);
    const more = await create(surveyFile(app.dir, basic({ anonymity: 'anonymous', questions: [...basic().questions, { id: 'x', type: 'text', text: 'More?' }] })));
    expect(more.err).toMatch(/: survey pulse: questions: invitations with these questions went out/);
    const stored = new SurveyRepo(app.db).get('pulse')!;
    expect([stored.anonymity, stored.minGroupSize, stored.def.questions[0]!.type]).toEqual(['anonymous', 3, 'csat']);
    // what the invitations do not promise may still change until the first answer
    const title = await create(surveyFile(app.dir, basic({ anonymity: 'anonymous', minGroupSize: 4, title: 'Renamed', reminders: [] })));
    expect(title.code).toBe(0);
    expect(new SurveyRepo(app.db).get('pulse')!.def.title.en).toBe('Renamed');
  });
});
