import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const manifest = parse(readFileSync(new URL('../../manifests/slack/manifest.yml', import.meta.url), 'utf8'));

describe('Slack app manifest', () => {
  it('creates the bot user, /it, the events, interactivity and the App Home on the one URL', () => {
    expect(manifest.features.bot_user.display_name).toBeTruthy();
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
    const it = manifest.features.slash_commands.find((c: any) => c.command === '/it');
    expect(it.url).toMatch(/\/slack\/events$/);
    expect(manifest.settings.event_subscriptions.request_url).toMatch(/\/slack\/events$/);
    expect(manifest.settings.interactivity).toMatchObject({ is_enabled: true });
    expect(manifest.settings.interactivity.request_url).toBe(manifest.settings.event_subscriptions.request_url);
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual(['app_home_opened', 'app_mention', 'message.im']);
  });

  it('asks for the scopes of every Web API method the adapter calls', () => {
    const scopes: string[] = manifest.oauth_config.scopes.bot;
    for (const s of ['chat:write', 'commands', 'app_mentions:read', 'im:history', 'im:write', 'users:read', 'users:read.email', 'channels:history']) {
      expect(scopes).toContain(s);
    }
  });

  it('keeps within Slack\'s manifest text limits', () => {
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
    const long = manifest.display_information.long_description.length;
    expect(long).toBeGreaterThanOrEqual(175);
    expect(long).toBeLessThanOrEqual(4000);
  });
});
