import { afterEach, describe, expect, it } from 'vitest';
import { testApp, click, type TestApp } from '../doubles/app.ts';
import type { Block, OutMessage } from '../../src/chat/model.ts';
import { renderHtml } from '../../adapters/web/render.ts';
import { renderCards } from '../../adapters/teams/render.ts';
import { formModal } from '../../adapters/slack/modal.ts';
import { importYaml, JOUR_FIXE, withPeople } from './helpers.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

const LUCA = 'luca.rossi@alpenfirn.example';
type Form = Extract<Block, { type: 'form' }>;

/** The form a click on Skip opens, as the core sends it. */
async function skipForm(): Promise<{ message: OutMessage; form: Form }> {
  app = testApp({ now: '2027-03-01T08:00:00Z' });
  withPeople(app);
  importYaml(app, JOUR_FIXE);
  const [message] = await app.bot.handle(click('plan.skip', 'jf-finance|2027-03-09T09:00', LUCA));
  const form = message!.blocks!.find((b): b is Form => b.type === 'form')!;
  return { message: message!, form };
}

/** Every Input.Text of a card, however deep. */
function textInputs(node: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(node)) return node.flatMap(textInputs);
  if (!node || typeof node !== 'object') return [];
  const o = node as Record<string, unknown>;
  return [...(o.type === 'Input.Text' ? [o] : []), ...Object.values(o).flatMap(textInputs)];
}

describe('the skip form takes no more than the reason that is kept (500 characters)', () => {
  it('the core says so on the form', async () => {
    const { form } = await skipForm();
    expect(form.inputs[0]).toMatchObject({ id: 'reason', kind: 'text', maxLength: 500 });
  });

  it('the web chat\'s text area stops at it', async () => {
    const { message } = await skipForm();
    const html = renderHtml(message);
    expect(html).toContain('<textarea name="reason" maxlength="500"');
  });

  it('the Teams card\'s input stops at it', async () => {
    const { message } = await skipForm();
    const inputs = textInputs(renderCards(message));
    expect(inputs).toHaveLength(1);
    expect(inputs[0]!.maxLength).toBe(500);
  });

  it('the Slack modal\'s input stops at it', async () => {
    const { form, message } = await skipForm();
    const modal = formModal({ form, lang: message.lang ?? 'en' }, { f: 'k' }) as { blocks: Array<{ element: { max_length?: number } }> };
    expect(modal.blocks[0]!.element.max_length).toBe(500);
  });

  it('a form without a maxLength keeps the renderers\' 2,000 characters', () => {
    const message: OutMessage = { text: 'x', blocks: [{ type: 'form', formId: 'f', inputs: [{ id: 'note', label: 'Note', kind: 'text' }], submit: { label: 'Send', action: 'x.submit' } }] };
    expect(renderHtml(message)).toContain('maxlength="2000"');
    expect(textInputs(renderCards(message))[0]!.maxLength).toBe(2000);
  });
});
