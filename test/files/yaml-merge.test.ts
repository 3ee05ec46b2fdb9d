import { afterEach, describe, expect, it } from 'vitest';
import { testApp, testFile, type TestApp } from '../doubles/app.ts';
import { importPlan } from '../../src/plan/import.ts';
import { importProjects } from '../../src/projects/import.ts';
import { importStrategy } from '../../src/projects/strategy.ts';
import { parseSurveyText } from '../../src/surveys/definition.ts';
import { importCatalog } from '../../src/catalog/import.ts';
import { CatalogRepo } from '../../src/store/catalog-repo.ts';
import { PlanRepo } from '../../src/store/plan-repo.ts';
import { ProjectsRepo } from '../../src/store/projects-repo.ts';
import { withPeople } from '../plan/helpers.ts';

// Every YAML file the command line imports reads a merge key (`<<: *defaults`) as the catalog
// does: the mapping takes the fields of the one the anchor marks where it gives none of its own.

let app: TestApp;
afterEach(() => app?.cleanup());

describe('YAML merge keys in every imported file', () => {
  it('plan: an event written <<: *defaults takes the shared fields, its own first', () => {
    app = testApp();
    withPeople(app);
    const file = testFile(app, 'plan.yaml', [
      'timezone: Europe/Zurich',
      'events:',
      '  - &jf',
      '    id: jf-finance',
      '    title: {de: Jour fixe Finanzen, en: Jour-fixe Finance}',
      '    kind: jour-fixe',
      '    rrule: "FREQ=WEEKLY;BYDAY=TU"',
      '    start: 2027-03-02T09:00',
      '    duration: PT1H',
      '    audience: department:Finance',
      '    owner: marco.keller@alpenfirn.example',
      '    reminders: [P7D, P1D]',
      '  - <<: *jf',
      '    id: jf-marketing',
      '    title: {de: Jour fixe Marketing, en: Jour-fixe Marketing}',
      '    rrule: "FREQ=WEEKLY;BYDAY=WE"',
      '    start: 2027-03-03T09:00',
      '',
    ].join('\n'));
    expect(importPlan(app, file)).toMatchObject({ created: 2, warnings: [] });
    const marketing = new PlanRepo(app.db).event('jf-marketing')!.event;
    expect(marketing).toMatchObject({ kind: 'jour-fixe', rrule: 'FREQ=WEEKLY;BYDAY=WE', audience: ['department:Finance'], duration: 'PT1H', owner: 'marco.keller@alpenfirn.example', reminders: ['P7D', 'P1D'] });
    expect(marketing.title).toEqual({ de: 'Jour fixe Marketing', en: 'Jour-fixe Marketing' });
  });

  it('survey: a question written <<: *csat takes the shared fields', () => {
    const { def, problems } = parseSurveyText([
      'id: pulse',
      'title: {de: Puls, en: Pulse}',
      'anonymity: confidential',
      'minGroupSize: 3',
      'audience: all',
      'closes: P7D',
      'questions:',
      '  - &csat {id: overall, type: csat, text: {de: Zufrieden?, en: Satisfied?}}',
      '  - <<: *csat',
      '    id: helpdesk',
      '    text: {de: Zufrieden mit dem Helpdesk?, en: Satisfied with the helpdesk?}',
      '',
    ].join('\n'), 'survey.yaml');
    expect(problems).toEqual([]);
    expect(def!.questions.map((q) => [q.id, q.type, q.text.en])).toEqual([['overall', 'csat', 'Satisfied?'], ['helpdesk', 'csat', 'Satisfied with the helpdesk?']]);
  });

  it('projects: a project written <<: *defaults takes the shared fields', () => {
    app = testApp();
    withPeople(app);
    const file = testFile(app, 'projects.yaml', [
      'defaults: &defaults {audience: all, phase: planned, owner: head.it@alpenfirn.example}',
      'projects:',
      '  - <<: *defaults',
      '    id: win11',
      '    title: {de: Umstellung auf Windows 11, en: Windows 11 rollout}',
      '    changes: {de: Neue Notebooks., en: New laptops.}',
      '    phase: running',
      '',
    ].join('\n'));
    // (the anchor's own home is a field of the file like any other: named, nothing imported)
    expect(() => importProjects(app, file)).toThrow(/defaults: unknown field/);
    const inList = testFile(app, 'projects2.yaml', [
      'projects:',
      '  - &win11',
      '    id: win11',
      '    title: {de: Umstellung auf Windows 11, en: Windows 11 rollout}',
      '    changes: {de: Neue Notebooks., en: New laptops.}',
      '    audience: all',
      '    phase: running',
      '    owner: head.it@alpenfirn.example',
      '  - <<: *win11',
      '    id: erp',
      '    title: {de: ERP-Update, en: ERP upgrade}',
      '    phase: planned',
      '',
    ].join('\n'));
    expect(importProjects(app, inList)).toMatchObject({ imported: 2, warnings: [] });
    const erp = new ProjectsRepo(app.db).all().find((p) => p.id === 'erp')!;
    expect(erp).toMatchObject({ phase: 'planned', owner: 'head.it@alpenfirn.example', title: { en: 'ERP upgrade' }, changes: { en: 'New laptops.' } });
  });

  it('strategy: a roadmap milestone written <<: *m takes the shared fields', () => {
    app = testApp();
    const file = testFile(app, 'strategy.yaml', [
      'vision: {de: Die IT ist erste Anlaufstelle., en: IT is the first place to go.}',
      'principles:',
      '  - {de: "Vorher, währenddessen, danach.", en: "Before, during, after."}',
      'roadmap:',
      '  - &m {id: catalog, date: 2027-01-15, title: {de: Servicekatalog, en: Service catalog}, done: true}',
      '  - <<: *m',
      '    id: care',
      '    title: {de: Kundenbetreuung, en: Customer care}',
      '',
    ].join('\n'));
    const s = importStrategy(app, file);
    expect(s.roadmap.map((m) => [m.id, m.done, m.title.en])).toEqual([['catalog', true, 'Service catalog'], ['care', true, 'Customer care']]);
  });
});

