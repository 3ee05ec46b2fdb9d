import { describe, expect, it } from 'vitest';
import type { Block, OutMessage } from '../../src/chat/model.ts';
import { actionLang, clip, clipPlain, decodeActionId, esc, FORM_ACTION, FORM_LIST_LINE, LIMITS, REF_ACTION, renderMessage, safeUrl, splitEscaped, type PayloadStore } from '../../adapters/slack/render.ts';

function memoryStore(): PayloadStore & { items: Map<string, unknown> } {
  const items = new Map<string, unknown>();
  return { items, put: (p) => { const k = `k${items.size}`; items.set(k, p); return k; } };
}
const render = (m: OutMessage, store = memoryStore()) => renderMessage(m, { lang: 'en', store });
const msg = (blocks: Block[], text = 'fallback'): OutMessage => ({ text, blocks });
/** every mrkdwn string of a rendered message */
function mrkdwnTexts(x: unknown): string[] {
  const out: string[] = [];
  const walk = (v: any) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      if (v.type === 'mrkdwn') out.push(v.text);
      Object.values(v).forEach(walk);
    }
  };
  walk(x);
  return out;
}

const EVIL = 'Tom & Jerry <!channel> <!here> <@U123ABC> <https://evil.example|click me> a > b';

describe('Slack renderer: escaping', () => {
  it('escapes &, < and > so text cannot mention, ping or link', () => {
    expect(esc(EVIL)).toBe('Tom &amp; Jerry &lt;!channel&gt; &lt;!here&gt; &lt;@U123ABC&gt; &lt;https://evil.example|click me&gt; a &gt; b');
  });

  it('escapes every mrkdwn text of every block kind and the fallback text', () => {
    const r = render(
      msg(
        [
          { type: 'text', text: EVIL },
          { type: 'text', text: EVIL, muted: true },
          { type: 'fields', fields: [{ label: EVIL, value: EVIL }] },
          { type: 'badges', badges: [{ text: EVIL, tone: 'new' }] },
          { type: 'links', links: [{ label: EVIL, url: 'https://ok.example/a' }] },
          { type: 'image', url: 'data:image/png;base64,AAAA', alt: EVIL },
          { type: 'actions', buttons: [{ label: 'Mail', action: '', url: 'mailto:x@example.com' }] },
        ],
        EVIL,
      ),
    );
    const texts = [...mrkdwnTexts(r.blocks), r.text];
    expect(texts.length).toBeGreaterThanOrEqual(7);
    for (const t of texts) {
      expect(t).not.toMatch(/<!channel>|<!here>|<@U|<https:\/\/evil/);
      // the only raw < left are our own links
      for (const m of t.matchAll(/<([^>]*)>/g)) expect(m[1]).toMatch(/^(https:\/\/ok\.example\/a|mailto:x@example\.com)\|/);
    }
  });

  it('puts headers and button labels in plain_text, which Slack never parses for mentions or links', () => {
    const r = render(msg([{ type: 'header', text: '<!channel> News' }, { type: 'actions', buttons: [{ label: '<@U1>', action: 'a' }] }]));
    expect(r.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: '<!channel> News', emoji: true } });
    expect((r.blocks[1] as any).elements[0].text.type).toBe('plain_text');
  });

  it('accepts only http(s) and mailto link targets, with mrkdwn delimiters encoded', () => {
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl('https://x.example/a|b>c')).toBe('https://x.example/a%7Cb%3Ec');
    expect(safeUrl('mailto:a@example.com', false)).toBeNull();
    const r = render(msg([{ type: 'links', links: [{ label: 'bad', url: 'javascript:alert(1)' }] }]));
    expect(mrkdwnTexts(r.blocks)).toEqual(['bad']);
  });

  it('names a link button to a path of the bot\'s own server (no public address set) as text with the path', () => {
    const r = render(msg([{ type: 'actions', buttons: [{ label: 'Approve', action: 'newsletter.approve', value: '1' }, { label: 'Edit', action: 'newsletter.edit', url: '/admin/newsletter/1' }] }]));
    expect((r.blocks[0] as any).elements.map((e: any) => e.text.text)).toEqual(['Approve']);
    expect(mrkdwnTexts(r.blocks)).toEqual(['Edit: /admin/newsletter/1']);
  });
});

