import { afterEach, describe, expect, it } from 'vitest';
import { click, testApp, testFile, type TestApp } from '../doubles/app.ts';
import { importDepartments, importPeople } from '../../src/people/import.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { importProjects } from '../../src/projects/import.ts';
import { audienceDeliveries, deliveryKey } from '../../src/projects/targets.ts';
import { importYaml, machinery, rows, withPeople } from './helpers.ts';
import { write } from '../newsletter/fixtures.ts';

// One person, one announcement, whatever the audience list: a Finance manager is in
// `department:Finance` and in `managers`, everyone is in `all` and in their department.

let app: TestApp;
let server: RunningServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
  app?.cleanup();
});

const PETER = 'peter.huber@alpenfirn.example'; // Finance, manager
const JULIA = 'julia.baumann@alpenfirn.example'; // Finance
const EMMA = 'emma.wilson@alpenfirn.example'; // Marketing, manager

async function inbox(as: string): Promise<string[]> {
  server ??= await startServer(app, { port: 0, background: false });
  const r = await fetch(`${server.url}/web/inbox?as=${encodeURIComponent(as)}&after=0`);
  if (!r.ok) throw new Error(`${r.status} ${await r.text()}`);
  return ((await r.json()) as { messages: Array<{ text: string }> }).messages.map((m) => m.text);
}

async function recent(as: string): Promise<string[]> {
  server ??= await startServer(app, { port: 0, background: false });
  const r = await fetch(`${server.url}/web/inbox?as=${encodeURIComponent(as)}&recent=20`);
  return ((await r.json()) as { messages: Array<{ text: string }> }).messages.map((m) => m.text);
}

const count = (texts: string[], s: string) => texts.filter((t) => t.includes(s)).length;

describe('a plan announcement in the web chat', () => {
  for (const audience of ['[department:Finance, managers]', '[all, department:Finance]', '[managers, department:Finance, it-staff]']) {
    it(`reaches each reader once for ${audience}`, async () => {
      app = testApp({ now: '2027-03-01T00:00:00Z' });
      withPeople(app);
      importYaml(app, `timezone: Europe/Zurich
events:
  - {id: budget, title: {de: Budgetrunde, en: Budget round}, kind: management-meeting, start: 2027-03-10T10:00, duration: PT1H, audience: ${audience}, owner: head.it@alpenfirn.example, announce: P2D}
`);
      const { step } = machinery(app);
      await step();
      app.clock.set('2027-03-08T09:00:01Z');
      await step();
      // every channel still gets its post (its other readers need it)
      expect(rows(app, "kind = 'plan-announce' AND state = 'sent'").length).toBeGreaterThan(1);
      for (const who of [PETER, JULIA]) {
        expect(count(await inbox(who), 'Budgetrunde'), who).toBe(1);
        expect(count(await recent(who), 'Budgetrunde'), who).toBe(1);
      }
      if (audience.includes('managers')) expect(count(await inbox(EMMA), 'Budget round')).toBe(1);
    });
  }
});

