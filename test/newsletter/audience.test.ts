import { afterEach, describe, expect, it } from 'vitest';
import { click, testApp, type TestApp } from '../doubles/app.ts';
import { draftFor, newsletterTick, nextOccurrence } from '../../src/newsletter/issues.ts';
import { NewsletterRepo } from '../../src/store/newsletter-repo.ts';
import { renderText } from '../../src/newsletter/render.ts';
import { importProjects } from '../../src/projects/import.ts';
import { importPlan } from '../../src/plan/import.ts';
import { OWNER, PROJECTS, outbox, plan, project, withPeople, write } from './fixtures.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

/** Windows 11 (for all) and the ERP upgrade (for Finance), first imported running and planned, both move to done in January. */
function month(newsletterAudience: string) {
  app = testApp({ now: '2027-01-04T09:00:00Z' });
  withPeople(app);
  importPlan(app, write(app, 'plan.yaml', `timezone: Europe/Zurich
events:
  - {id: nl, title: {de: IT-Newsletter, en: IT newsletter}, kind: newsletter, rrule: "FREQ=MONTHLY;BYDAY=1WE", start: 2027-02-03T08:00, duration: PT30M, audience: ${newsletterAudience}, owner: ${OWNER}}
`));
  importProjects(app, write(app, 'projects.yaml', PROJECTS('running')));
  app.clock.set('2027-01-25T10:00:00Z');
  importProjects(app, write(app, 'projects.yaml', PROJECTS('running').replace('phase: planned', 'phase: done').replace('phase: running', 'phase: done')));
  app.clock.set('2027-01-27T09:00:00Z');
  return draftFor(app, nextOccurrence(app));
}

describe('project news in the newsletter', () => {
  it('the issue for all staff leaves out a project for a narrower audience', () => {
    const c = month('all');
    expect(c.projects.map((p) => p.key)).toEqual(['project:win11:phase:done']);
    const text = renderText(c, 'en', 'workplace-first', null) + renderText(c, 'en', 'figures-first', null);
    expect(text).toContain('Windows 11 rollout');
    expect(text).not.toContain('ERP');
  });

  it('an issue for Finance has the Finance project and the one for all', () => {
    const c = month('department:Finance');
    expect(c.projects.map((p) => p.key).sort()).toEqual(['project:erp:phase:done', 'project:win11:phase:done']);
    expect(renderText(c, 'de', 'workplace-first', null)).toContain('ERP-Update');
  });
});


