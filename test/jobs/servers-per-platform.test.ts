import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testApp, withFakeSender, FakeSender, type TestApp } from '../doubles/app.ts';
import { cli } from '../doubles/cli.ts';
import { createApp } from '../../src/app.ts';
import { openDb } from '../../src/store/db.ts';
import { enqueue, outboxRows } from '../../src/jobs/outbox.ts';
import { OutboxWorker } from '../../src/jobs/outbox-worker.ts';
import { coreFeature } from '../../src/chat/core-feature.ts';
import { peopleFeature } from '../../src/people/feature.ts';
import { readInbox } from '../../adapters/web/web-sender.ts';
import type { App } from '../../src/app-types.ts';
import { noteHeartbeat, noteStopped, serversSeen } from '../../src/store/server-heartbeats-repo.ts';

// Two servers on one database, configured differently: one sends to Slack, the other has no chat
// platform. A message only the first can send is left to it, not given up nor put in a web inbox.

let app: TestApp;
let webOnly: App;
beforeEach(async () => {
  app = testApp({ now: '2027-01-04T09:00:00Z', features: [coreFeature, peopleFeature] });
  await peopleFeature.demo!(app);
  webOnly = createApp({ config: app.config, db: openDb(app.file), clock: app.clock, features: app.features });
});
afterEach(() => {
  webOnly.db.close();
  app.cleanup();
});

const msg = (text: string) => ({ text });
const row = (key: string) => outboxRows(app.db).find((r) => r.idempotency_key === key)!;
const anyone = () => (app.db.prepare('SELECT email FROM people ORDER BY email LIMIT 1').get() as { email: string }).email;
/** Queues a message to a person (the first one by default) and returns that person's email. */
function toPerson(key = 'invite', text = 'survey', to = anyone()): string {
  enqueue(app.db, app.clock.now(), { key, kind: 'test', target: { kind: 'person', email: to }, message: msg(text) });
  return to;
}

/**
 * Slack on this server (its sends as `script` says), Teams on the other: the Teams one alive, a
 * message queued to a person, and the Slack one's first look at it made.
 */
async function slackTriesFirst(script: ConstructorParameters<typeof FakeSender>[1]) {
  const slack = withFakeSender(app, new FakeSender('slack', script));
  const teams = withFakeSender(webOnly, new FakeSender('teams'));
  const withSlack = new OutboxWorker(app);
  const withTeams = new OutboxWorker(webOnly);
  await withTeams.drainOnce();
  const to = toPerson();
  await withSlack.drainOnce();
  return { slack, teams, withSlack, withTeams, to };
}

