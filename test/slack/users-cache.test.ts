// users.info answers: kept in memory in front of the database cache, with the same TTL.
import { afterEach, expect, it } from 'vitest';
import { testApp, type TestApp } from '../doubles/app.ts';
import { SlackUsers, USER_TTL_MS } from '../../adapters/slack/users.ts';

let app: TestApp | undefined;
afterEach(() => app?.cleanup());

/** A Web API client with only users.info, counting calls; the locale changes between answers. */
function fakeClient() {
  const calls: string[] = [];
  const client = {
    users: {
      info: async ({ user }: { user: string }) => {
        calls.push(user);
        return { ok: true, user: { id: user, locale: calls.length === 1 ? 'de-CH' : 'en-US', profile: { email: `${user.toLowerCase()}@example.com` } } };
      },
    },
  };
  return { calls, client: client as never };
}

it('asks users.info once per TTL, and again once the answer is older than the TTL', async () => {
  app = testApp();
  const users = new SlackUsers(app);
  const { calls, client } = fakeClient();
  expect(await users.info(client, 'U1')).toEqual({ email: 'u1@example.com', locale: 'de-CH' });
  app.clock.advance(USER_TTL_MS - 1000);
  expect(await users.info(client, 'U1')).toEqual({ email: 'u1@example.com', locale: 'de-CH' });
  expect(calls).toHaveLength(1);
  app.clock.advance(2000);
  expect(await users.info(client, 'U1')).toEqual({ email: 'u1@example.com', locale: 'en-US' });
  expect(calls).toHaveLength(2);
  // the database cache still serves a new process (a restart) without asking Slack
  const restarted = new SlackUsers(app);
  expect(await restarted.info(client, 'U1')).toEqual({ email: 'u1@example.com', locale: 'en-US' });
  expect(calls).toHaveLength(2);
});

it('keeps the Slack time zone (as the time zone database spells it) across a restart; a zone it does not know is left out', async () => {
  app = testApp();
  const zones: Record<string, string> = { U1: 'america/new_york', U2: 'Mars/Olympus_Mons' };
  const client = {
    users: { info: async ({ user }: { user: string }) => ({ ok: true, user: { id: user, tz: zones[user], locale: 'en-US', profile: { email: `${user}@example.com` } } }) },
  } as never;
  const users = new SlackUsers(app);
  expect((await users.info(client, 'U1')).tz).toBe('America/New_York');
  expect((await users.info(client, 'U2')).tz).toBeUndefined();
  const restarted = new SlackUsers(app);
  expect(await restarted.info({} as never, 'U1')).toEqual({ email: 'U1@example.com', locale: 'en-US', tz: 'America/New_York' });
});
