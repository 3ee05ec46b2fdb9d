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

/**
 * Ben's reminder for the jour fixe, Skip clicked on it, its reason's form opened from "Fill in" and
 * submitted with `reason`: the reminder, the question for the reason and its "Fill in" button.
 */
async function skipWithReason(hh: Harness, reason: string) {
  addPeople(hh.app);
  hh.fake.addUser({ id: 'U0BEN', email: 'ben.beispiel@example.com', locale: 'en-US' });
  importYaml(hh.app, PLAN);
  await new PlanScheduler(hh.app).tick();
  await hh.server.worker.drainOnce();
  const reminder = hh.fake.messages.find((m) => m.channel === 'D0BEN')!;
  expect(actionsOf(reminder.blocks)).toEqual(['plan.done', 'plan.skip', 'plan.snooze']);
  const skip = buttons(reminder.blocks).find((b: any) => decodeActionId(b.action_id) === 'plan.skip');

  await hh.click(skip.action_id, skip.value, { user: 'U0BEN', ts: reminder.ts, channel: reminder.channel });
  // the question for the reason, with its "Fill in" (wherever it is shown)
  await hh.fake.until(() => [...hh.fake.messages.slice(1), ...hh.fake.callsOf('chat.update').map((c) => c.args)].some((m) => actionsOf(m.blocks).includes(FORM_ACTION)));
  const ask = [...hh.fake.messages.slice(1), ...hh.fake.callsOf('chat.update').map((c) => c.args)].find((m) => actionsOf(m.blocks).includes(FORM_ACTION))!;
  // (Skip clicked by mistake: the question, in the reminder's place, still offers Done for the same occurrence)
  const doneHere = buttons(ask.blocks).find((b: any) => decodeActionId(b.action_id) === 'plan.done');
  expect(doneHere?.value).toBe(buttons(reminder.blocks).find((b: any) => decodeActionId(b.action_id) === 'plan.done').value);
  const fill = buttons(ask.blocks).find((b: any) => decodeActionId(b.action_id) === FORM_ACTION);
  await hh.click(fill.action_id, fill.value, { user: 'U0BEN', ts: ask.ts, channel: ask.channel });
  await hh.fake.until(() => hh.fake.views.length === 1);
  const view = hh.fake.views[0]!.view;
  await hh.submit(view.private_metadata, { [view.blocks[0].block_id]: { v: { type: 'plain_text_input', value: reason } } }, { user: 'U0BEN' });
  await hh.fake.until(() => new PlanRepo(hh.app.db).occurrence('jf-finance', '2027-03-02T09:00')?.state === 'skipped');
  return { reminder, ask, fill };
}

describe('Slack: Skip on a plan reminder', () => {
  it('once the reason is submitted, the reminder card itself says it was skipped, with the reason, and offers no buttons', async () => {
    h = await slackHarness({ now: '2027-02-23T08:30:00Z' });
    const { reminder } = await skipWithReason(h, 'Team offsite');

    // the original reminder (its ts) is replaced: skipped, the reason, no Done / Skip / Snooze
    await h.fake.until(() => h!.fake.callsOf('chat.update').some((c) => c.args.ts === reminder.ts && /Team offsite/.test(c.args.text)));
    const last = h.fake.callsOf('chat.update').filter((c) => c.args.ts === reminder.ts).at(-1)!.args;
    expect(last.channel).toBe(reminder.channel);
    expect(last.text).toMatch(/skipped/i);
    expect(last.text).toContain('Team offsite');
    expect(actionsOf(last.blocks)).toEqual([]);
  });

  it('"Fill in" clicked again after the skip says it is recorded, with the reason shown as typed: no mention, link or formatting', async () => {
    h = await slackHarness({ now: '2027-02-23T08:30:00Z' });
    const reason = '<!channel> see <https://evil.example|the plan> *now* & more';
    const { ask, fill } = await skipWithReason(h, reason);
    await h.click(fill.action_id, fill.value, { user: 'U0BEN', ts: ask.ts, channel: ask.channel, responseId: 'again' });
    await h.fake.until(() => h!.fake.responses.some((r) => r.id === 'again'));
    const told = h.fake.responses.find((r) => r.id === 'again')!.body;
    expect(told.text).toMatch(/already recorded as skipped/);
    // Slack reads the text of a message without blocks as mrkdwn, and each block's text too
    for (const text of [told.text, ...told.blocks.map((b: any) => b.text.text)]) {
      expect(text).toContain('&lt;!channel&gt; see &lt;https://evil.example|the plan&gt;');
      expect(text).not.toMatch(/<!channel>|<https:/);
    }
    expect(told.blocks.map((b: any) => b.text.text).join('')).not.toContain('*now*');
    expect(h.fake.views).toHaveLength(1);
  });
});
