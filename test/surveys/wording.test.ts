import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../doubles/app.ts';
import { cli } from '../doubles/cli.ts';
import { startSurveyRun } from '../../src/surveys/runs.ts';
import { surveyResults } from '../../src/surveys/results.ts';
import { summaryCard } from '../../src/surveys/summary.ts';
import { SurveyRepo } from '../../src/store/survey-repo.ts';
import { importPeople } from '../../src/people/import.ts';
import { answer, basic, define, people, surveyFile } from './helpers.ts';

let app: TestApp;
beforeEach(() => {
  app = testApp();
  people(app, { Sales: 5 });
});
afterEach(() => app.cleanup());

const create = (file: string) => cli(['survey', 'create', file, '--db', app.file], { ITBOT_TIMEZONE: 'Europe/Zurich' });

describe('survey files: the problem names what is wrong where', () => {
  it('an audience list names every term that is not one, a YAML map entry as written', async () => {
    const file = surveyFile(app.dir, `id: pulse
title: Pulse
audience: [department:, nope, all]
closes: P7D
questions:
  - {id: overall, type: csat, text: Satisfied?}
`, true);
    const r = await create(file);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')).toEqual([
      `${file}: audience: [0] "department:", [1] "nope" are not audiences (use all, managers, it-staff, department:NAME or an e-mail; YAML reads "department: NAME" (a space after the colon, or nothing after it) as a map: write department:NAME)`,
    ]);
    expect(new SurveyRepo(app.db).get('pulse')).toBeNull();
  });
});

