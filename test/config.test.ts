import { describe, it, expect } from 'vitest';
import express from 'express';
import { loadConfig } from '../src/config.ts';
import { trustProxySetting } from '../src/client-address.ts';

describe('configuration', () => {
  it('has defaults that start the bot without any platform', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3978);
    expect(c.ITBOT_LANG).toBe('de');
    expect(c.ITBOT_TIMEZONE).toBe('Europe/Zurich');
    expect(c.ITBOT_HOST).toBe('127.0.0.1');
    expect(c.slackEnabled).toBe(false);
    expect(c.teamsAuth).toBe(false);
    expect(c.workingHours.days[1]).toEqual([[480, 1080]]);
    expect(c.workingHours.days[0]).toEqual([]);
  });

  it('reads a setting given empty (PORT= in a compose file or unit) as not given: its default, not port 0 or every interface', () => {
    const blank = { PORT: '', ITBOT_HOST: ' ', ITBOT_LANG: '', ITBOT_TIMEZONE: '', ITBOT_WORKING_HOURS: ' ', ITBOT_CATCHUP: '', ITBOT_LOG_LEVEL: '', MICROSOFT_APP_TYPE: '' };
    const c = loadConfig(blank);
    const d = loadConfig({});
    expect(c.PORT).toBe(3978);
    expect(c.ITBOT_HOST).toBe('127.0.0.1');
    expect(c.ITBOT_LANG).toBe('de');
    expect(c.ITBOT_TIMEZONE).toBe('Europe/Zurich');
    expect(c.workingHours).toEqual(d.workingHours);
    expect(c.ITBOT_CATCHUP).toBe(d.ITBOT_CATCHUP);
    expect(c.MICROSOFT_APP_TYPE).toBe(d.MICROSOFT_APP_TYPE);
  });

  const bad: Array<[Record<string, string>, RegExp]> = [
    [{ PORT: 'abc' }, /^configuration: PORT: /],
    [{ PORT: '70000' }, /^configuration: PORT: /],
    [{ ITBOT_LANG: 'fr' }, /^configuration: ITBOT_LANG: .*got "fr"/],
    [{ ITBOT_TIMEZONE: 'Mars/Olympus' }, /^configuration: ITBOT_TIMEZONE: not an IANA time zone/],
    [{ ITBOT_WORKING_HOURS: 'weekdays 9 to 5' }, /^configuration: ITBOT_WORKING_HOURS: /],
    [{ ITBOT_WORKING_HOURS: 'Mo-Fr 18:00-08:00' }, /^configuration: ITBOT_WORKING_HOURS: .*end must be after/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, /^configuration: SLACK_SIGNING_SECRET: /],
    [{ SLACK_SIGNING_SECRET: 's' }, /^configuration: SLACK_BOT_TOKEN: /],
    [{ SLACK_BOT_TOKEN: 'x', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: 'ftp://x' }, /^configuration: SLACK_API_URL: /],
    [{ MICROSOFT_APP_ID: 'id' }, /^configuration: MICROSOFT_APP_PASSWORD: /],
    [{ MICROSOFT_APP_ID: 'id', MICROSOFT_APP_PASSWORD: 'p', MICROSOFT_APP_TYPE: 'SingleTenant' }, /^configuration: MICROSOFT_APP_TENANT_ID: /],
    [{ MICROSOFT_APP_TYPE: 'Weird' }, /^configuration: MICROSOFT_APP_TYPE: /],
    [{ ITBOT_CATCHUP: 'banana' }, /^configuration: ITBOT_CATCHUP: must be an ISO-8601 duration/],
    [{ ITBOT_ADMINS: 'a@x.ch, notanemail' }, /^configuration: ITBOT_ADMINS: /],
    [{ ITBOT_PUBLIC_URL: 'notaurl' }, /^configuration: ITBOT_PUBLIC_URL: /],
    [{ ITBOT_WEBCHAT_OPEN: 'yes' }, /^configuration: ITBOT_WEBCHAT_OPEN: must be true or false/],
    [{ ITBOT_LOG_LEVEL: 'loud' }, /^configuration: ITBOT_LOG_LEVEL: /],
    [{ ITBOT_LOG_FORMAT: 'xml' }, /^configuration: ITBOT_LOG_FORMAT: /],
    [{ ITBOT_TRUST_PROXY: 'yes' }, /^configuration: ITBOT_TRUST_PROXY: must be true, false, a number/],
    [{ ITBOT_TRUST_PROXY: '10.0.0.300' }, /^configuration: ITBOT_TRUST_PROXY: /],
    [{ ITBOT_TRUST_PROXY: 'loopback, 10.0.0.0/33' }, /^configuration: ITBOT_TRUST_PROXY: /],
  ];
  for (const [env, re] of bad) {
    it(`rejects ${JSON.stringify(env)} naming the setting`, () => {
      expect(() => loadConfig(env)).toThrow(re);
    });
  }

  it('takes ITBOT_TRUST_PROXY in the forms of express\'s trust proxy setting, and trusts no proxy by default', () => {
    expect(trustProxySetting(loadConfig({}).ITBOT_TRUST_PROXY)).toBe(false);
    expect(trustProxySetting(loadConfig({ ITBOT_TRUST_PROXY: 'false' }).ITBOT_TRUST_PROXY)).toBe(false);
    expect(trustProxySetting(loadConfig({ ITBOT_TRUST_PROXY: 'true' }).ITBOT_TRUST_PROXY)).toBe(true);
    expect(trustProxySetting(loadConfig({ ITBOT_TRUST_PROXY: '2' }).ITBOT_TRUST_PROXY)).toBe(2);
    const list = trustProxySetting(loadConfig({ ITBOT_TRUST_PROXY: 'loopback, 10.0.0.0/8,192.168.1.0/255.255.255.0, fd00::1' }).ITBOT_TRUST_PROXY);
    expect(list).toBe('loopback,10.0.0.0/8,192.168.1.0/255.255.255.0,fd00::1');
    // what the check lets through, express takes as well
    for (const v of [false, true, 2, list]) expect(() => express().set('trust proxy', v)).not.toThrow();
  });

  it('reads working hours with several groups and day lists', () => {
    const c = loadConfig({ ITBOT_WORKING_HOURS: 'Mo,We 07:30-12:00; Sa 09:00-11:00' });
    expect(c.workingHours.days[1]).toEqual([[450, 720]]);
    expect(c.workingHours.days[3]).toEqual([[450, 720]]);
    expect(c.workingHours.days[2]).toEqual([]);
    expect(c.workingHours.days[6]).toEqual([[540, 660]]);
  });
});
