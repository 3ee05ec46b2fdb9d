import { describe, it, expect } from 'vitest';
import { mkdirSync } from 'node:fs';
import { demoBrowserPerFile } from '../doubles/demo-browser.ts';

const demo = demoBrowserPerFile({ page: { viewport: { width: 1000, height: 760 } } });

async function ask(text: string): Promise<string> {
  const before = await demo.page.locator('#log .msg.bot').count();
  await demo.page.fill('#text', text);
  await demo.page.press('#text', 'Enter');
  await demo.page.waitForFunction((n) => document.querySelectorAll('#log .msg.bot').length > n, before);
  return (await demo.page.locator('#log .msg.bot').last().innerText()).trim();
}

describe('local web chat in Chromium', () => {
  it('answers "hilfe" with what the bot can do', async () => {
    await demo.page.goto(demo.server.url + '/');
    await demo.page.waitForFunction(() => document.querySelectorAll('#who option').length > 1);
    const reply = await ask('hilfe');
    expect(reply).toMatch(/Was ich für Sie tun kann/);
    expect(reply).toMatch(/IT-Ansprechperson/);
  });

  it('knows who is talking: the picked person gets their own IT contact', async () => {
    await demo.page.selectOption('#who', 'emma.wilson@alpenfirn.example');
    // (the page speaks the picked person's language)
    expect(await demo.page.textContent('#send')).toBe('Send');
    expect(await demo.page.evaluate(() => document.documentElement.lang)).toBe('en');
    const reply = await ask('who is my IT contact?');
    expect(reply).toMatch(/Your IT contact/);
    expect(reply).toMatch(/Sandra Meier/);
    await demo.page.selectOption('#who', 'julia.baumann@alpenfirn.example');
    expect(await demo.page.textContent('#send')).toBe('Senden');
    const de = await ask('wer ist mein IT-Ansprechpartner?');
    expect(de).toMatch(/Marco Keller/);
    expect(de).toMatch(/Finanzen/);
  });

  it('answers a catalog question with the complete card, the person\'s IT contact and feedback buttons', async () => {
    const card = await ask('wie bekomme ich VPN?');
    expect(card).toMatch(/VPN-Fernzugriff/);
    expect(card).toMatch(/99\.5%/); // the SLA
    expect(card).toMatch(/Marco Keller/); // Julia's IT contact (Finance)
    expect(await demo.page.locator('#log .msg.bot').last().locator('button[data-action]').count()).toBeGreaterThanOrEqual(2);
    mkdirSync('docs/screenshots', { recursive: true });
    await demo.page.screenshot({ path: 'docs/screenshots/webchat.png' });
  });

  it('shows typed text as text, never as markup', async () => {
    await ask('<img src=x onerror="window.__pwned=1"> hallo');
    const userBubble = await demo.page.locator('#log .msg.user').last().innerText();
    expect(userBubble).toContain('<img src=x');
    expect(await demo.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it('shows messages the bot sends on its own (the web inbox)', async () => {
    const { enqueue } = await import('../../src/jobs/outbox.ts');
    enqueue(demo.app.db, new Date(), {
      key: 'browser-test-push',
      kind: 'test',
      target: { kind: 'person', email: 'julia.baumann@alpenfirn.example' },
      message: { text: 'Erinnerung: IT-Informationsmeeting morgen', blocks: [{ type: 'header', text: 'Erinnerung: IT-Informationsmeeting morgen' }] },
    });
    await demo.page.waitForSelector('#log .msg.push', { timeout: 15_000 });
    expect(await demo.page.locator('#log .msg.push').last().innerText()).toMatch(/IT-Informationsmeeting/);
  });

  it('says in the person\'s language when a message is larger than the server takes (413), instead of the server\'s English error', async () => {
    const huge = async () => {
      const before = await demo.page.locator('#log .msg.bot').count();
      // (a question that long is stopped by the page itself; a form's texts (a survey's, each within
      // its field's limit) could still add up to more than the server takes)
      await demo.page.evaluate(() => {
        const card = document.createElement('div');
        card.className = 'msg bot';
        card.innerHTML = '<div class="card"><form class="card-form" data-form="f" data-action="survey.submit" data-value="1"><textarea name="a"></textarea><button type="submit">OK</button></form></div>';
        document.getElementById('live')!.appendChild(card);
        card.querySelector('textarea')!.value = 'x'.repeat(70_000);
        card.querySelector('form')!.requestSubmit();
      });
      await demo.page.waitForFunction((n) => document.querySelectorAll('#log .msg.bot').length > n + 1, before);
      return (await demo.page.locator('#log .msg.bot').last().innerText()).trim();
    };
    expect(await huge()).toBe('Ihre Nachricht ist zu lang und wurde nicht gesendet. Bitte fassen Sie sich kürzer.');
    await demo.page.selectOption('#who', 'emma.wilson@alpenfirn.example');
    expect(await huge()).toBe('Your message is too long and was not sent. Please make it shorter.');
  });

  it("says in the person's language when the server refuses a message (403, 400), instead of the server's English error", async () => {
    // (a request from another page, as a proxy or a changed host name makes it: the server refuses it for real)
    await demo.page.route('**/web/message', async (route) =>
      route.fulfill({ response: await route.fetch({ headers: { ...route.request().headers(), origin: 'http://intranet.example' } }) }),
    );
    await demo.page.selectOption('#who', 'emma.wilson@alpenfirn.example');
    const refused = await ask('who is my IT contact?');
    expect(refused).toMatch(/^The IT bot did not take your message: the web chat answers only on its own page on this computer \(e\.g\. http:\/\/localhost:\d+\/\)\./);
    expect(refused).not.toMatch(/origin|host names/);
    expect(await demo.page.inputValue('#text')).toBe('who is my IT contact?');
    await demo.page.unroute('**/web/message');
    // (a body the server cannot read: no text in it)
    await demo.page.route('**/web/message', (route) => route.continue({ postData: JSON.stringify({ as: 'beat.zuercher@alpenfirn.example' }) }));
    await demo.page.selectOption('#who', 'beat.zuercher@alpenfirn.example');
    const unreadable = await ask('wer ist meine IT-Ansprechperson?');
    expect(unreadable).toBe('Der IT-Bot konnte Ihre Nachricht nicht lesen und hat sie nicht bearbeitet. Bitte laden Sie die Seite neu und versuchen Sie es nochmals.');
    await demo.page.unroute('**/web/message');
  });
});
