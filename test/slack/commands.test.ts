import { afterEach, describe, expect, it } from 'vitest';
import { fixture, slackHarness, type Harness } from './harness.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('Slack slash commands: every command Slack sends the app is answered', () => {
  it('answers a command the workspace registered under another name (/frag-die-it) as /it', async () => {
    h = await slackHarness();
    const res = await h.command('help', { command: '/frag-die-it' });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.response_type).toBe('ephemeral');
    expect(JSON.stringify(body.blocks)).toMatch(/What I can do for you|Was ich für Sie tun kann/);
  });

  it('the App Home names the command as the workspace named it, once one came in', async () => {
    h = await slackHarness();
    h.fake.addUser({ id: 'U0ANNA', email: 'anna.muster@example.com', locale: 'en-US' });
    await h.command('help', { command: '/frag-die-it' });
    await h.event(fixture('app-home-opened'));
    await h.fake.until(() => h!.fake.views.length === 1);
    const home = JSON.stringify(h.fake.views[0]!.view.blocks);
    expect(home).toContain('type /frag-die-it followed by your question');
    expect(home).not.toContain('type /it ');
  });
});

/** A signed interactivity payload (form-encoded, as Slack posts it). */
const interactive = (hh: Harness, payload: unknown) => hh.post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded');

describe('Slack payloads the bot has no use for are acknowledged at once, not left to fail', () => {
  const user = { id: 'U0ANNA', username: 'anna', team_id: 'T0001' };

  it('a global shortcut is acknowledged and the person gets help by DM', async () => {
    h = await slackHarness();
    h.fake.addUser({ id: 'U0ANNA', email: 'anna.muster@example.com', locale: 'en-US' });
    const res = await interactive(h, { type: 'shortcut', callback_id: 'ask_it', trigger_id: 'trigger-sc1', action_ts: '1767517300.000001', team: { id: 'T0001' }, user });
    expect(res.status).toBe(200);
    await h.fake.until(() => h!.fake.messages.length === 1);
    expect(h.fake.messages[0]).toMatchObject({ channel: 'D0ANNA' });
    expect(JSON.stringify(h.fake.messages[0]!.blocks)).toMatch(/What I can do for you/);
  });

  it('a message shortcut is acknowledged and the person gets help by DM, never in the channel', async () => {
    h = await slackHarness();
    h.fake.addUser({ id: 'U0ANNA', email: 'anna.muster@example.com', locale: 'de-CH' });
    const res = await interactive(h, {
      type: 'message_action', callback_id: 'ask_it', trigger_id: 'trigger-sc2', action_ts: '1767517300.000002', message_ts: '1767517200.000100',
      team: { id: 'T0001' }, user, channel: { id: 'C0GENERAL', name: 'general' }, message: { type: 'message', user: 'U0BEN', ts: '1767517200.000100', text: 'VPN?' },
      response_url: h.fake.responseUrl('sc2'),
    });
    expect(res.status).toBe(200);
    await h.fake.until(() => h!.fake.messages.length === 1);
    expect(h.fake.messages[0]).toMatchObject({ channel: 'D0ANNA' });
    expect(JSON.stringify(h.fake.messages[0]!.blocks)).toMatch(/Was ich für Sie tun kann/);
  });

  it('a menu asking for its options (block_suggestion) and a dialog of another app closed get an empty answer at once', async () => {
    h = await slackHarness();
    const suggestion = await interactive(h, { type: 'block_suggestion', action_id: 'x', block_id: 'b', value: 'vp', team: { id: 'T0001' }, user, container: { type: 'view', view_id: 'V1' } });
    expect(suggestion.status).toBe(200);
    expect(await suggestion.json()).toEqual({ options: [] });
    const closed = await interactive(h, { type: 'view_closed', team: { id: 'T0001' }, user, view: { id: 'V2', callback_id: 'other', type: 'modal', private_metadata: '', state: { values: {} }, hash: 'h' }, is_cleared: false });
    expect(closed.status).toBe(200);
    const submitted = await interactive(h, { type: 'view_submission', team: { id: 'T0001' }, user, view: { id: 'V3', callback_id: 'other', type: 'modal', private_metadata: '', state: { values: {} }, hash: 'h' } });
    expect(submitted.status).toBe(200);
  });

  it('the legacy payloads of old-style message buttons and dialogs are acknowledged at once, with nothing posted', async () => {
    h = await slackHarness();
    const legacy = { team: { id: 'T0001' }, user, channel: { id: 'C0GENERAL', name: 'general' }, action_ts: '1767517300.000003', response_url: h.fake.responseUrl('legacy'), token: 'x' };
    const payloads = [
      { type: 'interactive_message', callback_id: 'old_buttons', actions: [{ name: 'pick', type: 'button', value: '1' }], attachment_id: '1', message_ts: '1767517200.000100', trigger_id: 'trigger-l1', ...legacy },
      { type: 'dialog_submission', callback_id: 'old_dialog', state: '', submission: { field: 'x' }, ...legacy },
    ];
    for (const p of payloads) {
      const res = await interactive(h, p);
      expect(res.status, p.type).toBe(200);
      expect(await res.text(), p.type).toBe('');
    }
    expect(h.fake.messages).toEqual([]);
  });
});
