import { describe, it, expect } from 'vitest';
import { html, raw } from '../../adapters/web/admin/html.ts';
import { parseCookies, safeEqual } from '../../adapters/web/admin/auth.ts';
import { layout, withLang } from '../../adapters/web/admin/layout.ts';
import { withheldText } from '../../src/surveys/texts.ts';
import { isSurveyRow } from '../../adapters/web/admin/health-page.ts';

describe('admin page helpers', () => {
  it('html escapes every value unless it is marked safe', () => {
    const evil = `<img src=x onerror="alert('x')">&`;
    expect(html`<p title="${evil}">${evil}</p>`.value).toBe(
      '<p title="&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;">&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;</p>',
    );
    expect(html`${[html`<b>${'<i>'}</b>`, '<u>']}${raw('<svg/>')}${null}${false}${0}`.value).toBe('<b>&lt;i&gt;</b>&lt;u&gt;<svg/>0');
  });

  it('the layout escapes the title and flash text, and the language switch keeps the query', () => {
    const page = layout({ lang: 'de', title: '<x>', url: '/admin/plan?view=year&year=2027', flash: { text: '"<b>"' }, body: '' });
    expect(page).toContain('<title>&lt;x&gt;');
    expect(page).toContain('&quot;&lt;b&gt;&quot;');
    expect(withLang('/admin/plan?view=year&lang=de', 'en')).toBe('/admin/plan?view=year&lang=en');
  });

  it('parses cookies and compares secrets of any length', () => {
    expect(parseCookies('a=1; b=x%20y; a=2; broken; c=%E0')).toEqual({ a: '1', b: 'x y', c: '%E0' });
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('', 'x')).toBe(false);
  });

  it('translates the reasons of the results function', () => {
    expect(withheldText('de', 'fewer than 5 responses')).toBe('weniger als 5 Antworten');
    expect(withheldText('de', 'fewer than 3 answers to this question')).toBe('weniger als 3 Antworten auf diese Frage');
    expect(withheldText('en', 'fewer than 5 responses')).toBe('fewer than 5 responses');
  });

  it('recognises survey messages in the outbox', () => {
    expect(isSurveyRow({ kind: 'survey-reminder', idempotency_key: 'x' })).toBe(true);
    expect(isSurveyRow({ kind: 'other', idempotency_key: 'survey:pulse:w1:invite:a@b' })).toBe(true);
    expect(isSurveyRow({ kind: 'plan-reminder', idempotency_key: 'plan:x' })).toBe(false);
  });
});
