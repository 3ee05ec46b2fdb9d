import { afterEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../doubles/app.ts';
import { issuePeriod } from '../../src/newsletter/issues.ts';
import { importPlan } from '../../src/plan/import.ts';
import { OWNER, withPeople, write } from './fixtures.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

const event = (id: string, rrule: string) => `  - id: ${id}
    title: {de: Newsletter ${id}, en: Newsletter ${id}}
    kind: newsletter
    rrule: "${rrule}"
    start: 2027-02-03T08:00
    duration: PT30M
    audience: all
    channels: {slack: C0NEWS}
    owner: ${OWNER}
`;

describe('what one issue covers (the Skip button says "this week", "this month" or "this issue")', () => {
  it('reads the rule as the plan expands it', () => {
    app = testApp();
    withPeople(app);
    importPlan(app, write(app, 'plan.yaml', `timezone: Europe/Zurich
events:
${event('weekly', 'FREQ=WEEKLY;BYDAY=WE')}${event('monthly', 'FREQ=MONTHLY;BYDAY=1WE')}${event('fortnightly', 'FREQ=WEEKLY;INTERVAL=2')}${event('every-one-week', 'FREQ=WEEKLY;INTERVAL=01')}${event('daily', 'FREQ=DAILY')}${event('quarterly', 'FREQ=MONTHLY;INTERVAL=3;BYDAY=1WE')}`));
    const period = (id: string | null) => issuePeriod(app, { event_id: id });
    expect(period('weekly')).toBe('week');
    expect(period('monthly')).toBe('month');
    expect(period('fortnightly')).toBe('issue');
    // INTERVAL=01 is every week, as the plan sends it
    expect(period('every-one-week')).toBe('week');
    expect(period('daily')).toBe('issue');
    expect(period('quarterly')).toBe('issue');
    expect(period(null)).toBe('issue');
    expect(period('no-such-event')).toBe('issue');
  });
});
