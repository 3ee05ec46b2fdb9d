import { formValues, type Block, type FormInput, type Lang } from '../../src/chat/model.ts';
import { clipPlain } from '../../src/chat/clip.ts';
import { slackTexts as t } from './texts.ts';

type FormBlock = Extract<Block, { type: 'form' }>;

/** What the renderer stored for a form button: the neutral form, its language, the message header. */
export interface StoredForm {
  form: FormBlock;
  lang: Lang;
  title?: string;
}

/** Where the form's message lives, so the answer goes back there (kept in private_metadata). */
export interface FormOrigin {
  /** the stored form's key */
  f: string;
  /** channel, thread and message of the button (none for a button on a message only the person sees) */
  c?: string;
  t?: string;
  m?: string;
  /** set when the button was on the App Home, which is published again after the answer */
  h?: 1;
}

export const FORM_CALLBACK = 'itbot_form';
const MODAL_LIMITS = { title: 24, button: 24, label: 2000, option: 75, options: 100, blocks: 100, placeholder: 150, textMax: 3000 };
/** Radio buttons and check boxes take at most 10 options; longer lists (NPS 0..10) use menus. */
const INLINE_OPTIONS = 10;

const plain = (text: string, max: number) => ({ type: 'plain_text', text: clipPlain(text, max) || ' ', emoji: true });

/** The most characters a text input takes: what the core accepts, within Slack's own limit. */
function textMax(input: FormInput): number {
  return Math.min(input.maxLength ?? MODAL_LIMITS.textMax, MODAL_LIMITS.textMax);
}

function element(input: FormInput): Record<string, unknown> {
  const initial = Array.isArray(input.initial) ? input.initial : input.initial !== undefined ? [input.initial] : [];
  if (input.kind === 'text') {
    const el: Record<string, unknown> = { type: 'plain_text_input', action_id: 'v', multiline: true, max_length: textMax(input) };
    if (initial[0]) el.initial_value = clipPlain(initial[0], textMax(input));
    if (input.placeholder) el.placeholder = plain(input.placeholder, MODAL_LIMITS.placeholder);
    return el;
  }
  // option values are indexes: Slack caps values at 150 characters and they come back as sent
  const options = (input.options ?? []).slice(0, MODAL_LIMITS.options).map((o, i) => ({ text: plain(o.label, MODAL_LIMITS.option), value: String(i) }));
  const chosen = options.filter((_, i) => initial.includes(input.options![i]!.value));
  const inline = options.length <= INLINE_OPTIONS;
  if (input.kind === 'single') {
    const el: Record<string, unknown> = { type: inline ? 'radio_buttons' : 'static_select', action_id: 'v', options };
    if (chosen[0]) el.initial_option = chosen[0];
    return el;
  }
  const el: Record<string, unknown> = { type: inline ? 'checkboxes' : 'multi_static_select', action_id: 'v', options };
  if (chosen.length) el.initial_options = chosen;
  return el;
}

/** The modal for a neutral form: one input block per form input, block ids by position. */
export function formModal(stored: StoredForm, origin: FormOrigin): Record<string, unknown> {
  const { form, lang } = stored;
  const blocks = form.inputs.slice(0, MODAL_LIMITS.blocks).map((input, i) => ({
    type: 'input',
    block_id: `in${i}`,
    optional: Boolean(input.optional),
    label: plain(input.label, MODAL_LIMITS.label),
    element: element(input),
  }));
  return {
    type: 'modal',
    callback_id: FORM_CALLBACK,
    title: plain(stored.title || t(lang, 'formTitle'), MODAL_LIMITS.title),
    submit: plain(form.submit.label, MODAL_LIMITS.button),
    close: plain(t(lang, 'cancel'), MODAL_LIMITS.button),
    private_metadata: JSON.stringify(origin),
    blocks,
  };
}

type StateValue = {
  type: string;
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_options?: Array<{ value: string }>;
};

/**
 * Reads a view_submission's state back into the neutral `values` (input id → value or values).
 * Returns per-block errors, shown under the field while the modal stays open: required text
 * answered with blanks only (Slack lets those through), and text longer than the form takes
 * (a modal opened before the limit was set, or a client that ignores max_length), which the
 * core would refuse after the modal had closed and the text was lost.
 */
export function readSubmission(
  stored: StoredForm,
  state: Record<string, Record<string, StateValue>>,
): { values: Record<string, string | string[]>; errors?: Record<string, string> } {
  const values = formValues();
  const errors: Record<string, string> = {};
  stored.form.inputs.forEach((input, i) => {
    const v = state[`in${i}`]?.v;
    const opts = input.options ?? [];
    const byIndex = (s: string) => opts[Number(s)]?.value;
    if (input.kind === 'text') {
      const s = (v?.value ?? '').trim();
      if (s.length > textMax(input)) errors[`in${i}`] = t(stored.lang, 'tooLong', { max: textMax(input), length: s.length });
      else if (s) values[input.id] = s;
      else if (!input.optional) errors[`in${i}`] = t(stored.lang, 'required');
    } else if (input.kind === 'single') {
      const s = v?.selected_option ? byIndex(v.selected_option.value) : undefined;
      if (s !== undefined) values[input.id] = s;
      else if (!input.optional) errors[`in${i}`] = t(stored.lang, 'required');
    } else {
      const list = (v?.selected_options ?? []).map((o) => byIndex(o.value)).filter((x): x is string => x !== undefined);
      if (list.length) values[input.id] = list;
      else if (!input.optional) errors[`in${i}`] = t(stored.lang, 'required');
    }
  });
  return Object.keys(errors).length ? { values, errors } : { values };
}
