import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postActivity, teamsActivity } from '../doubles/fake-connector.ts';
import { features } from '../../src/features.ts';
import { PlanRepo } from '../../src/store/plan-repo.ts';
import { importYaml } from '../plan/helpers.ts';
import { cardButtons, rig, type Rig } from './helpers.ts';

const alex = { id: '29:alex', aadObjectId: 'aad-alex', name: 'Alex Wilber', email: 'alex@example.com' };
const OCC = 'jf-finance|2027-03-02T09:00';
const PLAN = `timezone: Europe/Zurich
events:
  - id: jf-finance
    title: {de: Jour fixe mit den Finanzen, en: Jour-fixe with Finance}
    kind: jour-fixe
    start: 2027-03-02T09:00
    duration: PT1H
    audience: all
    owner: alex@example.com
    reminders: [P7D]
`;

/** The itbot actions of a card's buttons (Action.Submit / Action.Execute data). */
const actions = (activity: any): string[] => cardButtons(activity).flatMap((b) => (b.data?.itbot?.action ? [b.data.itbot.action] : []));

describe('Teams: Skip on a plan reminder card', () => {
  let r: Rig;
  beforeEach(async () => {
    r = await rig({ features });
    r.connector.members.set(alex.id, alex);
    r.app.people.upsert({
      email: 'alex@example.com', name: 'Alex Wilber', department: null, manager: false, language: null,
      timezone: null, slackUserId: null, teamsUserId: null, vip: false,
    });
    importYaml(r.app, PLAN);
  });
  afterEach(async () => r.close());

  it('once the reason is submitted, the reminder card is updated: skipped, with the reason, without Done / Skip / Snooze', async () => {
    await postActivity(r.server.url, teamsActivity(r.connector.url, { user: alex, replyToId: 'reminder-1', value: { itbot: { action: 'plan.skip', value: OCC } } }));
    // the question for the reason: the card it is on (the reminder updated, or a new message)
    const put = r.connector.calls.filter((c) => c.method === 'PUT');
    const formOn = put.find((c) => actions(c.body).includes('plan.skip.submit'))?.activityId ?? 'reason-form';
    const asked = [...put.map((c) => c.body), ...r.connector.sent()];
    expect(asked.some((a) => actions(a).includes('plan.skip.submit'))).toBe(true);

    await postActivity(r.server.url, teamsActivity(r.connector.url, {
      user: alex, replyToId: formOn, value: { itbot: { action: 'plan.skip.submit', value: OCC }, 'in.reason': 'Team offsite' },
    }));
    expect(new PlanRepo(r.app.db).occurrence('jf-finance', '2027-03-02T09:00')?.state).toBe('skipped');
    const updates = r.connector.calls.filter((c) => c.method === 'PUT' && c.activityId === 'reminder-1');
    expect(updates.length).toBeGreaterThan(0);
    const last = JSON.stringify(updates.at(-1)!.body);
    expect(last).toContain('Team offsite');
    expect(last).toMatch(/skipped/i);
    expect(actions(updates.at(-1)!.body)).toEqual([]);
  });

  it('a hand-made submit with a reason over 500 characters is refused with a message, and nothing is recorded', async () => {
    await postActivity(r.server.url, teamsActivity(r.connector.url, {
      user: alex, replyToId: 'reminder-1', value: { itbot: { action: 'plan.skip.submit', value: OCC }, 'in.reason': 'z'.repeat(600) },
    }));
    expect(new PlanRepo(r.app.db).occurrence('jf-finance', '2027-03-02T09:00')).toBeNull();
    const shown = JSON.stringify([...r.connector.calls.filter((c) => c.method === 'PUT').map((c) => c.body), ...r.connector.sent()]);
    expect(shown).toMatch(/The reason is too long: 600 characters, at most 500 are possible/);
    expect(shown).not.toMatch(/zzzz/);
  });
});
