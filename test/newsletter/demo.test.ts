import { afterEach, describe, expect, it } from 'vitest';
import { testApp, click, say, flat, type TestApp } from '../doubles/app.ts';
import { loadDemo } from '../../src/cli/core-commands.ts';
import type { InboundEvent, OutMessage } from '../../src/chat/model.ts';
import { outbox } from './fixtures.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

const ANNA = 'anna.schmid@alpenfirn.example';

/** An event as the web chat adapter makes it. */
function web(e: InboundEvent): InboundEvent {
  return { ...e, platform: 'web', person: { ...e.person, platform: 'web' }, conversation: { ...e.conversation, platform: 'web' } };
}

function buttons(msgs: OutMessage[]) {
  return msgs.flatMap((m) => (m.blocks ?? []).flatMap((b) => (b.type === 'actions' ? b.buttons : [])));
}

describe('the demo data in the web chat', () => {
  it('shows the newsletter owner a preview whose buttons work', async () => {
    app = testApp({ now: '2026-11-26T10:00:00Z' });
    await loadDemo(app);
    const preview = await app.bot.handle(web(say('Newsletter', ANNA)));
    const text = flat(preview);
    expect(text.split('\n')[0]).toBe('Entwurf: Helpdesk-Newsletter und Monatsbericht (erscheint am 2. Dezember 2026)'); // the date once
    expect(text).toContain('Telefonie mit Teams'); // a new service of the demo catalog
    expect(text).toContain('Servicekatalog definiert'); // a reached milestone of the demo strategy
    expect(text).toMatch(/Anfragen erledigt, in der Hälfte der Fälle innert 5.4 Stunden/); // the demo helpdesk export
    // the demo pulse survey's last wave is for managers: not in the version for everyone
    expect(text).not.toContain('IT-Puls für Vorgesetzte');
    const b = buttons(preview);
    expect(b.map((x) => x.label)).toEqual(['Freigeben', 'Bearbeiten', 'Diesen Monat auslassen', 'Kaderversion zeigen', 'English version']);
    expect(b[1]!.url).toMatch(/\/admin\/newsletter\/\d+$/);

    const figures = await app.bot.handle(web(click(b[3]!.action, b[3]!.value, ANNA)));
    expect(flat(figures)).toContain('Kennzahlen seit dem');
    expect(flat(figures)).toContain('Umfrage IT-Puls für Vorgesetzte'); // management gets it
    expect(flat(figures)).toContain('Lieferzeit von 10 auf 5 Arbeitstage');
    const english = await app.bot.handle(web(click(b[4]!.action, b[4]!.value, ANNA)));
    expect(flat(english)).toContain('Draft: Helpdesk newsletter and monthly report (goes out on 2 December 2026)');

    expect(outbox(app, 'newsletter')).toHaveLength(0);
    const approved = await app.bot.handle(web(click(b[0]!.action, b[0]!.value, ANNA)));
    expect(approved[0]!.replaceOriginal).toBe(true);
    expect(flat(approved)).toContain('Freigegeben');
    expect(buttons(approved).map((x) => x.action)).not.toContain('newsletter.approve');
    expect(outbox(app, 'newsletter').length).toBeGreaterThan(1);

    const strategy = flat(await app.bot.handle(web(say('Was plant die IT?', 'peter.huber@alpenfirn.example'))));
    expect(strategy).toContain('Kundenbetreuung etabliert');
    const working = flat(await app.bot.handle(web(say('Woran arbeitet die IT?', 'peter.huber@alpenfirn.example'))));
    expect(working).toContain('ERP-Update für die Finanzen');
    expect(working).not.toContain('CRM auf dem Smartphone');
  });
});
