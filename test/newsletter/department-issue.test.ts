import { afterEach, describe, expect, it } from 'vitest';
import { testApp, click, flat, say, type TestApp } from '../doubles/app.ts';
import { newsletterTick } from '../../src/newsletter/issues.ts';
import { NewsletterRepo } from '../../src/store/newsletter-repo.ts';
import { importPlan } from '../../src/plan/import.ts';
import { importProjects } from '../../src/projects/import.ts';
import { OWNER, logisticsPlan, projectKeys, withPeople, write } from './fixtures.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

/** The newsletter for all staff (3 February) and the Finance newsletter (10 February), each in its Slack channel. */
function twoNewsletters(app: TestApp) {
  return importPlan(app, write(app, 'plan.yaml', `timezone: Europe/Zurich
events:
  - {id: nl, title: {de: IT-Newsletter, en: IT newsletter}, kind: newsletter, start: 2027-02-03T08:00, duration: PT30M, audience: all, channels: {slack: C0NEWS}, owner: ${OWNER}}
  - {id: nl-finance, title: {de: IT-News Finanzen, en: IT news for Finance}, kind: newsletter, start: 2027-02-10T08:00, duration: PT30M, audience: department:Finance, channels: {slack: C0FIN}, owner: ${OWNER}}
`));
}

const projects = `projects:
  - id: wifi
    title: {de: Neues WLAN, en: New Wi-Fi}
    changes: {de: Schnelleres WLAN im ganzen Haus., en: Faster Wi-Fi throughout the building.}
    audience: all
    phase: running
    owner: head.it@alpenfirn.example
  - id: erp
    title: {de: ERP-Update für die Finanzen, en: ERP upgrade for Finance}
    changes: {de: Der Monatsabschluss wird schneller., en: Month-end closing gets faster.}
    audience: department:Finance
    phase: planned
    owner: head.it@alpenfirn.example
`;

/** The plan again with only the newsletter for all staff: the Finance newsletter's event is removed. */
function onlyForAll() {
  return importPlan(app, write(app, 'plan.yaml', `timezone: Europe/Zurich
events:
  - {id: nl, title: {de: IT-Newsletter, en: IT newsletter}, kind: newsletter, start: 2027-02-03T08:00, duration: PT30M, audience: all, channels: {slack: C0NEWS}, owner: ${OWNER}}
`), { replace: true });
}

/** Someone in Sales reads the issue for all staff, without the ERP news; someone in Finance reads their department's issue. */
async function expectEachReadsTheirs() {
  const sales = flat(await app.bot.handle(say('newsletter', 'sarah.johnson@alpenfirn.example')));
  expect(sales).toContain('IT newsletter, 3 February 2027');
  expect(sales).not.toContain('ERP upgrade');
  const finance = flat(await app.bot.handle(say('newsletter', 'julia.baumann@alpenfirn.example')));
  expect(finance).toContain('ERP-Update für die Finanzen');
}

async function publishBoth() {
  app = testApp({ now: '2027-01-05T09:00:00Z', env: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret' } });
  withPeople(app);
  twoNewsletters(app);
  // the ERP upgrade comes after the first import: announced to Finance in chat, so not in the issue for all staff
  importProjects(app, write(app, 'projects.yaml', projects.slice(0, projects.indexOf('  - id: erp'))));
  importProjects(app, write(app, 'projects.yaml', projects));
  const issues = new NewsletterRepo(app.db);
  app.clock.set('2027-01-28T09:00:00Z');
  newsletterTick(app);
  const all = issues.byOccurrence('nl@2027-02-03T08:00')!;
  await app.bot.handle(click('newsletter.approve', String(all.id), OWNER));
  app.clock.set('2027-02-04T09:00:00Z');
  newsletterTick(app);
  const finance = issues.byOccurrence('nl-finance@2027-02-10T08:00')!;
  expect(projectKeys(finance.content)).toContain('project:erp:phase:planned');
  await app.bot.handle(click('newsletter.approve', String(finance.id), OWNER));
  app.clock.set('2027-02-11T09:00:00Z');
}

describe('a newsletter for one department, read in chat', () => {
  it('is shown to its department; everyone else gets the latest issue meant for them', async () => {
    await publishBoth();
    await expectEachReadsTheirs();
  });

  it('another department\'s issue is not opened by its preview button either', async () => {
    await publishBoth();
    const finance = new NewsletterRepo(app.db).byOccurrence('nl-finance@2027-02-10T08:00')!;
    const sales = flat(await app.bot.handle(click('newsletter.preview', `${finance.id}:workplace-first:en`, 'sarah.johnson@alpenfirn.example')));
    expect(sales).not.toContain('ERP upgrade');
    expect(sales).toMatch(/not for you|nicht für Sie/);
    expect(flat(await app.bot.handle(click('newsletter.preview', `${finance.id}:workplace-first:en`, 'julia.baumann@alpenfirn.example')))).toMatch(/ERP/);
  });

  it('stays with its department when its plan event is removed from the plan later', async () => {
    await publishBoth();
    onlyForAll();
    await expectEachReadsTheirs();
  });

  it('an issue that kept no audience (drafted before it was kept) is read by its removed event\'s audience only', async () => {
    await publishBoth();
    for (const r of app.db.prepare('SELECT id, content FROM newsletter_issues').all() as Array<{ id: number; content: string }>) {
      const c = JSON.parse(r.content);
      delete c.audience;
      app.db.prepare('UPDATE newsletter_issues SET content = ? WHERE id = ?').run(JSON.stringify(c), r.id);
    }
    onlyForAll();
    await expectEachReadsTheirs();
  });
});

describe('before any issue went out', () => {
  it('"Newsletter" names the date of the next issue meant for the reader, not of a department\'s newsletter they do not get', async () => {
    app = testApp({ now: '2027-01-25T09:00:00Z' });
    withPeople(app);
    logisticsPlan(app);
    // Logistics' newsletter comes first (3 February); the one for all staff on 10 February
    expect(flat(await app.bot.handle(say('Newsletter', 'reto.fischer@alpenfirn.example')))).toBe('Es ist noch keine Ausgabe des IT-Newsletters erschienen. Die nächste kommt am 10. Februar 2027.');
    expect(flat(await app.bot.handle(say('Newsletter', 'beat.zuercher@alpenfirn.example')))).toContain('Die nächste kommt am 3. Februar 2027.');
  });
});
