import { afterEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../doubles/app.ts';
import { planFeature } from '../../src/plan/feature.ts';
import { peopleFeature } from '../../src/people/feature.ts';
import { planReport } from '../../src/plan/report.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

describe('the demo plan', () => {
  it('comes with a year of history: done and skipped up to a week ago, a few overdue since, not a red year', async () => {
    app = testApp({ now: '2026-11-27T10:00:00Z' });
    await peopleFeature.demo!(app);
    await planFeature.demo!(app);
    const total = planReport(app, 2026).rows.reduce((s, r) => ({ planned: s.planned + r.planned, done: s.done + r.done, skipped: s.skipped + r.skipped, overdue: s.overdue + r.overdue }), { planned: 0, done: 0, skipped: 0, overdue: 0 });
    expect(total.done).toBeGreaterThan(total.planned / 2);
    expect(total.skipped).toBeGreaterThan(0);
    expect(total.overdue).toBeGreaterThan(0);
    expect(total.overdue).toBeLessThan(total.planned / 10);
    // (loading the demo again records nothing twice)
    await planFeature.demo!(app);
    expect(planReport(app, 2026).rows.reduce((s, r) => s + r.done, 0)).toBe(total.done);
  });
});
