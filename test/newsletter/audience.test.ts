import { afterEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../doubles/app.ts';
import { draftFor, nextOccurrence } from '../../src/newsletter/issues.ts';
import { renderText } from '../../src/newsletter/render.ts';
import { importProjects } from '../../src/projects/import.ts';
import { importPlan } from '../../src/plan/import.ts';
import { OWNER, PROJECTS, withPeople, write } from './fixtures.ts';

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

