import { afterEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../doubles/app.ts';
import { cli } from '../doubles/cli.ts';
import { importProjects } from '../../src/projects/import.ts';
import { projectsTick } from '../../src/projects/announce.ts';
import { ProjectsRepo } from '../../src/store/projects-repo.ts';
import { draftFor, nextOccurrence } from '../../src/newsletter/issues.ts';
import { PROJECTS, outbox, plan, project, withPeople, write } from '../newsletter/fixtures.ts';
import { inputProblems } from '../doubles/input.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

/** The fixture's file without the win11 project (erp alone). */
const ERP_ONLY = `projects:\n${PROJECTS('running').split('\n  - id: erp\n')[1]!.replace(/^/, '  - id: erp\n')}`;

describe('projects import --replace', () => {
  it('removes the projects not in the file: no longer listed, their milestones not announced, not in the newsletter draft', () => {
    app = testApp({ now: '2027-01-04T09:00:00Z' });
    withPeople(app);
    plan(app);
    importProjects(app, write(app, 'p1.yaml', PROJECTS('planned')));
    // a later import moves win11 on: its announcement is queued (and not sent yet)
    importProjects(app, write(app, 'p2.yaml', PROJECTS('running')));
    expect(outbox(app, 'project-announcement').some((r) => r.idempotency_key.startsWith('project:win11:'))).toBe(true);

    // without --replace a file without win11 removes nothing
    importProjects(app, write(app, 'erp.yaml', ERP_ONLY));
    expect(new ProjectsRepo(app.db).all().map((p) => p.id)).toEqual(['erp', 'win11']);

    const r = importProjects(app, write(app, 'erp.yaml', ERP_ONLY), { replace: true });
    expect(r.removed).toEqual(['win11']);
    expect(new ProjectsRepo(app.db).all().map((p) => p.id)).toEqual(['erp']);
    // its announcement not sent yet is cancelled
    const states = app.db.prepare(`SELECT state FROM outbox WHERE idempotency_key LIKE 'project:win11:%'`).all() as Array<{ state: string }>;
    expect(states.length).toBeGreaterThan(0);
    expect(states.map((s) => s.state)).toEqual(states.map(() => 'cancelled'));

    // its milestone (2027-01-20) comes and is not announced
    app.clock.set(new Date('2027-01-21T09:00:00Z'));
    projectsTick(app);
    expect(outbox(app, 'project-announcement').filter((x) => x.idempotency_key.startsWith('project:win11:milestone'))).toEqual([]);
    // and the next newsletter draft has no news of it
    const draft = draftFor(app, nextOccurrence(app));
    expect(draft.projects.map((p) => p.id)).not.toContain('win11');
  });

  it('drops a removed project\'s news not announced yet: importing the same id again starts fresh, its announced news stays', () => {
    app = testApp({ now: '2027-01-04T09:00:00Z' });
    withPeople(app);
    importProjects(app, write(app, 'p1.yaml', PROJECTS('running')));
    const repo = new ProjectsRepo(app.db);
    // win11's milestone day has come: a tick records it and announces it in a second
    // transaction; the project is removed between the two (another process, or a server stopped)
    app.clock.set(new Date('2027-01-20T09:00:00Z'));
    const milestone = 'project:win11:milestone:2027-01-20';
    repo.addNews({ key: milestone, projectId: 'win11', kind: 'milestone', phase: null, milestoneDate: '2027-01-20', happenedAt: app.clock.now().toISOString() });
    expect(importProjects(app, write(app, 'erp.yaml', ERP_ONLY), { replace: true }).removed).toEqual(['win11']);
    expect(repo.pendingNews()).toEqual([]);
    expect(repo.hasNews('project:win11:phase:running')).toBe(true);

    // imported again: its milestone reached is history, as for a project seen for the first time
    importProjects(app, write(app, 'p2.yaml', PROJECTS('running')));
    projectsTick(app);
    expect(outbox(app, 'project-announcement').filter((x) => x.idempotency_key.startsWith('project:win11:'))).toEqual([]);
    expect(repo.pendingNews()).toEqual([]);
  });

  it('counts a removed project\'s announcement that was cancelled before it went as not told: imported again, it is announced', () => {
    app = testApp({ now: '2027-01-04T09:00:00Z' });
    withPeople(app);
    importProjects(app, write(app, 'p1.yaml', PROJECTS('planned')));
    // win11 moves on: its announcement is queued, then the project is removed before it went
    importProjects(app, write(app, 'p2.yaml', PROJECTS('running')));
    importProjects(app, write(app, 'erp.yaml', ERP_ONLY), { replace: true });
    const win11 = () => outbox(app, 'project-announcement').filter((r) => r.idempotency_key.startsWith('project:win11:phase:running:'));
    expect(win11().map((r) => r.state)).toEqual(win11().map(() => 'cancelled'));

    const again = importProjects(app, write(app, 'p3.yaml', PROJECTS('running')));
    expect(again.changed).toEqual(['win11']);
    expect(win11().length).toBeGreaterThan(0);
    expect(win11().map((r) => r.state)).toEqual(win11().map(() => 'queued'));
  });

  it('keeps a removed project\'s announcement that went as told', () => {
    app = testApp({ now: '2027-01-04T09:00:00Z' });
    withPeople(app);
    importProjects(app, write(app, 'p1.yaml', PROJECTS('planned')));
    importProjects(app, write(app, 'p2.yaml', PROJECTS('running')));
    app.db.prepare(`UPDATE outbox SET state = 'sent', sent_at = created_at WHERE idempotency_key LIKE 'project:win11:%'`).run();
    importProjects(app, write(app, 'erp.yaml', ERP_ONLY), { replace: true });
    expect(importProjects(app, write(app, 'p3.yaml', PROJECTS('running'))).changed).toEqual([]);
  });

  it('a department project whose cancelled announcement told no one is news for the issue for all staff once imported anew as a first import', () => {
    app = testApp({ now: '2027-01-04T09:00:00Z' });
    withPeople(app);
    plan(app);
    const finance = (phase: string) => PROJECTS('planned').replace(/(audience: department:Finance\n    phase: )planned/, `$1${phase}`);
    importProjects(app, write(app, 'p1.yaml', finance('planned')));
    importProjects(app, write(app, 'p2.yaml', finance('running')));
    expect(outbox(app, 'project-announcement').some((r) => r.idempotency_key.startsWith('project:erp:phase:running:'))).toBe(true);
    importProjects(app, write(app, 'none.yaml', 'projects: []\n'), { replace: true });
    // every project imported again: the baseline of a first import, erp's running phase never told
    importProjects(app, write(app, 'p3.yaml', finance('running')));
    app.clock.set(new Date('2027-01-27T09:00:00Z'));
    const erp = draftFor(app, nextOccurrence(app)).projects.find((p) => p.key === 'project:erp:phase:running');
    expect(erp?.newsletterOnly).toBe(true);
  });

  it('a file that replaces every project with new ones announces the new ones: it is no first import', () => {
    app = testApp({ now: '2027-01-04T09:00:00Z' });
    withPeople(app);
    importProjects(app, write(app, 'p1.yaml', PROJECTS('running')));
    const r = importProjects(app, write(app, 'new.yaml', `projects:\n${project('mfa', 'planned')}`), { replace: true });
    expect(r.removed).toEqual(['erp', 'win11']);
    expect(r.changed).toEqual(['mfa']);
    expect(outbox(app, 'project-announcement').filter((x) => x.idempotency_key.startsWith('project:mfa:phase:planned:')).length).toBeGreaterThan(0);
  });

  it('refuses a file that gives no projects, and changes nothing; an explicit empty list removes them all', async () => {
    app = testApp({ now: '2027-01-04T09:00:00Z' });
    withPeople(app);
    importProjects(app, write(app, 'p1.yaml', PROJECTS('running')));
    const empty = write(app, 'empty.yaml', 'projects:\n#  - id: win11\n');
    const lines = inputProblems(() => importProjects(app, empty, { replace: true }));
    expect(lines.join('\n')).toContain(`${empty}: projects: the file has no projects (the "projects" section is empty) and --replace would remove all 2 projects; nothing changed`);
    const broken = write(app, 'broken.yaml', `${ERP_ONLY}  - id: Bad_Id\n`);
    expect(inputProblems(() => importProjects(app, broken, { replace: true })).length).toBeGreaterThan(0);
    expect(new ProjectsRepo(app.db).all().map((p) => p.id)).toEqual(['erp', 'win11']);

    const none = write(app, 'none.yaml', 'projects: []\n');
    const res = await cli(['projects', 'import', none, '--replace', '--db', app.file]);
    expect(res.code).toBe(0);
    expect(res.out).toContain('removed: erp, win11');
    expect(new ProjectsRepo(app.db).all()).toEqual([]);
  });
});
