import { afterEach, describe, expect, it } from 'vitest';
import { testApp, say, click, flat, inChannel, type TestApp } from '../doubles/app.ts';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { openDb } from '../../src/store/db.ts';
import { FakeClock } from '../../src/clock.ts';
import { importProjects } from '../../src/projects/import.ts';
import { projectsTick } from '../../src/projects/announce.ts';
import { ProjectsRepo } from '../../src/store/projects-repo.ts';
import { importStrategy } from '../../src/projects/strategy.ts';
import { PROJECTS, outbox, project, projects, strategy, withPeople, write } from '../newsletter/fixtures.ts';
import { inputProblems } from '../doubles/input.ts';

let app: TestApp;
afterEach(() => app?.cleanup());


describe('projects import', () => {
  it('reports every problem with file, entry and field, and changes nothing', () => {
    app = testApp();
    withPeople(app);
    const file = write(app, 'bad.yaml', `projects:
  - id: ok-one
    title: {de: Gut, en: Good}
    changes: {de: Nichts, en: Nothing}
    phase: running
    owner: head.it@alpenfirn.example
  - id: Bad_Id
    title: {de: X, en: X}
    changes: {de: X, en: X}
    phase: finished
    owner: nobody@alpenfirn.example
    audience: department:Astronomy
    milestones:
      - {date: 2027-02-30, title: {de: Nie, en: Never}}
  - id: ok-one
    changes: {de: X, en: X}
    phase: planned
    owner: head.it@alpenfirn.example
`);
    const lines = inputProblems(() => importProjects(app, file));
    const at = (s: string) => expect(lines.some((l) => l.includes(s)), `${s} in\n${lines.join('\n')}`).toBe(true);
    at(`${file}: projects[1] (id Bad_Id): id: "Bad_Id" may contain only`);
    at('projects[1] (id Bad_Id): phase: "finished" is not a phase');
    // an owner not (yet) in the directory is no error (see below)
    expect(lines.some((l) => l.includes(': owner:'))).toBe(false);
    at('projects[1] (id Bad_Id): audience: unknown department "Astronomy"');
    at('projects[1] (id Bad_Id): milestones[0].date: "2027-02-30" is not a date');
    at('projects[2] (id ok-one): id: duplicate id');
    at('projects[2] (id ok-one): title: required');
    expect(new ProjectsRepo(app.db).all()).toEqual([]);
  });

  it('a phase change announces once: two ticks, a re-import and a restart add nothing', () => {
    app = testApp({ now: '2027-01-04T09:00:00Z' });
    withPeople(app);
    projects(app, 'running');
    expect(outbox(app, 'project-announcement')).toHaveLength(0); // a first import is history, not news
    const r = projects(app, 'done');
    expect(r.changed).toEqual(['win11']);
    const rows = outbox(app, 'project-announcement');
    expect(rows.length).toBeGreaterThan(0);
    // web-only installation: one post in the web chat's `all` channel, no direct messages
    expect(rows.map((x) => `${x.target_kind}:${x.platform}:${x.target}`)).toEqual(['channel:web:all']);
    expect(rows[0]!.idempotency_key).toBe('project:win11:phase:done:channel:web:all');
    const msg = JSON.parse(rows[0]!.message);
    expect(msg.text).toContain('Abgeschlossen: Umstellung auf Windows 11'); // default language first
    expect(msg.text).toContain('Done: Windows 11 rollout');
    expect(msg.text).toContain('Thank you');

    projects(app, 'done');
    projectsTick(app);
    projectsTick(app);
    const file = app.file;
    app.db.close();
    const again = createApp({ config: loadConfig({ ITBOT_LANG: 'en' }), db: openDb(file), clock: new FakeClock('2027-01-04T10:00:00Z') });
    projectsTick(again);
    expect(outbox(again, 'project-announcement').filter((x) => x.idempotency_key.includes(':phase:'))).toHaveLength(1);
    again.db.close();
  });

  it('with Slack configured, departments get their channel and people without one a direct message', () => {
    app = testApp({ now: '2027-01-04T09:00:00Z', env: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret' } });
    withPeople(app);
    importProjects(app, write(app, 'p.yaml', PROJECTS('running').replace('phase: planned', 'phase: planned')));
    importProjects(app, write(app, 'p.yaml', PROJECTS('running').replace('phase: planned', 'phase: running')));
    const rows = outbox(app, 'project-announcement');
    // the ERP project concerns Finance, which has a Slack channel
    expect(rows.map((r) => `${r.platform}:${r.target}`).sort()).toEqual(['slack:C0FIN00001', 'web:Finance']);
    // the planned -> running phase gives the "during" text
    expect(JSON.parse(rows[0]!.message).text).toMatch(/Es geht los|Under way/);
  });

  it('a project added after the first import is announced before it starts ("coming up")', () => {
    app = testApp({ now: '2027-01-04T09:00:00Z' });
    withPeople(app);
    projects(app, 'running');
    const r = importProjects(app, write(app, 'p.yaml', PROJECTS('running') + `  - id: wifi
    title: {de: Neues WLAN, en: New Wi-Fi}
    changes: {de: Schnelleres WLAN im ganzen Haus., en: Faster Wi-Fi in the whole building.}
    phase: planned
    owner: luca.rossi@alpenfirn.example
    milestones:
      - {date: 2026-12-01, title: {de: Ausschreibung, en: Tender}}
`));
    expect(r.changed).toEqual(['wifi']);
    const rows = outbox(app, 'project-announcement');
    expect(rows.map((x) => x.idempotency_key)).toEqual(['project:wifi:phase:planned:channel:web:all']);
    expect(JSON.parse(rows[0]!.message).text).toContain('Coming up: New Wi-Fi');
    expect(projectsTick(app)).toBe(0); // its past milestone is history
  });

  it('a milestone whose day comes is announced once, by the tick', () => {
    app = testApp({ now: '2027-01-04T09:00:00Z' });
    withPeople(app);
    projects(app, 'running');
    expect(projectsTick(app)).toBe(0);
    app.clock.set('2027-01-20T07:00:00Z');
    expect(projectsTick(app)).toBe(1);
    expect(projectsTick(app)).toBe(0);
    const rows = outbox(app, 'project-announcement');
    expect(rows.map((r) => r.idempotency_key)).toEqual(['project:win11:milestone:2027-01-20:channel:web:all']);
    expect(JSON.parse(rows[0]!.message).text).toContain('Milestone reached: Finance pilot');
  });
});

describe('projects import of a file that is not valid YAML', () => {
  it('names the line and column in one sentence, with no colon left dangling from the parser\'s context', () => {
    app = testApp({ now: '2027-01-04T09:00:00Z' });
    const file = write(app, 'syntax.yaml', 'projects:\n  - id: a\n    title: A\n   changes: C\n');
    expect(inputProblems(() => importProjects(app, file))).toEqual([`${file}: line 4: not valid YAML: Sequence item without - indicator at line 4, column 1`]);
  });
});

describe('chat', () => {
  it('"what is IT working on?" answers what concerns the asker\'s department', async () => {
    app = testApp({ now: '2027-01-04T09:00:00Z' });
    withPeople(app);
    projects(app, 'running');
    const finance = flat(await app.bot.handle(say('What is IT working on?', 'julia.baumann@alpenfirn.example')));
    expect(finance).toContain('ERP-Update'); // Julia's language is German
    expect(finance).toContain('Windows 11');
    expect(finance).toContain('Finanzen');
    const sales = flat(await app.bot.handle(say('woran arbeitet die IT?', 'reto.fischer@alpenfirn.example')));
    expect(sales).toContain('Windows 11');
    expect(sales).not.toContain('ERP');
    const card = flat(await app.bot.handle(click('projects.show', 'erp', 'peter.huber@alpenfirn.example')));
    expect(card).toContain('Schnellerer Monatsabschluss');
    // a Finance project's Details button, or a click that names its id, does not open it for Sales or a guest
    for (const who of ['reto.fischer@alpenfirn.example', 'guest']) {
      const other = flat(await app.bot.handle(click('projects.show', 'erp', who)));
      expect(other, who).not.toMatch(/Monatsabschluss|month-end/);
      expect(other, who).toMatch(/kenne ich nicht|don't know this project/);
    }
    // (IT sees every project)
    expect(flat(await app.bot.handle(click('projects.show', 'erp', 'head.it@alpenfirn.example')))).toContain('Schnellerer Monatsabschluss');
  });

  it('"what is IT working on?" in a channel names only the projects for everyone and says where the others are shown', async () => {
    app = testApp({ now: '2027-01-04T09:00:00Z' });
    withPeople(app);
    projects(app, 'running');
    const channel = flat(await app.bot.handle(say('Woran arbeitet die IT?', 'julia.baumann@alpenfirn.example', inChannel)));
    expect(channel).toContain('Windows 11');
    expect(channel).not.toContain('ERP');
    expect(channel).toContain('im direkten Chat mit mir');
    const direct = flat(await app.bot.handle(say('Woran arbeitet die IT?', 'julia.baumann@alpenfirn.example')));
    expect(direct).toContain('ERP-Update');
    expect(direct).not.toContain('im direkten Chat');
    // someone for whom there is nothing else gets no such note in the channel
    expect(flat(await app.bot.handle(say('What is IT working on?', 'reto.fischer@alpenfirn.example', inChannel)))).not.toMatch(/direct chat|direkten Chat/);
  });

  it('"what is IT\'s strategy?" and "was plant die IT?" answer from the strategy', async () => {
    app = testApp();
    withPeople(app);
    expect(flat(await app.bot.handle(say("What is IT's strategy?", 'luca.rossi@alpenfirn.example')))).toContain('not been recorded');
    strategy(app);
    const en = flat(await app.bot.handle(say("What is IT's strategy?", 'luca.rossi@alpenfirn.example')));
    expect(en).toContain('IT is the first place to go');
    expect(en).toContain('✓ January 2027: Service catalog defined (reached)');
    expect(en).toContain('○ March 2027: Customer care established (open)');
    const de = flat(await app.bot.handle(say('Was plant die IT?', 'peter.huber@alpenfirn.example')));
    expect(de).toContain('○ März 2027: Kundenbetreuung etabliert (offen)');
    const help = flat(await app.bot.handle(say('help', 'luca.rossi@alpenfirn.example')));
    expect(help).toContain('What is IT working on?');
    expect(help).toContain("What is IT's strategy?");
  });
});

describe('what IT is working on', () => {
  it('lists a completed project as recently completed for 90 days after it was done, not for ever', async () => {
    app = testApp({ now: '2027-01-04T09:00:00Z' });
    withPeople(app);
    projects(app, 'running');
    app.clock.set('2027-01-20T09:00:00Z');
    projects(app, 'done'); // Windows 11 (for all) done on 20 January; the Finance ERP upgrade still planned
    const ask = async () => flat(await app.bot.handle(say('What is IT working on?', 'sarah.johnson@alpenfirn.example')));
    app.clock.set('2027-04-15T09:00:00Z');
    expect(await ask()).toContain('Recently completed:\n• Windows 11 rollout');
    app.clock.set('2027-04-25T09:00:00Z');
    // Sales: nothing under way for them, and Windows 11 is no longer recent
    const later = await ask();
    expect(later).not.toContain('Windows 11');
    expect(later).toBe('No IT project concerning you is under way at the moment. All projects: 2.');
  });
});

describe('what IT is working on, many projects', () => {
  it('is paged with Back / More instead of one message naming every project, and a long title never splits an emoji on its button', async () => {
    app = testApp({ now: '2027-01-04T09:00:00Z' });
    withPeople(app);
    const long = '🚀'.repeat(40);
    const yaml = Array.from({ length: 30 }, (_, i) => project(`p${String(i).padStart(2, '0')}`, 'running')).join('')
      .replace('title: {de: Projekt p00, en: Project p00}', `title: {de: "${long}", en: "${long}"}`);
    importProjects(app, write(app, 'projects.yaml', `projects:\n${yaml}`));
    const [first] = await app.bot.handle(say('What is IT working on?', 'reto.fischer@alpenfirn.example'));
    const buttons = (m: typeof first) => m!.blocks!.flatMap((b) => (b.type === 'actions' ? b.buttons : []));
    const details = buttons(first).filter((b) => b.action === 'projects.show');
    expect(details.length).toBeGreaterThan(0);
    expect(details.length).toBeLessThan(30);
    for (const b of details) {
      expect(b.label.length, b.label).toBeLessThanOrEqual(75);
      expect(b.label, b.label).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
    expect(first!.text).toContain('Projekt p01');
    expect(first!.text).not.toContain('• Projekt p29');
    expect(first!.text).toMatch(/Seite 1 von \d/);
    const more = buttons(first).find((b) => b.action === 'projects.working-on');
    expect(more).toBeDefined();
    const [second] = await app.bot.handle(click('projects.working-on', more!.value, 'reto.fischer@alpenfirn.example'));
    expect(second!.text).toContain('Seite 2 von');
    expect(second!.text).not.toContain('• Projekt p01');
    expect(second!.replaceOriginal).toBe(true);
  });
});

describe('the strategy file', () => {
  it('`itbot strategy import` takes a text in one language with a warning naming file, entry and field, as the other files do', async () => {
    const { cli } = await import('../doubles/cli.ts');
    app = testApp();
    const file = write(app, 'strategy.yaml', 'vision: {de: Erste Anlaufstelle}\nprinciples:\n  - {de: a, en: a}\n  - {en: \"Before, during, after\"}\nroadmap:\n  - {id: catalog, date: 2027-01-15, title: {de: Servicekatalog}, done: true}\n');
    const r = await cli(['strategy', 'import', file, '--db', app.file]);
    expect(r.code).toBe(0);
    expect(r.err.split('\n')).toEqual([
      `warning: ${file}: vision.en: missing: English speakers will see the German text`,
      `warning: ${file}: principles[1].de: missing: German speakers will see the English text`,
      `warning: ${file}: roadmap[0] (id catalog): title.en: missing: English speakers will see the German text`,
    ]);
  });

  it('the roadmap shows the coming 12 months, the months in words, and what was reached in the last 12', async () => {
    app = testApp({ now: '2027-01-04T09:00:00Z' });
    withPeople(app);
    importStrategy(app, write(app, 'strategy.yaml', `vision: {de: V, en: V}
principles: []
roadmap:
  - {id: long-ago, date: 2025-06-30, title: {de: Längst erreicht, en: Reached long ago}, done: true}
  - {id: last-autumn, date: 2026-09-30, title: {de: Strategie veröffentlicht, en: Strategy published}, done: true}
  - {id: overdue, date: 2026-12-15, title: {de: Ansprechpersonen benannt, en: Contacts named}, done: false}
  - {id: within, date: 2027-12-31, title: {de: Jahresende, en: Year end}, done: false}
  - {id: far, date: 2028-03-31, title: {de: Weit weg, en: Far away}, done: false}
  - {id: farther, date: 2029-03-31, title: {de: Noch weiter, en: Farther}, done: false}
`));
    const en = flat(await app.bot.handle(say("What is IT's strategy?", 'luca.rossi@alpenfirn.example')));
    expect(en).toContain('Roadmap (12 months):\n✓ September 2026: Strategy published (reached)\n○ December 2026: Contacts named (open)\n○ December 2027: Year end (open)\n… and 2 more milestones after that');
    expect(en).not.toMatch(/Reached long ago|Far away|Farther|\d{4}-\d{2}/);
    const de = flat(await app.bot.handle(say('Was plant die IT?', 'peter.huber@alpenfirn.example')));
    expect(de).toContain('✓ September 2026: Strategie veröffentlicht (erreicht)');
    expect(de).toContain('… und 2 weitere Etappen danach');
  });

  it('a strategy without principles or roadmap shows no heading over nothing', async () => {
    app = testApp();
    withPeople(app);
    importStrategy(app, write(app, 'strategy.yaml', 'vision: {de: Erste Anlaufstelle., en: The first place to go.}\nprinciples: []\nroadmap: []\n'));
    const en = flat(await app.bot.handle(say("What is IT's strategy?", 'luca.rossi@alpenfirn.example')));
    expect(en).toContain('Vision: The first place to go.');
    expect(en).not.toContain('Principles');
    expect(en).not.toContain('Roadmap');
  });
});

describe('intents and CLI', () => {
  it('recognises the questions in German and English, and leaves others alone', async () => {
    const { projectsFeature } = await import('../../src/projects/feature.ts');
    app = testApp();
    const best = (text: string) => {
      const ctx = { app, event: say(text), person: null, lang: 'en' as const, text };
      return (projectsFeature.intents ?? []).filter((i) => i.match(text, ctx) >= 0.5).map((i) => i.name);
    };
    for (const q of ['What is IT working on?', 'IT-Projekte', 'Woran arbeitet die IT?', 'Welche Projekte hat die IT?']) expect(best(q), q).toEqual(['projects.working-on']);
    for (const q of ["What is IT's strategy?", 'IT strategy', 'Was plant die IT?', 'IT-Strategie', 'roadmap der IT']) expect(best(q), q).toEqual(['projects.strategy']);
    // IT's goals, vision and principles are in the same answer
    for (const q of ["What are IT's goals?", "what are the IT department's objectives?", 'IT vision', 'Was sind die Ziele der IT?', 'Welche Ziele hat die IT?', 'IT-Ziele', 'Grundsätze der IT', 'Wofür steht die IT?']) expect(best(q), q).toEqual(['projects.strategy']);
    for (const q of ['Newsletter', 'show newsletter draft', 'der letzte Newsletter']) expect(best(q), q).toEqual(['newsletter']);
    for (const q of ['how do I reset my password', "what's new?", 'I need a new laptop', 'newsletter abonnieren', 'what are my goals for this year?', 'Software mit Vision', 'Zielvereinbarung mit meinem Chef']) expect(best(q), q).toEqual([]);
  });

  it('`itbot projects import` exits 2 with one line per problem on stderr', async () => {
    const { cli } = await import('../doubles/cli.ts');
    app = testApp();
    withPeople(app);
    const bad = write(app, 'p.yaml', 'projects:\n  - id: x\n    title: X\n    changes: Y\n    phase: soon\n    owner: head.it@alpenfirn.example\n');
    const r = await cli(['projects', 'import', bad, '--db', app.file]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`${bad}: projects[0] (id x): phase: "soon" is not a phase (use planned, running or done)`);
    const ok = await cli(['projects', 'import', write(app, 'p.yaml', PROJECTS('running')), '--db', app.file]);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('projects imported: 2');
    expect(ok.err).toBe('');
  });

  it('refuses an owner that is not an e-mail address (exit 2, file, entry and field), changing nothing', async () => {
    const { cli } = await import('../doubles/cli.ts');
    app = testApp();
    withPeople(app);
    expect((await cli(['projects', 'import', write(app, 'p.yaml', PROJECTS('running')), '--db', app.file])).code).toBe(0);
    const before = (await cli(['projects', 'list', '--json', '--db', app.file])).out;
    const bad = write(app, 'p.yaml', PROJECTS('done').replace('owner: head.it@alpenfirn.example', 'owner: "Head of IT <head.it>"'));
    const r = await cli(['projects', 'import', bad, '--db', app.file]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`${bad}: projects[1] (id erp): owner: "Head of IT <head.it>" is not an e-mail address`);
    expect((await cli(['projects', 'list', '--json', '--db', app.file])).out).toBe(before);
  });

  it('warns of a text in one language only, as the plan and survey files do, and imports the projects', async () => {
    const { cli } = await import('../doubles/cli.ts');
    app = testApp();
    const file = write(app, 'one-language.yaml', `projects:
  - {id: p1, title: {de: Nur deutsch}, changes: C, audience: all, phase: planned, owner: owner@example.com, milestones: [{date: 2027-02-01, title: {en: Pilot}}]}
`);
    const r = await cli(['projects', 'import', file, '--db', app.file]);
    expect(r.code).toBe(0);
    expect(r.err.split('\n').filter((l) => l.includes('missing'))).toEqual([
      `warning: ${file}: projects[0] (id p1): title.en: missing: English speakers will see the German text`,
      `warning: ${file}: projects[0] (id p1): milestones[0].title.de: missing: German speakers will see the English text`,
    ]);
  });

  it('lists at most 100 warnings of an import, then how many more', async () => {
    const { cli } = await import('../doubles/cli.ts');
    app = testApp();
    const list = Array.from({ length: 150 }, (_, i) => `  - {id: p-${i}, title: T, changes: C, audience: all, phase: planned, owner: owner@example.com}`);
    const file = write(app, 'long.yaml', `projects:\n${list.join('\n')}\n`);
    const r = await cli(['projects', 'import', file, '--db', app.file]);
    expect(r.code).toBe(0);
    const lines = r.err.split('\n');
    expect(lines).toHaveLength(101);
    expect(lines[99]).toBe(`warning: ${file}: projects[99] (id p-99): owner: owner@example.com is not in the people directory (yet): the announcements name the owner as the contact once it is known`);
    expect(lines[100]).toBe('... and 50 more warnings');
  });

  it('imports the contract example into a fresh database, with a warning per person it does not know yet', async () => {
    const { cli } = await import('../doubles/cli.ts');
    app = testApp();
    const file = write(app, 'contract.yaml', `projects:
  - id: windows-12-rollout
    title: {de: Umstellung auf Windows 12, en: Windows 12 rollout}
    changes: {de: Neue Oberfläche, en: A new desktop}
    audience: [department:Finance, anna@example.com]
    phase: running
    owner: head.it@example.com
    link: https://intranet.example.com/win12
    milestones:
      - {date: 2027-02-01, title: {de: Pilot Finanzen, en: Finance pilot}}
`);
    const r = await cli(['projects', 'import', file, '--db', app.file]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('projects imported: 1');
    expect(r.err.split('\n')).toEqual([
      `warning: ${file}: projects[0] (id windows-12-rollout): audience: department "Finance" cannot be checked yet (the people directory is empty): the audience is whoever is in that department once the people are imported`,
      `warning: ${file}: projects[0] (id windows-12-rollout): audience: anna@example.com is not in the people directory (yet): it belongs to the audience once it is known`,
      `warning: ${file}: projects[0] (id windows-12-rollout): owner: head.it@example.com is not in the people directory (yet): the announcements name the owner as the contact once it is known`,
    ]);
    // once the directory has people, a department no one belongs to is a typo: an error
    withPeople(app);
    const typo = await cli(['projects', 'import', write(app, 'typo.yaml', PROJECTS('running').replace('audience: all', 'audience: department:Finanze')), '--db', app.file]);
    expect(typo.code).toBe(2);
    expect(typo.err).toMatch(/audience: unknown department "Finanze" \(no one in the people directory belongs to it\)$/);
  });
});

describe('project texts', () => {
  it('a "changes" text without its full stop gets one before the next sentence', async () => {
    const { sentence } = await import('../../src/i18n/index.ts');
    expect(sentence('Neue Oberfläche')).toBe('Neue Oberfläche.');
    expect(sentence('Neue Oberfläche.')).toBe('Neue Oberfläche.');
    expect(sentence('Was ändert sich?')).toBe('Was ändert sich?');
    expect(sentence('')).toBe('');
  });

  it('a milestone day is written in words of the language, not as an ISO date', async () => {
    const { formatDay } = await import('../../src/i18n/index.ts');
    expect(formatDay('2027-01-04', 'de')).toBe('4. Januar 2027');
    expect(formatDay('2027-01-04', 'en')).toBe('4 January 2027');
  });
});