describe('a project announcement', () => {
  const project = (audience: string) => `projects:
  - {id: erp, title: {de: ERP-Update, en: ERP upgrade}, changes: {de: Neue Masken., en: New screens.}, audience: ${audience}, phase: PHASE, owner: marco.keller@alpenfirn.example}
`;

  it('gives no direct message to a manager who reads the department channel posted to (web only)', async () => {
    app = testApp({ now: '2027-01-04T09:00:00Z' });
    withPeople(app);
    const keys = audienceDeliveries(app, ['department:Finance', 'managers']).map(deliveryKey);
    expect(keys).toContain('channel:web:Finance');
    expect(keys).toContain(`to:${EMMA}`); // a manager of another department
    expect(keys).not.toContain(`to:${PETER}`);
    importProjects(app, write(app, 'p.yaml', project('[department:Finance, managers]').replace('PHASE', 'planned')));
    importProjects(app, write(app, 'p.yaml', project('[department:Finance, managers]').replace('PHASE', 'running')));
    await machinery(app).worker.drainOnce();
    expect(count(await inbox(PETER), 'ERP-Update')).toBe(1);
    expect(count(await inbox(EMMA), 'ERP upgrade')).toBe(1);
  });

  it('with Slack, the department channel is enough for its manager; an e-mail in the audience too', () => {
    app = testApp({ now: '2027-01-04T09:00:00Z', env: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret' } });
    withPeople(app);
    const keys = audienceDeliveries(app, ['department:Finance', 'managers', JULIA]).map(deliveryKey);
    expect(keys).toContain('channel:slack:C0FIN00001');
    expect(keys).not.toContain(`to:${PETER}`);
    expect(keys).not.toContain(`to:${JULIA}`);
    // Management has no Slack channel: its manager still gets a direct message
    expect(keys).toContain('to:thomas.widmer@alpenfirn.example');
  });

  it('looks each department up once per broadcast', () => {
    app = testApp({ now: '2027-01-04T09:00:00Z', env: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret' } });
    withPeople(app);
    const lookups: string[] = [];
    const department = app.people.department.bind(app.people);
    app.people.department = (id) => (lookups.push(String(id).toLowerCase()), department(id));
    for (const audience of [['department:Finance', 'managers'], ['all', 'managers']]) {
      lookups.length = 0;
      const keys = audienceDeliveries(app, audience).map(deliveryKey);
      expect(keys, audience.join()).toContain('channel:slack:C0FIN00001');
      expect(keys, audience.join()).not.toContain(`to:${PETER}`);
      expect(lookups.length, audience.join()).toBeGreaterThan(0);
      expect(lookups, audience.join()).toEqual([...new Set(lookups)]);
    }
  });
});

describe('a department announcement in the web chat without a departments file', () => {
  // CONTRACT.md defines only the people CSV: its `department` column alone must be enough
  const PEOPLE = `email,name,department,manager,language,timezone,slack_user_id,teams_user_id
head.it@ex.example,Regula Brunner,IT,true,de,Europe/Zurich,,
zh.owner@ex.example,Zora Zurich,it,false,de,Europe/Zurich,,
fin.mgr@ex.example,Fiona Finance,Finance,true,de,Europe/Zurich,,
fin.user@ex.example,Fritz Finance,finance,false,en,Europe/Zurich,,
sales.user@ex.example,Sam Sales,Sales,false,en,America/New_York,,
`;

  it('reaches the department (and it-staff the IT people), whatever the case of the name', async () => {
    app = testApp({ now: '2027-03-01T00:00:00Z' });
    importPeople(app, testFile(app, 'people.csv', PEOPLE));
    expect(app.people.departments()).toEqual([]);
    importYaml(app, `timezone: Europe/Zurich
events:
  - {id: fin, title: {de: Abschluss, en: Closing}, kind: other, start: 2027-03-10T10:00, duration: PT1H, audience: department:Finance, owner: zh.owner@ex.example, announce: P2D}
  - {id: its, title: {de: Wartung, en: Maintenance}, kind: other, start: 2027-03-10T11:00, duration: PT1H, audience: it-staff, owner: zh.owner@ex.example, announce: P2D}
`);
    const { step } = machinery(app);
    await step();
    app.clock.set('2027-03-08T10:00:01Z');
    await step();
    expect(rows(app, "kind = 'plan-announce' AND state = 'sent'")).toHaveLength(2);
    for (const who of ['fin.mgr@ex.example', 'fin.user@ex.example']) {
      expect(count(await inbox(who), 'Abschluss'), who).toBe(1);
      expect(count(await recent(who), 'Abschluss'), who).toBe(1);
      expect(count(await inbox(who), 'Wartung'), who).toBe(0);
    }
    for (const who of ['head.it@ex.example', 'zh.owner@ex.example']) expect(count(await inbox(who), 'Wartung'), who).toBe(1);
    expect(await inbox('sales.user@ex.example')).toEqual([]);
    // a departments file imported afterwards changes nothing for what is already there
    importDepartments(app, testFile(app, 'departments.csv', 'department,name_de,name_en,key_account,it_channel_slack,it_channel_teams\nFINANCE,Finanzen,Finance,,,\n'));
    expect(count(await inbox('fin.user@ex.example'), 'Abschluss')).toBe(1);
  });

  it('a project announcement reaches the department too', async () => {
    app = testApp({ now: '2027-01-04T09:00:00Z' });
    importPeople(app, testFile(app, 'people.csv', PEOPLE));
    const project = (phase: string) => `projects:
  - {id: erp, title: {de: ERP-Update, en: ERP upgrade}, changes: {de: Neue Masken., en: New screens.}, audience: department:Finance, phase: ${phase}, owner: zh.owner@ex.example}
`;
    importProjects(app, write(app, 'p.yaml', project('planned')));
    importProjects(app, write(app, 'p.yaml', project('running')));
    await machinery(app).worker.drainOnce();
    expect(count(await inbox('fin.user@ex.example'), 'ERP')).toBe(1);
    expect(count(await inbox('fin.mgr@ex.example'), 'ERP')).toBe(1);
  });
});

describe('an announced occurrence skipped afterwards', () => {
  it('tells the channels that carried the announcement that it is off, once per reader, in their language; an unannounced one is just withdrawn', async () => {
    app = testApp({ now: '2027-03-01T00:00:00Z' });
    withPeople(app);
    importYaml(app, `timezone: Europe/Zurich
events:
  - {id: budget, title: {de: Budgetrunde, en: Budget round}, kind: management-meeting, start: 2027-03-10T10:00, duration: PT1H, audience: [department:Finance, managers], owner: head.it@alpenfirn.example, announce: P2D}
  - {id: later, title: {de: Spätere Runde, en: Later round}, kind: management-meeting, start: 2027-03-20T10:00, duration: PT1H, audience: [department:Finance, managers], owner: head.it@alpenfirn.example, announce: P2D}
`);
    const { step } = machinery(app);
    await step();
    app.clock.set('2027-03-08T09:00:01Z');
    await step();
    expect(count(await inbox(JULIA), 'Budgetrunde')).toBe(1);
    // the head of IT skips both in chat: the budget round was announced, the later one not yet
    for (const occ of ['budget|2027-03-10T10:00', 'later|2027-03-20T10:00']) {
      const ev = click('plan.skip.submit', occ, 'head.it@alpenfirn.example');
      ev.action!.values = { reason: 'Budget verschoben' };
      await app.bot.handle(ev);
    }
    app.clock.set('2027-03-08T09:05:00Z');
    await step();
    expect(rows(app, "kind = 'plan-cancel'").map((r) => [r.target, r.state])).toEqual([['Finance', 'sent'], ['managers', 'sent']]);
    for (const who of [PETER, JULIA]) {
      const texts = await inbox(who);
      expect(count(texts, 'findet nicht statt'), who).toBe(1);
      expect(texts.find((t) => t.includes('findet nicht statt'))).toMatch(/^Budgetrunde am Mittwoch, 10\. März 2027 um 10:00 findet nicht statt\.$/m);
      expect(texts.join('\n')).not.toMatch(/Budget verschoben|Spätere Runde/);
    }
    expect(count(await inbox(EMMA), 'will not take place')).toBe(1);
    expect((await inbox(EMMA)).join('\n')).toMatch(/Budget round on Wednesday, 10 March 2027 at 10:00 will not take place\./);
    // (queued once: a later tick finds it there)
    await step();
    expect(rows(app, "kind = 'plan-cancel'")).toHaveLength(2);
  });
});
