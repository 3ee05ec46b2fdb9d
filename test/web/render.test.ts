import { describe, it, expect } from 'vitest';
import { renderHtml } from '../../adapters/web/render.ts';

/** The HTML without the points where an address may wrap (`<wbr>`, parts kept whole). */
const withoutWrapPoints = (html: string) => html.replace(/<wbr>|<span class="nw">([^<]*)<\/span>/g, '$1');

describe('web renderer', () => {
  it('escapes every piece of user or catalog text', () => {
    const html = renderHtml({
      text: 'x',
      blocks: [
        { type: 'header', text: '<script>alert(1)</script>' },
        { type: 'text', text: 'a & b <img src=x onerror=alert(1)>' },
        { type: 'fields', fields: [{ label: '"><b>', value: "it's <i>" }] },
        { type: 'actions', buttons: [{ label: '<b>Go</b>', action: 'a"b', value: '"><x>' }] },
        { type: 'links', links: [{ label: 'evil', url: 'javascript:alert(1)' }, { label: 'ok', url: 'https://example.com/?a=1&b=2' }] },
      ],
    });
    expect(html).not.toMatch(/<script>|<img|<b>|<i>|<x>/);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('a &amp; b');
    expect(html).toContain('data-action="a&quot;b"');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('href="https://example.com/?a=1&amp;b=2"');
  });

  it('renders forms with radio, checkbox and text inputs', () => {
    const html = renderHtml({
      text: 'survey',
      blocks: [
        {
          type: 'form',
          formId: 'f1',
          inputs: [
            { id: 'q1', label: 'Overall', kind: 'single', options: [{ value: '1', label: 'bad' }, { value: '5', label: 'great' }] },
            { id: 'q2', label: 'Channels', kind: 'multi', options: [{ value: 'chat', label: 'Chat' }], optional: true },
            { id: 'q3', label: 'Comment', kind: 'text', optional: true },
          ],
          submit: { label: 'Send', action: 'survey.submit', value: 'run1' },
        },
      ],
    });
    expect(html).toMatch(/type="radio"[^>]*name="q1"[^>]*value="5"/);
    expect(html).toMatch(/type="checkbox"[^>]*name="q2"/);
    expect(html).toMatch(/<textarea name="q3"/);
    expect(html).toMatch(/data-action="survey.submit" data-value="run1"/);
  });
  it('makes the web and e-mail addresses in a text clickable (the helpdesk in a fallback), leaving the sentence\'s punctuation outside', () => {
    // (the places an address may wrap at aside)
    const html = withoutWrapPoints(renderHtml({
      text: 'x',
      blocks: [
        { type: 'text', text: 'Der Helpdesk hilft weiter: IT-Helpdesk, https://intranet.example/it/helpdesk, helpdesk@example.com.' },
        { type: 'text', text: 'Persönliche Hilfe: Luca Rossi (luca.rossi@example.com)\nSelbst zurücksetzen unter https://passwort.example oder (siehe https://wiki.example/a_(b)).' },
        { type: 'fields', fields: [{ label: 'Verantwortlich', value: 'Anna Schmid (anna.schmid@example.com)' }] },
      ],
    }));
    expect(html).toContain('IT-Helpdesk, <a href="https://intranet.example/it/helpdesk" target="_blank" rel="noopener noreferrer">https://intranet.example/it/helpdesk</a>, ');
    expect(html).toContain('<a href="mailto:helpdesk@example.com">helpdesk@example.com</a>.</p>');
    expect(html).toContain('(<a href="mailto:luca.rossi@example.com">luca.rossi@example.com</a>)<br>');
    expect(html).toContain('<a href="https://passwort.example" target="_blank" rel="noopener noreferrer">https://passwort.example</a> oder');
    expect(html).toContain('>https://wiki.example/a_(b)</a>).</p>');
    expect(html).toContain('<dd>Anna Schmid (<a href="mailto:anna.schmid@example.com">anna.schmid@example.com</a>)</dd>');
  });

  it('lets an address wrap after its @ or a slash, or before a dot, and keeps a part with a hyphen whole', () => {
    const html = renderHtml({ text: 'x', blocks: [{ type: 'fields', fields: [{ label: 'E-Mail', value: 'anna-lena.zimmermann@alpen-firn.example, https://intranet.example/it/help-desk?x=1' }] }] });
    expect(html).toContain('<a href="mailto:anna-lena.zimmermann@alpen-firn.example"><span class="nw">anna-lena</span><wbr>.zimmermann@<wbr><span class="nw">alpen-firn</span><wbr>.example</a>');
    expect(html).toContain('>https://<wbr>intranet<wbr>.example/<wbr>it/<wbr><span class="nw">help-desk</span><wbr>?x=1</a>');
  });

  it('never lets an address in a text carry markup or a script link into the page', () => {
    const html = withoutWrapPoints(renderHtml({ text: 'x', blocks: [{ type: 'text', text: 'see https://x.example/"><script>alert(1)</script> or javascript:alert(1) or "a@b.example"onclick=x' }] }));
    expect(html).not.toMatch(/<script>|href="javascript:|"onclick/);
    expect(html).toContain('<a href="https://x.example/" target="_blank" rel="noopener noreferrer">https://x.example/</a>&quot;&gt;&lt;script&gt;');
    expect(html).toContain('&quot;<a href="mailto:a@b.example">a@b.example</a>&quot;onclick=x');
  });

  it('a form\'s button keeps its style: Skip in the reason form is not drawn like the Done beside it', () => {
    const html = renderHtml({
      text: 'skip',
      blocks: [
        { type: 'form', formId: 'plan.skip', inputs: [{ id: 'reason', label: 'Grund', kind: 'text' }], submit: { label: 'Auslassen', action: 'plan.skip.submit', value: 'e|o', style: 'danger' } },
        { type: 'actions', buttons: [{ label: 'Erledigt', action: 'plan.done', value: 'e|o', style: 'primary' }] },
      ],
    });
    expect(html).toContain('<button type="submit" class="btn btn-danger">Auslassen</button>');
    expect(html).toContain('class="btn btn-primary" data-action="plan.done"');
    // (a submit without a style is the form's main button, as before)
    expect(renderHtml({ text: 'f', blocks: [{ type: 'form', formId: 'f', inputs: [], submit: { label: 'Senden', action: 'x' } }] })).toContain('class="btn btn-primary">Senden');
  });
});
