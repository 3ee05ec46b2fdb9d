import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { click, testApp, type TestApp } from '../doubles/app.ts';
import { newsletterTick } from '../../src/newsletter/issues.ts';
import { NewsletterRepo } from '../../src/store/newsletter-repo.ts';
import { importPeople } from '../../src/people/import.ts';
import { DATA_DIR } from '../../src/paths.ts';
import { importPlan } from '../../src/plan/import.ts';
import { OWNER, outbox, projects, withPeople, write } from './fixtures.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

/** The demo directory with some lines changed (`[from, to]`: the start of a line and what it becomes). */
function peopleWith(changes: Array<[string, string]>): string {
  let csv = readFileSync(join(DATA_DIR, 'people.csv'), 'utf8');
  for (const [from, to] of changes) {
    expect(csv).toContain(from);
    csv = csv.replace(from, to);
  }
  return write(app, 'people.csv', csv);
}

/** The direct messages of the issue: key (without the issue's prefix) → [state, language]. */
function directMessages(): Record<string, [string, string]> {
  return Object.fromEntries(
    outbox(app, 'newsletter').filter((r) => r.target_kind === 'person').map((r) => [r.idempotency_key.replace(/^newsletter:\d+:/, ''), [r.state, (JSON.parse(r.message) as { lang: string }).lang]]),
  );
}

/** The February issue (2027-02-03), approved on 27 January: it waits for its date in the outbox. */
async function approvedIssue(audience = 'all') {
  app = testApp({ now: '2027-01-04T09:00:00Z', env: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret' } });
  withPeople(app);
  importPlan(app, write(app, 'plan.yaml', `timezone: Europe/Zurich
events:
  - {id: it-newsletter, title: {de: IT-Newsletter, en: IT newsletter}, kind: newsletter, start: 2027-02-03T08:00, duration: PT30M, audience: ${audience}, channels: {slack: C0NEWS}, owner: ${OWNER}}
`));
  projects(app, 'running');
  app.clock.set('2027-01-27T09:00:00Z');
  newsletterTick(app);
  const issue = new NewsletterRepo(app.db).byOccurrence('it-newsletter@2027-02-03T08:00')!;
  await app.bot.handle(click('newsletter.approve', String(issue.id), OWNER));
  expect(new NewsletterRepo(app.db).byId(issue.id)!.state).toBe('approved');
}

describe('an approved issue waiting for its date follows a people import', () => {
  it('a reader who changes language gets it in the new one; who leaves Finance no longer gets the figures-first version; who joins Management does', async () => {
    await approvedIssue();
    expect(directMessages()).toMatchObject({
      'figures:to:julia.baumann@alpenfirn.example': ['queued', 'de'],
      'figures:to:lukas.steiner@alpenfirn.example': ['queued', 'de'],
    });
    expect(directMessages()['figures:to:reto.fischer@alpenfirn.example']).toBeUndefined();

    app.clock.set('2027-02-01T09:00:00Z');
    importPeople(app, peopleWith([
      ['julia.baumann@alpenfirn.example,Julia Baumann,Finance,false,de', 'julia.baumann@alpenfirn.example,Julia Baumann,Finance,false,en'],
      ['lukas.steiner@alpenfirn.example,Lukas Steiner,Finance', 'lukas.steiner@alpenfirn.example,Lukas Steiner,Sales'],
      ['reto.fischer@alpenfirn.example,Reto Fischer,Sales', 'reto.fischer@alpenfirn.example,Reto Fischer,Management'],
    ]));
    const after = directMessages();
    expect(after['figures:to:julia.baumann@alpenfirn.example']).toEqual(['queued', 'en']);
    expect(after['figures:to:lukas.steiner@alpenfirn.example']![0]).toBe('cancelled');
    expect(after['figures:to:reto.fischer@alpenfirn.example']).toEqual(['queued', 'de']);
    // the others are as they were, and the new message goes out with the issue
    expect(after['figures:to:peter.huber@alpenfirn.example']).toEqual(['queued', 'de']);
    const reto = outbox(app, 'newsletter').find((r) => r.idempotency_key.endsWith('figures:to:reto.fischer@alpenfirn.example'))!;
    expect(reto.due_at).toBe('2027-02-03T07:00:00.000Z');
    expect(reto.message).toContain('IT-Newsletter');
  });

  it('a department\'s issue is not sent to someone who left the department before its date', async () => {
    await approvedIssue('department:Finance');
    expect(Object.keys(directMessages())).toContain('figures:to:lukas.steiner@alpenfirn.example');
    importPeople(app, peopleWith([['lukas.steiner@alpenfirn.example,Lukas Steiner,Finance', 'lukas.steiner@alpenfirn.example,Lukas Steiner,Sales']]));
    expect(directMessages()['figures:to:lukas.steiner@alpenfirn.example']![0]).toBe('cancelled');
  });

  it('an issue that has gone out is left alone', async () => {
    await approvedIssue();
    app.clock.set('2027-02-04T09:00:00Z');
    importPeople(app, peopleWith([['reto.fischer@alpenfirn.example,Reto Fischer,Sales', 'reto.fischer@alpenfirn.example,Reto Fischer,Management']]));
    expect(directMessages()['figures:to:reto.fischer@alpenfirn.example']).toBeUndefined();
  });
});
