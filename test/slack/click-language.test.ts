import { afterEach, describe, expect, it } from 'vitest';
import { decodeActionId } from '../../adapters/slack/render.ts';
import { buttons, catalogHarness, openSurveyFormModal, type Harness } from './harness.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** Everything the person saw last: a message posted, or the clicked one replaced. */
const lastShown = (h: Harness) => {
  const update = h.fake.callsOf('chat.update').at(-1)?.args;
  return JSON.stringify(update ?? h.fake.messages.at(-1));
};
/** Anna asks `question` in a DM and clicks the area of the overview whose label starts with `label`: the button clicked. */
const clickArea = async (h: Harness, question: string, label: string) => {
  await h.dm(question);
  await h.fake.until(() => h.fake.messages.length === 1);
  const overview = h.fake.messages[0]!;
  const area = buttons(overview.blocks).find((b: any) => b.text.text.startsWith(label));
  expect(area).toBeDefined();
  await h.click(area.action_id, area.value, { ts: overview.ts, channel: overview.channel });
  await h.fake.until(() => h.fake.messages.length === 2 || h.fake.callsOf('chat.update').length === 1);
  return area;
};

describe('Slack: a click is answered in the language of the message clicked', () => {
  it('a German question from an English Slack: the area clicked on the German overview is shown in German', async () => {
    // the default is English, and so is Anna's Slack; the directory has no language for her
    h = await catalogHarness('en-US', { env: { ITBOT_LANG: 'en' } });
    await clickArea(h, 'was bietet die IT?', 'Arbeitsplatz');
    const answer = lastShown(h);
    expect(answer).toContain('Arbeitsplatz: ');
    expect(answer).not.toContain('Workplace');
  });

  it('an English question stays English when clicked, whatever ITBOT_LANG says', async () => {
    h = await catalogHarness('de-CH', { env: { ITBOT_LANG: 'de' } });
    const area = await clickArea(h, 'what does IT offer?', 'Workplace');
    expect(decodeActionId(area.action_id)).toBe('catalog.category');
    expect(lastShown(h)).toContain('Workplace: ');
  });

  it('a survey form answered in a modal is thanked for in the language of the form, not of the Slack client', async () => {
    // Anna has no language in the directory and an English Slack; her invitation, and so its form, is German
    let view: any;
    ({ h, view } = await openSurveyFormModal());
    expect(JSON.stringify(h.fake.messages[0]!.blocks)).toContain('Ausfüllen');
    const [rating, recommend, comment] = view.blocks;
    const before = h.fake.messages.length;
    const res = await h.submit(view.private_metadata, {
      [rating.block_id]: { v: { type: 'radio_buttons', selected_option: rating.element.options[3] } },
      [recommend.block_id]: { v: { type: 'static_select', selected_option: recommend.element.options[8] } },
      [comment.block_id]: { v: { type: 'plain_text_input', value: 'gut' } },
    });
    expect(res.status).toBe(200);
    await h.fake.until(() => h!.fake.messages.length > before || h!.fake.callsOf('chat.update').length === 1);
    const thanks = lastShown(h);
    expect(thanks).toMatch(/Danke/);
    expect(thanks).not.toMatch(/Thank/);
  });
});