describe('Slack renderer: no formatting from plain text', () => {
  const L = (c: string) => `<!date^00000000^{_}|${c}>`;
  /** the text as a Slack client shows it: each literal character is its date fallback */
  const shown = (t: string) => t.replace(/<!date\^00000000\^\{_\}\|(.)>/g, '$1').replace(/\u00AD/g, '');

  it('makes *bold*, _italic_, ~strike~ and `code` in catalog text literal characters', () => {
    const summary = '*fett* _kursiv_ ~x~ `rm -rf`';
    const r = render(msg([{ type: 'text', text: summary }]));
    const text = (r.blocks[0] as any).text.text as string;
    expect(text).toBe(`${L('*')}fett${L('*')} ${L('_')}kursiv${L('_')} ${L('~')}x${L('~')} ${L('`')}rm -rf${L('`')}`);
    expect(shown(text)).toBe(summary);
  });

  it('neutralises every mrkdwn text of every block kind, and keeps the bot\'s own bold labels', () => {
    const evil = '*boss* says _now_';
    const r = render(
      msg([
        { type: 'text', text: evil, muted: true },
        { type: 'fields', fields: [{ label: 'Owner', value: evil }] },
        { type: 'badges', badges: [{ text: '_new_', tone: 'new' }] },
        { type: 'image', url: 'data:image/png;base64,AAAA', alt: evil },
        { type: 'form', formId: 'f', inputs: [{ id: 'q', label: evil, kind: 'text' }], submit: { label: 'Send', action: 'a.b' } },
      ]),
    );
    const texts = mrkdwnTexts(r.blocks);
    expect(texts.length).toBe(5);
    /** what is left once the literal characters are taken out: must hold no formatting character */
    const noMarks = (t: string) => expect(t.replace(/<!date[^>]*>/g, ''), t).not.toMatch(/[*_~`]/);
    expect(shown(texts[0]!)).toBe(evil);
    noMarks(texts[0]!);
    // the bot's own bold label stays bold, the value beside it cannot format
    expect(texts[1]).toMatch(/^\*Owner\*\n/);
    expect(shown(texts[1]!)).toBe(`*Owner*\n${evil}`);
    noMarks(texts[1]!.slice('*Owner*\n'.length));
    expect(texts[2]).toMatch(/^:new: \*.*\*$/);
    expect(shown(texts[2]!)).toBe(':new: *_new_*');
    noMarks(texts[2]!.slice(':new: *'.length, -1));
    expect(shown(texts[3]!)).toBe(evil);
    noMarks(texts[3]!);
    expect(shown(texts[4]!)).toBe(`• ${evil}`);
    noMarks(texts[4]!);
  });

  it('leaves words, web addresses and e-mail addresses with these characters whole', () => {
    const t = 'Mail it_support@firma.example or see https://intranet.example/it_help/~faq?a=1_2 and snake_case_name';
    const r = render(msg([{ type: 'text', text: t }]));
    expect((r.blocks[0] as any).text.text).toBe(t);
  });

  it('keeps a line that starts with > from becoming a quote', () => {
    const r = render(msg([{ type: 'text', text: '> not a quote\nok > fine' }]));
    expect((r.blocks[0] as any).text.text).toBe('\u00AD&gt; not a quote\nok &gt; fine');
  });

  it('turns formatting characters in link labels into look-alikes (a literal token cannot sit in a link)', () => {
    const r = render(msg([{ type: 'links', links: [{ label: '*Antrag* _jetzt_', url: 'https://ok.example/a' }] }]));
    expect(mrkdwnTexts(r.blocks)).toEqual(['<https://ok.example/a|\u2217Antrag\u2217 \u02CDjetzt\u02CD>']);
  });

  it('still splits long text full of formatting characters within 3000 characters a section, losing nothing', () => {
    const long = '*x* '.repeat(1500);
    const r = render(msg([{ type: 'text', text: long }]));
    const sections = r.blocks.filter((b) => b.type === 'section') as any[];
    expect(sections.length).toBeGreaterThan(1);
    for (const sec of sections) expect(sec.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    expect(sections.map((sec) => shown(sec.text.text)).join('')).toBe(long.replace(/&/g, '&amp;'));
    expect(clip(`abc ${L('*')}`, 8)).toBe('abc …');
  });
});

describe('Slack renderer: limits', () => {
  it('keeps a message to 50 blocks, saying it was shortened', () => {
    const blocks: Block[] = Array.from({ length: 80 }, (_, i) => ({ type: 'text', text: `line ${i}` }));
    const r = render(msg(blocks));
    expect(r.blocks).toHaveLength(LIMITS.blocks);
    expect(JSON.stringify(r.blocks.at(-1))).toContain('shortened');
    expect(JSON.stringify(r.blocks[48])).toContain('line 48');
  });

  it('says how many blocks it keeps to: 50 in a message, 100 in a view (the App Home)', () => {
    const blocks: Block[] = Array.from({ length: 120 }, (_, i) => ({ type: 'text', text: `line ${i}` }));
    expect(JSON.stringify(render(msg(blocks)).blocks.at(-1))).toContain('at most 50 blocks');
    const view = renderMessage(msg(blocks), { lang: 'en', store: memoryStore(), maxBlocks: 100 });
    expect(view.blocks).toHaveLength(100);
    expect(JSON.stringify(view.blocks.at(-1))).toContain('at most 100 blocks');
  });

  it('cuts plain text (labels, headers, alt text) by length only: a < in it is no markup', () => {
    const label = `Was bedeutet a < b für Sie? ${'x'.repeat(200)}`;
    const r = render(msg([{ type: 'header', text: label }, { type: 'actions', buttons: [{ label, action: 'a.b' }] }, { type: 'image', url: 'https://img.example/c.png', alt: `a < b ${'y'.repeat(3000)}` }]));
    expect((r.blocks[0] as any).text.text).toHaveLength(LIMITS.header);
    expect((r.blocks[1] as any).elements[0].text.text).toHaveLength(LIMITS.buttonText);
    expect((r.blocks[2] as any).alt_text).toHaveLength(LIMITS.altText);
    expect(clipPlain('😀😀', 2)).toBe('…'); // never half a character
  });

  it('keeps asterisks in a field label, escaped like other text, inside the bold label', () => {
    const r = render(msg([{ type: 'fields', fields: [{ label: 'CSAT *b* & more', value: '4.2' }] }]));
    const text = mrkdwnTexts(r.blocks)[0]!;
    const shown = (t: string) => t.replace(/<!date\^00000000\^\{_\}\|(.)>/g, '$1');
    expect(shown(text)).toBe('*CSAT *b* &amp; more*\n4.2');
    expect(text.startsWith('*CSAT ')).toBe(true);
    expect(text.slice(1, text.indexOf('*\n')).replace(/<!date[^>]*>/g, '')).not.toMatch(/[*_~`]/);
  });

  it('lists every question of a form under its button, each line shortened, in as many sections as needed', () => {
    const inputs = Array.from({ length: 20 }, (_, i) => ({ id: `q${i}`, label: `Question ${i}: ${'long words '.repeat(200)}`, kind: 'text' as const }));
    const r = render(msg([{ type: 'form', formId: 'f', inputs, submit: { label: 'Send', action: 'a.b' } }]));
    const sections = r.blocks.filter((b) => b.type === 'section') as any[];
    expect(sections.length).toBeGreaterThan(1);
    for (const sec of sections) expect(sec.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    const lines = sections.flatMap((sec) => sec.text.text.split('\n')).filter(Boolean);
    expect(lines.map((l: string) => /^• Question (\d+):/.exec(l)?.[1])).toEqual(inputs.map((_, i) => String(i)));
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(FORM_LIST_LINE + 2);
    expect(r.blocks.at(-1)).toMatchObject({ type: 'actions' });
  });

  it('splits text over 3000 characters (escaped) into several sections, losing nothing', () => {
    const long = ('word & more '.repeat(400) + '\n').repeat(2); // & becomes &amp;: the escaped length counts
    const r = render(msg([{ type: 'text', text: long }]));
    const sections = r.blocks.filter((b) => b.type === 'section') as any[];
    expect(sections.length).toBeGreaterThan(2);
    for (const s of sections) expect(s.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    expect(sections.map((s) => s.text.text).join('')).toBe(esc(long));
    expect(splitEscaped('a'.repeat(6001), 3000).map((p) => p.length)).toEqual([3000, 3000, 1]);
  });

  it('cuts button labels to 75 characters and header to 150', () => {
    const r = render(msg([{ type: 'header', text: 'H'.repeat(400) }, { type: 'actions', buttons: [{ label: 'B'.repeat(200), action: 'x.y', value: '1' }] }]));
    const header = (r.blocks[0] as any).text.text as string;
    const label = (r.blocks[1] as any).elements[0].text.text as string;
    expect(header.length).toBe(LIMITS.header);
    expect(label.length).toBe(LIMITS.buttonText);
    expect(label.endsWith('…')).toBe(true);
  });

  it('moves a button value over 2000 characters to the payload store, keeping the action', () => {
    const store = memoryStore();
    const value = 'v'.repeat(2500);
    const r = render(msg([{ type: 'actions', buttons: [{ label: 'Go', action: 'catalog.show', value }, { label: 'Ok', action: 'catalog.show', value: 'vpn' }] }]), store);
    const [big, small] = (r.blocks[0] as any).elements;
    expect(decodeActionId(big.action_id)).toBe(REF_ACTION);
    expect(big.value.length).toBeLessThanOrEqual(LIMITS.value);
    expect(store.items.get(big.value)).toEqual({ action: 'catalog.show', value });
    expect(small).toMatchObject({ value: 'vpn' });
    expect(decodeActionId(small.action_id)).toBe('catalog.show');
    expect(big.action_id).not.toBe(small.action_id);
  });

  it('keeps the language of the message in the action ids of its buttons, also of one whose value went to the payload store', () => {
    const r = render({ ...msg([{ type: 'actions', buttons: [{ label: 'Arbeitsplatz', action: 'catalog.category', value: 'workplace' }, { label: 'Los', action: 'catalog.show', value: 'v'.repeat(2500) }] }]), lang: 'de' });
    const [small, big] = (r.blocks[0] as any).elements;
    expect(decodeActionId(small.action_id)).toBe('catalog.category');
    expect(actionLang(small.action_id)).toBe('de');
    expect(decodeActionId(big.action_id)).toBe(REF_ACTION);
    expect(actionLang(big.action_id)).toBe('de');
    // a message that names no language, and a button posted before buttons kept it, have none
    const none = (render(msg([{ type: 'actions', buttons: [{ label: 'Go', action: 'catalog.show', value: 'vpn' }] }])).blocks[0] as any).elements[0];
    expect(actionLang(none.action_id)).toBeUndefined();
    expect(actionLang('catalog.show::3')).toBeUndefined();
  });

  it('keeps action ids unique across the actions blocks of a message and at most 25 buttons a block', () => {
    const buttons = Array.from({ length: 30 }, (_, i) => ({ label: `b${i}`, action: 'same.action', value: String(i) }));
    const r = render(msg([{ type: 'actions', buttons }, { type: 'actions', buttons: buttons.slice(0, 2) }]));
    const actions = r.blocks.filter((b) => b.type === 'actions') as any[];
    expect(actions.map((a) => a.elements.length)).toEqual([25, 5, 2]);
    const ids = actions.flatMap((a) => a.elements.map((e: any) => e.action_id));
    expect(new Set(ids).size).toBe(32);
  });

  it('puts at most 10 fields in a section and at most 2000 characters in a field', () => {
    const fields = Array.from({ length: 23 }, (_, i) => ({ label: `L${i}`, value: 'x'.repeat(i === 0 ? 5000 : 10) }));
    const r = render(msg([{ type: 'fields', fields }]));
    expect(r.blocks.map((b: any) => b.fields.length)).toEqual([10, 10, 3]);
    for (const b of r.blocks as any[]) for (const f of b.fields) expect(f.text.length).toBeLessThanOrEqual(LIMITS.fieldText);
  });

  it('never cuts an escaped entity in half', () => {
    expect(clip('abc &amp; def', 6)).toBe('abc …');
    expect(clip(esc('&&&&&&'), 10)).toBe('&amp;…');
  });

  it('renders a form as a button that opens it, with the form in the payload store', () => {
    const store = memoryStore();
    const form: Block = { type: 'form', formId: 'f', inputs: [{ id: 'q', label: 'Q?', kind: 'text' }], submit: { label: 'Send', action: 'survey.submit', value: '7' } };
    const r = render(msg([{ type: 'header', text: 'Survey' }, form]), store);
    const button = (r.blocks.at(-1) as any).elements[0];
    expect(decodeActionId(button.action_id)).toBe(FORM_ACTION);
    expect(store.items.get(button.value)).toEqual({ form, lang: 'en', title: 'Survey' });
  });

  it('falls back to a text section when a message has no blocks, and degrades data: images to their description', () => {
    expect(render({ text: 'just text' }).blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: 'just text' } }]);
    const r = render(msg([{ type: 'image', url: 'data:image/png;base64,AAA', alt: 'Chart: 5 answers' }, { type: 'image', url: 'https://x.example/c.png', alt: 'c' }]));
    expect(r.blocks[0]!.type).toBe('context');
    expect(r.blocks[1]).toEqual({ type: 'image', image_url: 'https://x.example/c.png', alt_text: 'c' });
  });
});
