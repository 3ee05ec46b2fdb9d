import { describe, expect, it } from 'vitest';
import { CONVERSATION_WINDOWS, Pacer, type PacerClock } from '../../adapters/teams/pacer.ts';
import { classifyError } from '../../adapters/teams/errors.ts';
import { MAX_RETRY_AFTER_MS, parseRetryAfter } from '../../src/jobs/retry-after.ts';

function fakeClock(): PacerClock & { t: number } {
  const c = {
    t: 0,
    now: () => c.t,
    sleep: async (ms: number) => {
      c.t += ms;
    },
  };
  return c;
}

describe('Teams pacing and error classification', () => {
  it('never sends more than the Teams limits allow to one conversation', async () => {
    const clock = fakeClock();
    const pacer = new Pacer(clock);
    const times: number[] = [];
    await Promise.all(Array.from({ length: 70 }, () => pacer.run('conv-1', async () => times.push(clock.t))));
    expect(times).toHaveLength(70);
    for (const w of CONVERSATION_WINDOWS) {
      for (const t of times) expect(times.filter((x) => x >= t && x < t + w.ms).length).toBeLessThanOrEqual(w.max);
    }
    // 70 messages need more than one 30-second window (60 at most)
    expect(times[69]! - times[0]!).toBeGreaterThanOrEqual(30_000);
  });

  it('paces conversations independently, within the global ceiling', async () => {
    const clock = fakeClock();
    const pacer = new Pacer(clock, CONVERSATION_WINDOWS, [{ ms: 1000, max: 10 }]);
    const times: number[] = [];
    await Promise.all(Array.from({ length: 20 }, (_, i) => pacer.run(`conv-${i}`, async () => times.push(clock.t))));
    expect(times.filter((t) => t < 1000)).toHaveLength(10);
  });

  it('holds a conversation back for its Retry-After after a 429', () => {
    const clock = fakeClock();
    const pacer = new Pacer(clock);
    pacer.coolDown('c', 3000);
    expect(pacer.coolingFor('c')).toBe(3000);
    expect(pacer.coolingFor('other')).toBe(0);
    clock.t = 3000;
    expect(pacer.coolingFor('c')).toBe(0);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2027-01-04T09:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('Mon, 04 Jan 2027 09:00:30 GMT', now)).toBe(30_000);
    // one that asks for years (past what a date holds), or a date that far ahead: an hour at most
    expect(parseRetryAfter('99999999999999', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('Fri, 01 Jan 2100 00:00:00 GMT', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('classifies connector failures for the outbox', () => {
    const err = (statusCode: number, headers: Record<string, string> = {}) => ({ statusCode, message: 'x', response: { headers: { get: (n: string) => headers[n] } } });
    expect(classifyError(err(429, { 'retry-after': '4' }), 0)).toMatchObject({ status: 'retry', retryAfterMs: 4000, cooldownMs: 4000 });
    expect(classifyError(err(429), 0)).toMatchObject({ status: 'retry', retryAfterMs: 5000 });
    expect(classifyError(err(403), 0).status).toBe('dead');
    expect(classifyError(err(404), 0).status).toBe('dead');
    expect(classifyError(err(400), 0).status).toBe('dead');
    expect(classifyError(err(500), 0).status).toBe('retry');
    expect(classifyError(err(503), 0).status).toBe('retry');
    expect(classifyError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 0)).toMatchObject({ status: 'retry' });
  });

  it('a token Microsoft refuses (a wrong app password, id or tenant: MSAL fails before any connector call) is the bot\'s credentials, not Teams being down', () => {
    const msal = (errorCode: string, text: string) => Object.assign(new Error(`${errorCode}: ${text}`), { name: 'ServerError', errorCode });
    for (const e of [msal('invalid_client', 'AADSTS7000215: Invalid client secret provided.'), msal('unauthorized_client', 'AADSTS700016: Application not found in the directory.')]) {
      const c = classifyError(e, 0);
      expect(c).toMatchObject({ status: 'retry', config: true });
      expect((c as { error: string }).error).toMatch(/^the bot could not sign in to Microsoft \(check MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID\): .*AADSTS7/);
    }
    // (Microsoft's sign-in out of reach is no refusal: tried again like any network failure)
    expect(classifyError(Object.assign(new Error('network_error: getaddrinfo ENOTFOUND login.microsoftonline.com'), { errorCode: 'network_error' }), 0)).not.toHaveProperty('config');
  });
});
