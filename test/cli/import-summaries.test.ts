import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../doubles/cli.ts';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

/** Writes a file to import into a fresh folder and runs the import into a database beside it. */
async function importOne(command: string[], name: string, text: string): Promise<string> {
  dir ||= mkdtempSync(join(tmpdir(), 'itbot-summary-'));
  writeFileSync(join(dir, name), text);
  const r = await cli([...command, join(dir, name), '--db', join(dir, 'itbot.db')]);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return r.out;
}

describe('import summaries count in the singular and the plural', () => {
  it('one person, one department; two people', async () => {
    const header = 'email,name,department,manager,language,timezone,slack_user_id,teams_user_id\n';
    const anna = 'anna@example.com,Anna,IT,false,de,Europe/Zurich,,\n';
    expect(await importOne(['people', 'import'], 'one.csv', header + anna)).toBe('imported 1 person');
    expect(await importOne(['people', 'import'], 'two.csv', header + anna + 'ben@example.com,Ben,IT,false,en,Europe/Zurich,,\n')).toBe('imported 2 people');
    const depts = 'department,name_de,name_en,key_account,it_channel_slack,it_channel_teams\nIT,Informatik,IT,anna@example.com,,\n';
    expect(await importOne(['departments', 'import'], 'd.csv', depts)).toBe('imported 1 department');
  });

  it('a strategy of one principle and one roadmap milestone', async () => {
    const yaml = 'vision: {de: Vision, en: Vision}\nprinciples:\n  - {de: Eins, en: One}\nroadmap:\n  - {id: m1, date: 2027-01-31, title: {de: Eins, en: One}, done: true}\n';
    expect(await importOne(['strategy', 'import'], 's.yaml', yaml)).toBe('strategy imported: 1 principle, 1 roadmap milestone (1 reached)');
  });
});
