import { describe, it, expect } from 'vitest';
import { renderHtml } from '../../adapters/web/render.ts';

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
});