describe('shared fields in a long list', () => {
  it('a catalog of 60 services and a plan of 120 events that each take <<: *defaults are read; aliases nested into a bomb are still refused', () => {
    app = testApp();
    withPeople(app);
    const catalog = ['services:', '  - &office {id: s0, name: Service 0, summary: Summary 0, owner: {name: Anna Schmid, email: anna@x.example}, sla: {availability: "99.5%"}}'];
    for (let i = 1; i < 60; i++) catalog.push(`  - {<<: *office, id: s${i}, name: Service ${i}, summary: Summary ${i}}`);
    importCatalog(app, testFile(app, 'many.yaml', catalog.join('\n') + '\n'));
    const repo = new CatalogRepo(app.db);
    expect(repo.counts().services).toBe(60);
    expect(repo.service('s59')).toMatchObject({ name: { en: 'Service 59' }, owner: { email: 'anna@x.example' }, sla: { availability: '99.5%' } });

    const plan = ['timezone: Europe/Zurich', 'events:',
      '  - &ev {id: e0, title: Event 0, kind: other, start: 2027-03-02T09:00, duration: PT1H, audience: all, owner: marco.keller@alpenfirn.example, reminders: [P1D]}'];
    for (let i = 1; i < 120; i++) plan.push(`  - {<<: *ev, id: e${i}, title: Event ${i}}`);
    expect(importPlan(app, testFile(app, 'plan.yaml', plan.join('\n') + '\n'))).toMatchObject({ created: 120, warnings: [] });
    expect(new PlanRepo(app.db).event('e119')!.event).toMatchObject({ kind: 'other', owner: 'marco.keller@alpenfirn.example', reminders: ['P1D'] });

    const bomb = ['a0: &a0 [' + Array(10).fill('"xxxxxxxxxx"').join(', ') + ']'];
    for (let k = 1; k < 10; k++) bomb.push(`a${k}: &a${k} [` + Array(10).fill(`*a${k - 1}`).join(', ') + ']');
    expect(() => importPlan(app, testFile(app, 'bomb.yaml', bomb.join('\n') + '\n'))).toThrow(/alias count/);
    expect(() => importCatalog(app, testFile(app, 'bomb-catalog.yaml', bomb.join('\n') + '\n'))).toThrow(/alias count/);
  });
});
