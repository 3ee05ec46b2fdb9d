import { describe, expect, it } from 'vitest';
import type { OutMessage } from '../../src/chat/model.ts';
import { escapeMarkdown } from '../../adapters/teams/escape.ts';
import { MAX_CARD_BYTES, renderActivities, renderCards, type CardElement } from '../../adapters/teams/render.ts';
import { actionFromData } from '../../adapters/teams/inbound.ts';

const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v), 'utf8');

function all(cards: CardElement[]): CardElement[] {
  const out: CardElement[] = [];
  const walk = (e: unknown) => {
    if (Array.isArray(e)) return e.forEach(walk);
    if (e && typeof e === 'object') {
      const o = e as CardElement;
      if (typeof o.type === 'string') out.push(o);
      for (const v of Object.values(o)) if (typeof v === 'object') walk(v);
    }
  };
  walk(cards);
  return out;
}

/** What a markdown renderer would show for escaped text: backslash escapes removed. */
const unescape = (s: string) => s.replace(/\\(.)/g, '$1');

describe('Teams Adaptive Card renderer', () => {
  it('renders every neutral block as Adaptive Card 1.5 elements', () => {
    const msg: OutMessage = {
      text: 'VPN',
      blocks: [
        { type: 'header', text: 'VPN remote access' },
        { type: 'badges', badges: [{ text: 'new', tone: 'new' }, { text: 'retiring', tone: 'warning' }] },
        { type: 'text', text: 'Work from home safely.' },
        { type: 'fields', fields: [{ label: 'Price', value: 'CHF 12.50' }] },
        { type: 'divider' },
        { type: 'actions', buttons: [
          { label: 'Request', action: '', url: 'https://it.example/vpn' },
          { label: '👍', action: 'catalog.feedback', value: 'vpn:up', style: 'primary' },
          { label: 'Answer', action: 'survey.answer', value: 'q1:5' },
        ] },
        { type: 'links', links: [{ label: 'Docs', url: 'https://docs.example' }, { label: 'Evil', url: 'javascript:alert(1)' }] },
        { type: 'image', url: 'https://img.example/a.png', alt: 'chart' },
      ],
    };
    const [card, ...more] = renderCards(msg);
    expect(more).toHaveLength(0);
    expect(card!.version).toBe('1.5');
    const els = all([card!]);
    const types = els.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['TextBlock', 'ColumnSet', 'FactSet', 'ActionSet', 'Action.OpenUrl', 'Action.Submit', 'Action.Execute', 'Image']));
    const submit = els.find((e) => e.type === 'Action.Submit')!;
    expect(submit.data).toEqual({ itbot: { action: 'catalog.feedback', value: 'vpn:up' } });
    expect(submit.style).toBe('positive');
    const exec = els.find((e) => e.type === 'Action.Execute')!;
    expect(exec.verb).toBe('survey.answer');
    // a javascript: link never becomes a button
    expect(els.filter((e) => e.type === 'Action.OpenUrl').map((e) => e.url)).toEqual(['https://it.example/vpn', 'https://docs.example']);
    expect(JSON.stringify(card)).toContain('Evil: javascript:alert');
    const header = els.find((e) => e.type === 'TextBlock')!;
    expect(header).toMatchObject({ text: 'VPN remote access', wrap: true, weight: 'Bolder' });
    expect(els.find((e) => e.type === 'ActionSet')!.separator).toBe(true);
  });

  it('shows a link button Teams cannot open (a path of the bot\'s own server) as text, not as a button that does nothing', () => {
    const [card] = renderCards({ text: 'Draft', blocks: [{ type: 'actions', buttons: [
      { label: 'Approve', action: 'newsletter.approve', value: '1' },
      { label: 'Edit', action: 'newsletter.edit', url: '/admin/newsletter/1' },
    ] }] });
    const els = all([card!]);
    expect(els.filter((e) => String(e.type).startsWith('Action.')).map((e) => e.title)).toEqual(['Approve']);
    expect(els.filter((e) => e.type === 'TextBlock').map((e) => unescape(e.text as string))).toEqual(['Edit: /admin/newsletter/1']);
  });

  it('escapes markdown, links, date functions and mentions in user and catalog text', () => {
    const evil = '**bold** _it_ [click](https://evil.example) <at>Everyone</at> {{DATE(2017-02-14T06:08:39Z,SHORT)}} `code` # h\n- item\n1. first &amp;';
    const e = escapeMarkdown(evil);
    expect(e).not.toMatch(/(^|[^\\])\*\*/);
    expect(e).not.toMatch(/(^|[^\\])\[click\]/);
    expect(e).not.toContain('<at>');
    expect(e).not.toContain('{{');
    expect(e).toContain('\\- item');
    expect(e).toContain('1\\. first');
    expect(e).toContain('\\&amp;');
    // what the reader sees is the original text (line breaks kept as paragraphs)
    expect(unescape(e)).toBe(evil.replace(/\n/g, '\n\n'));
    const [card] = renderCards({ text: evil, blocks: [{ type: 'fields', fields: [{ label: '[x](y)', value: evil }] }] });
    const fact = (all([card!]).find((x) => x.type === 'FactSet')!.facts as Array<{ title: string; value: string }>)[0]!;
    expect(fact.title).toBe('\\[x\\]\\(y\\)');
    expect(fact.value).not.toContain('<at>');
  });

  it('keeps date functions as written in the plain-text fields: input labels, placeholders, choices, buttons, alt texts', () => {
    const fn = '{{DATE(2027-01-01T00:00:00Z, SHORT)}} {{TIME(2027-01-01T00:00:00Z)}}';
    const [card] = renderCards({
      text: 'x',
      blocks: [
        { type: 'image', url: 'https://example.com/a.png', alt: `alt ${fn}` },
        { type: 'links', links: [{ label: `link ${fn}`, url: 'https://example.com' }] },
        { type: 'actions', buttons: [{ label: `button ${fn}`, action: 'test.pick', value: 'a' }] },
        {
          type: 'form', formId: 'f',
          inputs: [
            { id: 'q1', label: `How? ${fn}`, kind: 'single', options: [{ value: 'a', label: `choice ${fn}` }] },
            { id: 'q2', label: `Comment ${fn}`, kind: 'text', placeholder: `type ${fn}` },
          ],
          submit: { label: `Send ${fn}`, action: 'survey.submit', value: '1' },
        },
      ],
    });
    const json = JSON.stringify(card);
    // no date function is left for Teams to evaluate ...
    expect(json).not.toMatch(/\{\{(DATE|TIME)\(/);
    // ... and what people read is the text as written (the zero-width space is invisible)
    const shown = (v: string) => v.replace(/\u200B/g, '');
    const els = all([card!]);
    const inputs = els.filter((e) => String(e.type).startsWith('Input.'));
    expect(inputs.map((i) => shown(i.label as string))).toEqual([`How? ${fn}`, `Comment ${fn}`]);
    expect(shown(inputs[1]!.placeholder as string)).toBe(`type ${fn}`);
    expect(shown((inputs[0]!.choices as Array<{ title: string }>)[0]!.title)).toBe(`choice ${fn}`);
    const titles = els.filter((e) => String(e.type).startsWith('Action.')).map((a) => shown(a.title as string));
    expect(titles).toEqual([`link ${fn}`, `button ${fn}`, `Send ${fn}`]);
    expect(shown(els.find((e) => e.type === 'Image')!.altText as string)).toBe(`alt ${fn}`);
  });

  it('renders a form as inputs whose submit carries the action and marks multi-selects', () => {
    const [card] = renderCards({
      text: 'Survey',
      blocks: [{
        type: 'form', formId: 'f1',
        inputs: [
          { id: 'overall', label: 'How satisfied?', kind: 'single', options: [{ value: '1', label: '1' }, { value: '5', label: '5' }] },
          { id: 'channels', label: 'Which?', kind: 'multi', options: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }], optional: true },
          { id: 'comment', label: 'Comment', kind: 'text', optional: true, placeholder: 'Your words' },
        ],
        submit: { label: 'Send', action: 'survey.submit', value: 's1' },
      }],
    });
    const els = all([card!]);
    const choice = els.filter((e) => e.type === 'Input.ChoiceSet');
    expect(choice.map((c) => [c.id, c.style, c.isMultiSelect, c.isRequired])).toEqual([
      ['in.overall', 'expanded', false, true],
      ['in.channels', 'expanded', true, false],
    ]);
    const text = els.find((e) => e.type === 'Input.Text')!;
    expect(text).toMatchObject({ id: 'in.comment', isMultiline: true, placeholder: 'Your words' });
    const exec = els.find((e) => e.type === 'Action.Execute')!;
    // Teams merges the inputs into the data: the inbound side gets the neutral action back
    const submitted = { ...(exec.data as object), 'in.overall': '5', 'in.channels': 'a,b', 'in.comment': 'great' };
    expect(actionFromData(submitted)).toEqual({ id: 'survey.submit', value: 's1', values: { overall: '5', channels: ['a', 'b'], comment: 'great' } });
    // an input named __proto__ (a hand-made payload) is a field like any other, not the values' prototype
    const forged = actionFromData({ itbot: { action: 'survey.submit', value: 's1', multi: ['in.__proto__'] }, 'in.__proto__': 'a,b', 'in.overall': '5' })!;
    expect(Object.getPrototypeOf(forged.values)).toBeNull();
    expect(Object.entries(forged.values!)).toEqual([['__proto__', ['a', 'b']], ['overall', '5']]);
  });

  it('keeps every activity under the Teams size limit by splitting long messages, losing no text', () => {
    const para = 'Lorem ipsum dolor sit amet, * consectetur _ adipiscing [elit] ünd Grüezi 😀. ';
    const long = Array.from({ length: 1500 }, (_, i) => `${i} ${para}`).join('\n');
    const msg: OutMessage = {
      text: long,
      blocks: [
        { type: 'header', text: 'Newsletter' },
        { type: 'text', text: long },
        { type: 'fields', fields: Array.from({ length: 60 }, (_, i) => ({ label: `Field ${i}`, value: para.repeat(10) })) },
        { type: 'actions', buttons: [{ label: 'More', action: 'x.more' }] },
      ],
    };
    expect(Buffer.byteLength(long)).toBeGreaterThan(100_000);
    const acts = renderActivities(msg);
    expect(acts.length).toBeGreaterThan(4);
    for (const a of acts) {
      expect(bytes((a.attachments as any)[0].content)).toBeLessThanOrEqual(MAX_CARD_BYTES);
      // the whole activity as posted (with an envelope of ids and addresses) stays under 28 KB
      const envelope = { ...a, from: { id: '28:' + 'x'.repeat(60) }, conversation: { id: 'a:' + 'y'.repeat(120) }, recipient: { id: 'z'.repeat(60) }, serviceUrl: 'https://smba.trafficmanager.net/emea/', id: '1'.repeat(20), replyToId: '1'.repeat(20), channelId: 'msteams' };
      expect(bytes(envelope)).toBeLessThan(28 * 1024);
    }
    const shown = acts
      .flatMap((a) => all([(a.attachments as any)[0].content]))
      .filter((e) => e.type === 'TextBlock' && e.size !== 'Large')
      .map((e) => unescape(e.text as string))
      .join('\n\n');
    for (const i of [0, 700, 1499]) expect(shown).toContain(`${i} Lorem ipsum`);
    // the buttons come last, on the last card
    expect(JSON.stringify(acts[acts.length - 1])).toContain('x.more');
    expect(String(acts[0]!.summary).length).toBeLessThanOrEqual(300);
  });

  it('keeps a survey form too big for one card answerable: every question and the submit button on the card, labels shortened', () => {
    // 12 multi-choice questions of 25 long German options: far over the card limit as written
    const options = Array.from({ length: 25 }, (_, o) => ({ value: `o${o}`, label: `Möglichkeit ${o}: Informationsveranstaltungen der Informatik am Standort Zürich-Altstetten` }));
    const inputs = Array.from({ length: 12 }, (_, q) => ({
      id: `q${q}`, kind: 'multi' as const, optional: true, options,
      label: `Frage ${q}: Über welche Kanäle möchten Sie künftig von der Informatik über Neuerungen informiert werden?`,
    }));
    const cards = renderCards({
      text: 'Umfrage',
      blocks: [{ type: 'header', text: 'Umfrage' }, { type: 'form', formId: 'f', inputs, submit: { label: 'Absenden', action: 'survey.submit', value: '7' } }],
    });
    const withForm = cards.filter((c) => all([c]).some((e) => e.type === 'Input.ChoiceSet'));
    expect(withForm).toHaveLength(1);
    const els = all(withForm);
    expect(els.filter((e) => e.type === 'Input.ChoiceSet').map((e) => e.id)).toEqual(inputs.map((i) => `in.${i.id}`));
    expect(els.filter((e) => e.type === 'Action.Execute').map((e) => (e.data as any).itbot.action)).toEqual(['survey.submit']);
    expect(bytes(withForm[0])).toBeLessThanOrEqual(MAX_CARD_BYTES);
    // shortened, still telling the options apart by their start
    const titles = (els.find((e) => e.type === 'Input.ChoiceSet')!.choices as Array<{ title: string }>).map((c) => c.title);
    expect(titles[3]).toMatch(/^Möglichkeit 3: .*…$/);
    // a form that cannot fit even shortened still carries its submit button
    const huge = Array.from({ length: 60 }, (_, q) => ({ ...inputs[0]!, id: `h${q}` }));
    const [last] = renderCards({ text: 'x', blocks: [{ type: 'form', formId: 'h', inputs: huge, submit: { label: 'Send', action: 'survey.submit', value: '8' } }] }).slice(-1);
    expect(all([last!]).some((e) => e.type === 'Action.Execute')).toBe(true);
    expect(bytes(last)).toBeLessThanOrEqual(MAX_CARD_BYTES);
  });

  it('never cuts an emoji in half where a label, choice, button title or alt text is capped', () => {
    // an emoji (two UTF-16 units) straddling each field's limit: 80 (buttons), 200 (choices), 300 (alt), 500 (labels)
    const at = (max: number) => 'a'.repeat(max - 2) + '😀'.repeat(3);
    const [card] = renderCards({
      text: 'x',
      blocks: [
        { type: 'image', url: 'https://example.com/a.png', alt: at(300) },
        { type: 'actions', buttons: [{ label: at(80), action: 'test.pick', value: 'a' }] },
        {
          type: 'form', formId: 'f',
          inputs: [{ id: 'q1', label: at(500), kind: 'single', options: [{ value: 'a', label: at(200) }] }],
          submit: { label: 'Send', action: 'survey.submit', value: '1' },
        },
      ],
    });
    const els = all([card!]);
    const input = els.find((e) => e.type === 'Input.ChoiceSet')!;
    const capped = [
      els.find((e) => e.type === 'Image')!.altText as string,
      els.find((e) => e.type === 'Action.Submit' && e.title !== 'Send')!.title as string,
      input.label as string,
      (input.choices as Array<{ title: string }>)[0]!.title,
    ];
    for (const v of capped) {
      expect(v.endsWith('…')).toBe(true);
      // no lone high surrogate left before the ellipsis (it would show as a broken character)
      expect(v).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    }
  });

  it('shows a long warning badge whole and wrapped, as the web chat and Slack do, never cut at a fixed length', () => {
    // the newsletter preview's warning is a sentence whose end says who gets the issue
    const warning = 'Der Plan nennt für diesen Newsletter keinen Kanal auf Teams (channels.teams): Dort erhalten ihn nur Geschäftsleitung und Controlling, per Direktnachricht.';
    const [card] = renderCards({ text: 'Draft', blocks: [
      { type: 'header', text: 'Entwurf' },
      { type: 'badges', badges: [{ text: warning, tone: 'warning' }] },
      { type: 'badges', badges: [{ text: 'Neu', tone: 'new' }, { text: 'Läuft aus', tone: 'warning' }] },
    ] });
    const blocks = all([card!]).filter((e) => e.type === 'TextBlock' && e.color !== undefined);
    expect(blocks.map((b) => unescape(String(b.text)))).toEqual([warning, 'Neu', 'Läuft aus']);
    // a TextBlock without wrap is cut to one line with an ellipsis by Teams
    expect(blocks.every((b) => b.wrap === true)).toBe(true);
  });

  it('renders a message without blocks as a text card', () => {
    const [card] = renderCards({ text: 'Thanks! *' });
    expect(card!.body).toEqual([{ type: 'TextBlock', text: 'Thanks\\! \\*', wrap: true }]);
  });
});
