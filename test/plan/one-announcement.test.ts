import { afterEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../doubles/app.ts';
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
});
