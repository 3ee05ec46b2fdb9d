import { afterEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../doubles/app.ts';
import { newsletterTick } from '../../src/newsletter/issues.ts';
import { importPlan } from '../../src/plan/import.ts';
import { isWorkingTime } from '../../src/jobs/working-hours.ts';
import { HEAD, OWNER, outbox, withPeople, write } from './fixtures.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

const HOUR = 3_600_000;

/** A newsletter on `start` (Zurich), the organisation working Monday to Friday, 08:00-18:00. */
function newsletterOn(start: string) {
  app = testApp({ now: '2027-01-25T07:00:00Z', env: { ITBOT_WORKING_HOURS: 'Mo-Fr 08:00-18:00' } });
  withPeople(app);
  importPlan(app, write(app, 'plan.yaml', `timezone: Europe/Zurich
events:
  - {id: letter, title: {de: IT-Brief, en: IT letter}, kind: newsletter, start: ${start}, duration: PT30M, audience: all, owner: ${OWNER}}
`));
}

/** Ticks every hour from `from` to `to`; the times at which an escalation was queued. */
function tickHourly(from: string, to: string): string[] {
  const at: string[] = [];
  for (let t = Date.parse(from); t < Date.parse(to); t += HOUR) {
    app.clock.set(new Date(t).toISOString());
    if (newsletterTick(app).escalated) at.push(new Date(t).toISOString());
  }
  return at;
}

describe('the escalation of an unapproved draft keeps the working hours', () => {
  it('of a Monday issue comes on the Friday before, not on the Saturday', () => {
    newsletterOn('2027-02-08T08:00'); // Monday 08:00 Zurich (07:00Z); two days before is a Saturday
    expect(tickHourly('2027-02-01T07:00:00Z', '2027-02-08T07:00:00Z')).toEqual(['2027-02-05T07:00:00.000Z']); // Friday 08:00
    const esc = outbox(app, 'newsletter-escalation');
    expect(esc.map((r) => r.target).sort()).toEqual([OWNER, HEAD].sort());
    for (const r of esc) expect(isWorkingTime(new Date((r as unknown as { next_attempt_at: string }).next_attempt_at), 'Europe/Zurich', app.config.workingHours)).toBe(true);
  });

  it('due before working hours open waits for them that morning', () => {
    newsletterOn('2027-02-03T07:00'); // Wednesday 07:00; two days before is Monday 07:00, before the office opens
    expect(tickHourly('2027-01-27T07:00:00Z', '2027-02-03T06:00:00Z')).toEqual(['2027-02-01T07:00:00.000Z']); // Monday 08:00
  });

  it('is never sent outside its reader\'s working hours', () => {
    newsletterOn('2027-02-03T08:00');
    app.clock.set('2027-01-27T07:00:00Z');
    newsletterTick(app);
    // the server was down over the escalation time and comes back at 21:00
    app.clock.set('2027-02-01T20:00:00Z');
    expect(newsletterTick(app).escalated).toBe(1);
    for (const r of outbox(app, 'newsletter-escalation')) {
      expect((r as unknown as { next_attempt_at: string }).next_attempt_at).toBe('2027-02-02T07:00:00.000Z'); // Tuesday 08:00
    }
  });
});