describe('servers that send to different platforms on one database', () => {
  it('leaves a Slack channel post to the server with Slack while it runs, and says why', async () => {
    const slack = withFakeSender(app, new FakeSender('slack'));
    const withSlack = new OutboxWorker(app);
    await withSlack.drainOnce(); // alive: nothing to send yet
    enqueue(app.db, app.clock.now(), { key: 'post', kind: 'test', target: { kind: 'channel', platform: 'slack', channelId: 'C1' }, message: msg('news') });

    const other = new OutboxWorker(webOnly);
    await other.drainOnce();
    expect(row('post').state).toBe('retry');
    expect(row('post').last_error).toMatch(/platform slack is not configured.*waiting for a server that sends to slack \(server w/);
    const status = await cli(['outbox', 'status', '--db', app.file]);
    expect(status.out).toMatch(/retry #\d+ test to C1 at .*waiting for a server that sends to slack/);
    // due at once for the server with Slack, and not taken again meanwhile by the one without
    app.clock.advance(1000);
    await other.drainOnce();
    expect(row('post').state).toBe('retry');
    await withSlack.drainOnce();
    expect(row('post').state).toBe('sent');
    expect(slack.sent.map((s) => s.message.text)).toEqual(['news']);
  });

  it('waits for a server with that platform stopped for hours (an update, a night), and gives it up as before after a day without one', async () => {
    withFakeSender(app, new FakeSender('slack'));
    await new OutboxWorker(app).drainOnce();
    enqueue(app.db, app.clock.now(), { key: 'post', kind: 'test', target: { kind: 'channel', platform: 'slack', channelId: 'C1' }, message: msg('news') });
    app.clock.advance(11 * 3600_000);
    await new OutboxWorker(webOnly).drainOnce();
    expect(row('post').state).toBe('retry');
    expect(row('post').last_error).toMatch(/waiting for a server that sends to slack .*given up if none has run for 24 h$/);
    app.clock.advance(14 * 3600_000);
    await new OutboxWorker(webOnly).drainOnce();
    expect(row('post').state).toBe('dead');
    expect(row('post').last_error).toBe('platform slack is not configured');
  });

  it('a server stopped cleanly notes it: what only it can send still waits for it (an update), and the reason says it stopped', async () => {
    const slack = withFakeSender(app, new FakeSender('slack'));
    const worker = new OutboxWorker(app);
    const running = worker.start();
    const heartbeat = () => app.db.prepare('SELECT beat_at, stopped_at FROM server_heartbeats WHERE server_id = ?').get(worker.id) as { beat_at: string; stopped_at: string | null } | undefined;
    await vi.waitFor(() => expect(heartbeat()).toBeDefined());
    expect(heartbeat()!.stopped_at).toBeNull();
    app.clock.advance(60_000);
    await running.stop();
    expect(heartbeat()!.stopped_at).toBe(app.clock.now().toISOString());
    enqueue(app.db, app.clock.now(), { key: 'post', kind: 'test', target: { kind: 'channel', platform: 'slack', channelId: 'C1' }, message: msg('news') });
    app.clock.advance(3600_000);
    await new OutboxWorker(webOnly).drainOnce();
    expect(row('post').state).toBe('retry');
    expect(row('post').last_error).toContain(`waiting for a server that sends to slack (server ${worker.id}, stopped at ${heartbeat()!.stopped_at}); given up if none has run for 24 h`);
    // the health page and `outbox status` say the same
    expect((await cli(['outbox', 'status', '--db', app.file])).out).toMatch(/retry #\d+ test to C1 .*waiting for a server that sends to slack \(server w[^,]*, stopped at /);
    // back after the update: a new sign of life clears the mark, and the message goes
    const back = new OutboxWorker(app);
    await back.drainOnce();
    expect(row('post').state).toBe('sent');
    expect(slack.sent.map((m) => m.message.text)).toEqual(['news']);
  });

  it('a stopped server the operator forgets (its platform removed for good): what waits only for it is given up, not held a day', async () => {
    withFakeSender(app, new FakeSender('slack'));
    const worker = new OutboxWorker(app);
    await worker.drainOnce();
    noteStopped(app.db, worker.id, app.clock.now());
    enqueue(app.db, app.clock.now(), { key: 'post', kind: 'test', target: { kind: 'channel', platform: 'slack', channelId: 'C1' }, message: msg('news') });
    const other = new OutboxWorker(webOnly);
    await other.drainOnce();
    expect(row('post').state).toBe('retry');
    // a server the database has not seen: exit 2, naming the servers it has
    const wrong = await cli(['outbox', 'forget-server', 'nohost:1', '--db', app.file]);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain(`no server nohost:1 on this database (its servers: `);
    expect(wrong.err).toContain(worker.id);
    const forgot = await cli(['outbox', 'forget-server', worker.id, '--db', app.file]);
    expect(forgot.code).toBe(0);
    expect(forgot.out).toContain(`forgot server ${worker.id} (slack): messages waiting only for it stop waiting within a minute`);
    // the worker that left it to that server looks at it again after a few of its heartbeats
    app.clock.advance(60_000);
    await other.drainOnce();
    expect(row('post').state).toBe('dead');
    expect(row('post').last_error).toBe('platform slack is not configured');
    expect((await cli(['outbox', 'status', '--db', app.file])).out).toMatch(/dead {2}#\d+ test to C1: platform slack is not configured/);
  });

  it('a server restarted on the same machine with the same platforms takes the place of its stopped row: the list does not grow with each restart', async () => {
    withFakeSender(app, new FakeSender('slack'));
    const first = new OutboxWorker(app);
    await first.drainOnce();
    noteStopped(app.db, first.id, app.clock.now());
    // a killed one (no stop noted) counts once it has not been seen for a while
    app.clock.advance(60_000);
    const second = new OutboxWorker(app);
    await second.drainOnce();
    expect(serversSeen(app.db).map((s) => s.serverId)).toEqual([second.id]);
    app.clock.advance(60_000);
    const third = new OutboxWorker(app);
    await third.drainOnce();
    expect(serversSeen(app.db).map((s) => s.serverId)).toEqual([third.id]);
    // the other server, without Slack, keeps its own row; so do a server on another machine and
    // a server that has not stopped (two on one machine)
    const withoutSlack = new OutboxWorker(webOnly);
    await withoutSlack.drainOnce();
    noteHeartbeat(app.db, 'elsewhere', ['slack'], true, new Date(app.clock.now().getTime() - 3600_000), 'other-host');
    noteStopped(app.db, 'elsewhere', new Date(app.clock.now().getTime() - 3600_000));
    const beside = new OutboxWorker(app);
    await beside.drainOnce();
    expect(serversSeen(app.db).map((s) => s.serverId).sort()).toEqual([third.id, beside.id, withoutSlack.id, 'elsewhere'].sort());
  });

  it('does not put a person\'s message in a web inbox nobody reads while a chat server runs', async () => {
    const slack = withFakeSender(app, new FakeSender('slack'));
    const withSlack = new OutboxWorker(app);
    await withSlack.drainOnce();
    const to = toPerson();

    await new OutboxWorker(webOnly).drainOnce();
    expect(row('invite').state).toBe('retry');
    expect(row('invite').last_error).toMatch(/no chat platform is configured on this server: waiting for a server that sends to slack/);
    expect(readInbox(app.db, [to], 0)).toHaveLength(0);

    app.clock.advance(10_000);
    await withSlack.drainOnce();
    expect(row('invite').state).toBe('sent');
    expect(slack.to(to)).toHaveLength(1);
  });

  it('says so when this server has Teams but no conversation with the person, not that it has no chat platform', async () => {
    withFakeSender(app, new FakeSender('slack'));
    await new OutboxWorker(app).drainOnce();
    // Teams without credentials (the local playground), with no conversation with the person yet
    withFakeSender(webOnly, Object.assign(new FakeSender('teams'), { reaches: () => false, webFallback: true }));
    const to = toPerson();
    await new OutboxWorker(webOnly).drainOnce();
    expect(row('invite').state).toBe('retry');
    expect(row('invite').last_error).toMatch(new RegExp(`^the chat platforms of this server do not reach ${to.replace(/\./g, '\\.')} \\(teams: no conversation with them stored yet\\): waiting for a server that sends to slack`));
    expect(row('invite').last_error).not.toMatch(/no chat platform is configured/);
  });

  it('leaves a person\'s message an attempt on Slack may have reached to the server with Slack, not to the other\'s Teams', async () => {
    const { slack, teams, withSlack, withTeams, to } = await slackTriesFirst((n) => (n === 0 ? { status: 'retry', error: 'Slack answered 503' } : { status: 'sent' }));
    expect(row('invite')).toMatchObject({ state: 'retry', platform: 'slack', attempts: 1 });
    app.clock.advance(60_000);
    await withTeams.drainOnce();
    expect(teams.sent).toHaveLength(0);
    expect(row('invite').last_error).toMatch(/waiting for a server that sends to slack/);
    await withSlack.drainOnce();
    expect(row('invite').state).toBe('sent');
    expect(slack.to(to)).toHaveLength(1);
  });

  it('still gives up a person\'s message no platform reaches when both servers send to Slack', async () => {
    const unreached = Object.assign(new FakeSender('slack'), { reaches: () => false });
    withFakeSender(app, unreached);
    withFakeSender(webOnly, Object.assign(new FakeSender('slack'), { reaches: () => false }));
    await new OutboxWorker(webOnly).drainOnce();
    toPerson();
    await new OutboxWorker(app).drainOnce();
    expect(row('invite').state).toBe('dead');
    expect(row('invite').last_error).toMatch(/^no configured platform can reach/);
  });
  it('leaves a person Slack does not find to the server with Teams, and gives it up only once no such server runs', async () => {
    const notInSlack = () => ({ status: 'dead' as const, unreachable: true, error: 'slack: users_not_found: not in the Slack workspace' });
    const { slack, teams, withSlack, withTeams, to } = await slackTriesFirst(notInSlack);
    expect(row('invite')).toMatchObject({ state: 'retry', attempts: 0, platform: null });
    expect(row('invite').last_error).toMatch(/users_not_found.*: waiting for a server that sends to teams/);
    await withTeams.drainOnce();
    expect(row('invite')).toMatchObject({ state: 'sent', platform: 'teams' });
    expect(teams.to(to)).toHaveLength(1);

    // with no Teams server alive for a day, it is given up as before
    app.clock.advance(25 * 3600_000);
    toPerson('later', 'reminder', to);
    await withSlack.drainOnce();
    expect(row('later').state).toBe('dead');
    expect(row('later').last_error).toMatch(/^slack: users_not_found/);
    expect(slack.sent).toHaveLength(0);
  });
  it('leaves a person Slack is known not to have (looked up before) to the server with Teams', async () => {
    withFakeSender(app, Object.assign(new FakeSender('slack'), { reaches: () => false }));
    const teams = withFakeSender(webOnly, new FakeSender('teams'));
    const withTeams = new OutboxWorker(webOnly);
    await withTeams.drainOnce();
    const to = toPerson();
    await new OutboxWorker(app).drainOnce();
    expect(row('invite').state).toBe('retry');
    expect(row('invite').last_error).toMatch(/^no configured platform can reach .*: waiting for a server that sends to teams/);
    await withTeams.drainOnce();
    expect(row('invite').state).toBe('sent');
    expect(teams.to(to)).toHaveLength(1);
  });
  it('gives up a person neither server\'s platform reaches, instead of handing it back and forth', async () => {
    withFakeSender(app, Object.assign(new FakeSender('slack'), { reaches: () => false }));
    withFakeSender(webOnly, Object.assign(new FakeSender('teams'), { reaches: () => false }));
    const withSlack = new OutboxWorker(app);
    const withTeams = new OutboxWorker(webOnly);
    await withSlack.drainOnce();
    await withTeams.drainOnce();
    toPerson();
    await withSlack.drainOnce();
    expect(row('invite').last_error).toMatch(/waiting for a server that sends to teams/);
    await withTeams.drainOnce();
    expect(row('invite').state).toBe('dead');
    expect(row('invite').last_error).toMatch(/^no configured platform can reach/);
  });
});
