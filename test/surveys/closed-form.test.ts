import { afterEach, describe, expect, it } from 'vitest';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addPeople, slackHarness, type Harness } from '../slack/harness.ts';
import { decodeActionId, FORM_ACTION } from '../../adapters/slack/render.ts';
import { cli } from '../doubles/cli.ts';
import { testApp } from '../doubles/app.ts';
import { SurveyRepo } from '../../src/store/survey-repo.ts';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/slack');

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('a closed survey: its form is not opened any more', () => {
  it('Slack: "Fill in" on the invitation of a closed survey says at once that it is closed, without a dialog', async () => {
    h = await slackHarness({ now: new Date().toISOString() });
    addPeople(h.app);
    h.fake.addUser({ id: 'U0ANNA', email: 'anna.muster@example.com', locale: 'en-US' });
    expect((await cli(['survey', 'create', join(FIXTURES, 'survey-form.yaml'), '--db', h.app.file])).code).toBe(0);
    expect((await cli(['survey', 'send', 'slack-form', '--db', h.app.file])).code).toBe(0);
    h.app.clock.advance(1000);
    await h.server.worker.drainOnce();
    const invite = h.fake.messages[0]!;
    const open = (invite.blocks ?? []).filter((b: any) => b.type === 'actions').flatMap((b: any) => b.elements).find((b: any) => decodeActionId(b.action_id) === FORM_ACTION);
    expect((await cli(['survey', 'close', 'slack-form', '--db', h.app.file])).code).toBe(0);

    const res = await h.click(open.action_id, open.value, { ts: invite.ts, channel: invite.channel, responseId: 'closed1' });
    expect(res.status).toBe(200);
    await h.fake.until(() => h!.fake.responses.some((r) => r.id === 'closed1'));
    const told = h.fake.responses.find((r) => r.id === 'closed1')!.body;
    expect(told.text).toMatch(/Diese Umfrage ist bereits geschlossen|This survey has already closed/);
    expect(told.replace_original).toBe(false);
    expect(h.fake.views.filter((v) => v.method === 'views.open')).toEqual([]);
  });

  it('the core: the form of an open survey may be opened, of the same survey once closed not; a form of a feature without a check always', async () => {
    const app = testApp({ now: new Date().toISOString() });
    try {
      addPeople(app);
      expect((await cli(['survey', 'create', join(FIXTURES, 'survey-form.yaml'), '--db', app.file])).code).toBe(0);
      expect((await cli(['survey', 'send', 'slack-form', '--db', app.file])).code).toBe(0);
      const runId = String(new SurveyRepo(app.db).runs('slack-form')[0]!.id);
      const ask = (id: string, value: string) => app.bot.formRefusal({
        platform: 'web',
        person: { platform: 'web', userId: 'anna.muster@example.com' },
        conversation: { platform: 'web', channelId: 'web:anna.muster@example.com', isDirect: true },
        action: { id, value },
        locale: 'en-US',
      });
      expect(ask('survey.submit', runId)).toBeNull();
      expect(ask('no.such.form', 'x')).toBeNull();
      expect((await cli(['survey', 'close', 'slack-form', '--db', app.file])).code).toBe(0);
      const refused = ask('survey.submit', runId);
      expect(refused?.map((m) => m.text)).toEqual(['This survey has already closed. Thank you for your interest!']);
    } finally {
      app.cleanup();
    }
  });
});
