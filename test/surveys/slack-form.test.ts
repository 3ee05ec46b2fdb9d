import { afterEach, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { decodeActionId, FORM_ACTION } from '../../adapters/slack/render.ts';
import { MAX_TEXT_ANSWER } from '../../src/surveys/answer.ts';
import { cli } from '../doubles/cli.ts';
import { addPeople, slackHarness, type Harness } from '../slack/harness.ts';
import { count } from './helpers.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const fixturePath = (name: string) => fileURLToPath(new URL(`../fixtures/slack/${name}`, import.meta.url));
const buttons = (blocks: any[] | undefined) => (blocks ?? []).filter((b) => b.type === 'actions').flatMap((b) => b.elements);

describe('a survey form in a Slack modal: the free-text limit', () => {
  it('offers at most the characters a survey answer may hold, and a longer text keeps the modal open with the reason under the field', async () => {
    h = await slackHarness({ now: new Date().toISOString() }); // the CLI runs on the real clock
    addPeople(h.app);
    h.fake.addUser({ id: 'U0ANNA', email: 'anna.muster@example.com', locale: 'en-US' });
    expect((await cli(['survey', 'create', fixturePath('survey-form.yaml'), '--db', h.app.file])).code).toBe(0);
    expect((await cli(['survey', 'send', 'slack-form', '--db', h.app.file])).code).toBe(0);
    h.app.clock.advance(1000);
    await h.server.worker.drainOnce();
    const invite = h.fake.messages[0]!;
    const open = buttons(invite.blocks).find((b: any) => decodeActionId(b.action_id) === FORM_ACTION);
    await h.click(open.action_id, open.value, { ts: invite.ts, channel: invite.channel });
    await h.fake.until(() => h!.fake.views.length === 1);
    const { view } = h.fake.views[0]!;
    const [rating, recommend, comment] = view.blocks;
    expect(comment.element.type).toBe('plain_text_input');
    expect(comment.element.max_length).toBe(MAX_TEXT_ANSWER);

    const state = (text: string) => ({
      [rating.block_id]: { v: { type: 'radio_buttons', selected_option: rating.element.options[3] } },
      [recommend.block_id]: { v: { type: 'static_select', selected_option: recommend.element.options[8] } },
      [comment.block_id]: { v: { type: 'plain_text_input', value: text } },
    });
    const res = await h.submit(view.private_metadata, state('x'.repeat(MAX_TEXT_ANSWER + 1)));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      response_action: 'errors',
      errors: { [comment.block_id]: `Höchstens ${MAX_TEXT_ANSWER} Zeichen (jetzt ${MAX_TEXT_ANSWER + 1}). Bitte kürzen Sie den Text.` }, // the form's language: the invitation's, the CLI's default (Anna has none in the directory)
    });
    expect(count(h.app, 'SELECT count(*) AS n FROM survey_participation')).toBe(0);

    // shortened to the limit, it is taken
    const ok = await h.submit(view.private_metadata, state('y'.repeat(MAX_TEXT_ANSWER)));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('');
    await h.fake.until(() => count(h!.app, 'SELECT count(*) AS n FROM survey_participation') === 1);
    expect(count(h.app, "SELECT count(*) AS n FROM survey_answers WHERE question_id = 'comment' AND length(value) = ?", MAX_TEXT_ANSWER)).toBe(1);
  });
});
