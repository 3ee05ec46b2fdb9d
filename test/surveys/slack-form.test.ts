import { afterEach, describe, expect, it } from 'vitest';
import { MAX_TEXT_ANSWER } from '../../src/surveys/answer.ts';
import { openSurveyFormModal, type Harness } from '../slack/harness.ts';
import { count } from './helpers.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('a survey form in a Slack modal: the free-text limit', () => {
  it('offers at most the characters a survey answer may hold, and a longer text keeps the modal open with the reason under the field', async () => {
    let view: any;
    ({ h, view } = await openSurveyFormModal()); // (the CLI runs on the real clock)
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
