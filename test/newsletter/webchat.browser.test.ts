import { describe, it, expect } from 'vitest';
import { outbox } from './fixtures.ts';
import { demoBrowserPerFile } from '../doubles/demo-browser.ts';

// the demo helpdesk export ends on 2026-11-25: pin the clock just after it
const demo = demoBrowserPerFile({ now: '2026-11-26T10:00:00Z' });

describe('the newsletter preview in the web chat (demo data)', () => {
  it('shows the owner the draft with working Approve / Edit / Skip buttons', async () => {
    await demo.page.goto(demo.server.url + '/');
    await demo.page.waitForFunction(() => document.querySelectorAll('#who option').length > 1);
    await demo.page.selectOption('#who', 'anna.schmid@alpenfirn.example');
    await demo.page.fill('#text', 'Newsletter');
    await demo.page.press('#text', 'Enter');
    const approve = demo.page.getByRole('button', { name: 'Freigeben' }).last();
    await approve.waitFor({ timeout: 15_000 });
    const bubble = (await demo.page.locator('#log .msg.bot').last().innerText()).trim();
    expect(bubble).toContain('Entwurf: Helpdesk-Newsletter und Monatsbericht');
    expect(bubble).toContain('Telefonie mit Teams');
    const edit = demo.page.getByRole('link', { name: 'Bearbeiten' }).last();
    expect(await edit.getAttribute('href')).toMatch(/^\/admin\/newsletter\/\d+$/);
    expect(outbox(demo.app, 'newsletter')).toHaveLength(0);
    await approve.click();
    await demo.page.waitForFunction(() => /Freigegeben\. Die Ausgabe geht/.test(document.querySelector('#log')!.textContent ?? ''), null, { timeout: 15_000 });
    expect(outbox(demo.app, 'newsletter').length).toBeGreaterThan(1);
  });
});