describe('news of a project for a narrower audience that no chat announcement told', () => {
  it('the issue for all staff has a first import\'s Finance-only running project once, marked for Finance; its later phase, announced in chat, stays out', async () => {
    app = testApp({ now: '2026-12-20T09:00:00Z', env: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret' } });
    withPeople(app);
    plan(app);
    const erpRunning = PROJECTS('running').replace('phase: planned', 'phase: running');
    importProjects(app, write(app, 'projects.yaml', erpRunning));
    expect(outbox(app, 'project-announcement')).toEqual([]);

    app.clock.set('2027-01-27T09:00:00Z');
    const c = draftFor(app, nextOccurrence(app));
    expect(c.projects.filter((p) => p.id === 'erp').map((p) => [p.key, p.concerns])).toEqual([['project:erp:phase:running', { de: 'Finanzen', en: 'Finance' }]]);
    expect(c.projects.find((p) => p.id === 'win11')!.concerns).toBeUndefined();
    const texts = {
      de: renderText(c, 'de', 'workplace-first', null),
      en: renderText(c, 'en', 'workplace-first', null),
      figures: renderText(c, 'en', 'figures-first', null),
    };
    expect(texts.de).toContain('• Gestartet für Finanzen: ERP-Update. Schnellerer Monatsabschluss.');
    expect(texts.en).toContain('• Under way for Finance: ERP upgrade. Faster month-end closing.');
    expect(texts.en).toContain('• Under way: Windows 11 rollout.');
    expect(texts.figures).toContain('• ERP upgrade (for Finance): Under way');
    for (const text of Object.values(texts)) expect(text.match(/ERP/g)).toHaveLength(1);

    newsletterTick(app);
    const first = new NewsletterRepo(app.db).byOccurrence('it-newsletter@2027-02-03T08:00')!;
    await app.bot.handle(click('newsletter.approve', String(first.id), OWNER));

    // done in February: announced to Finance in chat, so not in the issue for all staff
    app.clock.set('2027-02-10T09:00:00Z');
    importProjects(app, write(app, 'projects.yaml', erpRunning.replace(/phase: running\n    owner: head/, 'phase: done\n    owner: head')));
    expect(outbox(app, 'project-announcement').some((r) => r.message.includes('ERP upgrade'))).toBe(true);
    app.clock.set('2027-02-24T09:00:00Z');
    expect(draftFor(app, nextOccurrence(app)).projects.map((p) => p.id)).not.toContain('erp');
  });
});

describe('whom a project concerns, in words', () => {
  it('names two groups with "und" / "and", three or more as "A, B und C" / "A, B and C"', () => {
    app = testApp({ now: '2026-12-20T09:00:00Z' });
    withPeople(app);
    plan(app);
    const two = PROJECTS('running').replace('audience: department:Finance', 'audience: [department:Sales, department:Marketing]');
    const three = `${project('crm', 'planned').replace('audience: all', 'audience: [department:Sales, department:Marketing, managers]')}`;
    importProjects(app, write(app, 'projects.yaml', `${two}${three}`));
    app.clock.set('2027-01-27T09:00:00Z');
    const c = draftFor(app, nextOccurrence(app));
    expect(renderText(c, 'de', 'workplace-first', null)).toContain('• Demnächst für Verkauf und Marketing: ERP-Update.');
    expect(renderText(c, 'en', 'workplace-first', null)).toContain('• Coming up for Sales and Marketing: ERP upgrade.');
    expect(renderText(c, 'de', 'workplace-first', null)).toContain('• Demnächst für Verkauf, Marketing und Führungskräfte: Projekt crm.');
    expect(renderText(c, 'en', 'figures-first', null)).toContain('• Project crm (for Sales, Marketing and managers): Coming up');
  });
});


describe('a department project no chat announcement told, and the managers\' newsletter', () => {
  const managersPlan = (extra = '') => importPlan(app, write(app, 'plan.yaml', `timezone: Europe/Zurich
events:
  - {id: nl-mgmt, title: {de: IT-News für Führungskräfte, en: IT news for managers}, kind: newsletter, rrule: "FREQ=MONTHLY;BYDAY=1WE", start: 2027-02-03T08:00, duration: PT30M, audience: managers, owner: ${OWNER}}
${extra}`));
  const erp = (c: ReturnType<typeof draftFor>) => c.projects.filter((p) => p.id === 'erp');

  it('is in the managers\' issue, marked for Finance, when no newsletter reaches all of Finance; once, not in the next one', async () => {
    app = testApp({ now: '2026-12-20T09:00:00Z' });
    withPeople(app);
    managersPlan();
    importProjects(app, write(app, 'projects.yaml', PROJECTS('running').replace('phase: planned', 'phase: running')));
    app.clock.set('2027-01-27T09:00:00Z');
    const c = draftFor(app, nextOccurrence(app));
    expect(erp(c).map((p) => p.concerns)).toEqual([{ de: 'Finanzen', en: 'Finance' }]);
    expect(renderText(c, 'de', 'figures-first', null)).toContain('• ERP-Update (für Finanzen): Gestartet');

    newsletterTick(app);
    const first = new NewsletterRepo(app.db).byOccurrence('nl-mgmt@2027-02-03T08:00')!;
    await app.bot.handle(click('newsletter.approve', String(first.id), OWNER));
    app.clock.set('2027-02-24T09:00:00Z');
    expect(erp(draftFor(app, nextOccurrence(app)))).toEqual([]);
  });

  it('stays out of the managers\' issue when a newsletter for all staff tells Finance', () => {
    app = testApp({ now: '2026-12-20T09:00:00Z' });
    withPeople(app);
    managersPlan(`  - {id: nl-all, title: {de: IT-Newsletter, en: IT newsletter}, kind: newsletter, rrule: "FREQ=MONTHLY;BYDAY=2WE", start: 2027-02-10T08:00, duration: PT30M, audience: all, owner: ${OWNER}}\n`);
    importProjects(app, write(app, 'projects.yaml', PROJECTS('running').replace('phase: planned', 'phase: running')));
    app.clock.set('2027-01-27T09:00:00Z');
    expect(nextOccurrence(app)?.event.id).toBe('nl-mgmt');
    expect(erp(draftFor(app, nextOccurrence(app)))).toEqual([]);
  });
});

describe('a newsletter-only project for a department and named people', () => {
  it('the issue for all staff says whom it concerns without listing anyone\'s address', () => {
    app = testApp({ now: '2026-12-20T09:00:00Z' });
    withPeople(app);
    plan(app);
    importProjects(app, write(app, 'projects.yaml', PROJECTS('running').replace('audience: department:Finance', 'audience: [department:Finance, anna.schmid@alpenfirn.example]')));
    app.clock.set('2027-01-27T09:00:00Z');
    const c = draftFor(app, nextOccurrence(app));
    const de = renderText(c, 'de', 'workplace-first', null);
    const en = renderText(c, 'en', 'figures-first', null);
    expect(de).toContain('• Demnächst für Finanzen und namentlich genannte Personen: ERP-Update.');
    expect(en).toContain('• ERP upgrade (for Finance and named people): Coming up');
    expect(de + en).not.toContain('anna.schmid');
  });
});
