import { afterEach, describe, expect, it } from 'vitest';
import { slackHarness, type Harness } from './harness.ts';

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
    expect(JSON.stringify(body.blocks)).toMatch(/What I can do for you|Was ich für dich tun kann/);
  });
});
