import { afterEach, describe, expect, it } from 'vitest';
import { SlackRepo } from '../../src/store/slack-repo.ts';
import { slackHarness, type Harness } from './harness.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const DAY = 24 * 3600_000;

describe('Slack: the forms and long values behind buttons are not kept for ever', () => {
  it('forgets those no message carried for half a year, keeps the others (a form posted again counts from then)', async () => {
    h = await slackHarness({ adapter: { inboxSweepMs: 20 } });
    const repo = new SlackRepo(h.app.db);
    const start = h.app.clock.now().getTime();
    const old = repo.putPayload({ form: 'old' }, new Date(start - 200 * DAY));
    const renewed = repo.putPayload({ form: 'renewed' }, new Date(start - 200 * DAY));
    repo.putPayload({ form: 'renewed' }, new Date(start - 10 * DAY));
    const recent = repo.putPayload({ form: 'recent' }, new Date(start - 100 * DAY));
    // (the cleanup runs hourly with the inbox's sweep)
    h.app.clock.set(new Date(start + 2 * 3600_000));
    await h.fake.until(() => repo.payload(old) === null);
    expect(repo.payload(renewed)).toEqual({ form: 'renewed' });
    expect(repo.payload(recent)).toEqual({ form: 'recent' });
  });
});
