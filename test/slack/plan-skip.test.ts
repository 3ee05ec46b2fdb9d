import { afterEach, describe, expect, it } from 'vitest';
import { decodeActionId, FORM_ACTION } from '../../adapters/slack/render.ts';
import { PlanScheduler } from '../../src/plan/scheduler.ts';
import { PlanRepo } from '../../src/store/plan-repo.ts';
import { importYaml } from '../plan/helpers.ts';
import { addPeople, buttons, slackHarness, type Harness } from './harness.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const PLAN = `timezone: Europe/Zurich
events:
  - id: jf-finance
    title: {de: Jour fixe mit den Finanzen, en: Jour-fixe with Finance}
    kind: jour-fixe
    start: 2027-03-02T09:00
    duration: PT1H
    audience: department:Finance
    owner: ben.beispiel@example.com
    reminders: [P7D]
`;

const actionsOf = (blocks: any[] | undefined) => buttons(blocks).map((b: any) => decodeActionId(b.action_id));

describe('Slack: Skip on a plan reminder', () => {
  it('once the reason is submitted, the reminder card itself says it was skipped, with the reason, and offers no buttons', async () => {
    h = await slackHarness({ now: '2027-02-23T08:30:00Z' });
    addPeople(h.app);
    h.fake.addUser({ id: 'U0BEN', email: 'ben.beispiel@example.com', locale: 'en-US' });
    importYaml(h.app, PLAN);
    await new PlanScheduler(h.app).tick();
    await h.server.worker.drainOnce();
    const reminder = h.fake.messages.find((m) => m.channel === 'D0BEN')!;
    expect(actionsOf(reminder.blocks)).toEqual(['plan.done', 'plan.skip', 'plan.snooze']);
    const skip = buttons(reminder.blocks).find((b: any) => decodeActionId(b.action_id) === 'plan.skip');

    await h.click(skip.action_id, skip.value, { user: 'U0BEN', ts: reminder.ts, channel: reminder.channel });
    // the question for the reason, with its "Fill in" (wherever it is shown)
    await h.fake.until(() => [...h!.fake.messages.slice(1), ...h!.fake.callsOf('chat.update').map((c) => c.args)].some((m) => actionsOf(m.blocks).includes(FORM_ACTION)));
    const ask = [...h.fake.messages.slice(1), ...h.fake.callsOf('chat.update').map((c) => c.args)].find((m) => actionsOf(m.blocks).includes(FORM_ACTION))!;
    // (Skip clicked by mistake: the question, in the reminder's place, still offers Done for the same occurrence)
    const doneHere = buttons(ask.blocks).find((b: any) => decodeActionId(b.action_id) === 'plan.done');
    expect(doneHere?.value).toBe(buttons(reminder.blocks).find((b: any) => decodeActionId(b.action_id) === 'plan.done').value);
    const fill = buttons(ask.blocks).find((b: any) => decodeActionId(b.action_id) === FORM_ACTION);
    await h.click(fill.action_id, fill.value, { user: 'U0BEN', ts: ask.ts, channel: ask.channel });
    await h.fake.until(() => h!.fake.views.length === 1);
    const view = h.fake.views[0]!.view;
    await h.submit(view.private_metadata, { [view.blocks[0].block_id]: { v: { type: 'plain_text_input', value: 'Team offsite' } } }, { user: 'U0BEN' });
    await h.fake.until(() => new PlanRepo(h!.app.db).occurrence('jf-finance', '2027-03-02T09:00')?.state === 'skipped');

    // the original reminder (its ts) is replaced: skipped, the reason, no Done / Skip / Snooze
    await h.fake.until(() => h!.fake.callsOf('chat.update').some((c) => c.args.ts === reminder.ts && /Team offsite/.test(c.args.text)));
    const last = h.fake.callsOf('chat.update').filter((c) => c.args.ts === reminder.ts).at(-1)!.args;
    expect(last.channel).toBe(reminder.channel);
    expect(last.text).toMatch(/skipped/i);
    expect(last.text).toContain('Team offsite');
    expect(actionsOf(last.blocks)).toEqual([]);
  });
});
