import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { testApp, testFile, say, click, flat, withFakeSender, type TestApp } from '../doubles/app.ts';
import { importPeople } from '../../src/people/import.ts';
import { coreFeature } from '../../src/chat/core-feature.ts';
import { peopleFeature } from '../../src/people/feature.ts';
import { catalogFeature } from '../../src/catalog/feature.ts';
import { OutboxWorker } from '../../src/jobs/outbox-worker.ts';
import { outboxRows } from '../../src/jobs/outbox.ts';

let app: TestApp;
beforeEach(async () => {
  app = testApp({ features: [coreFeature, peopleFeature], env: { ITBOT_LANG: 'en' } });
  await peopleFeature.demo!(app);
});
afterEach(() => app.cleanup());

const JULIA = 'julia.baumann@alpenfirn.example'; // Finance, de
const EMMA = 'emma.wilson@alpenfirn.example'; // Marketing, en
const CEO = 'thomas.widmer@alpenfirn.example'; // Management, de, VIP

describe('conversation router', () => {
  it('"hilfe" lists what the bot can do, in German', async () => {
    const r = await app.bot.handle(say('hilfe'));
    expect(r[0]!.lang).toBe('de');
    expect(flat(r)).toMatch(/Was ich für Sie tun kann/);
    expect(flat(r)).toMatch(/IT-Ansprechperson/);
  });

  it('the help speaks of "your IT contact" in the words of its answers, not of IT\'s key account managers', async () => {
    for (const [q, who, example, answer] of [
      ['help', EMMA, /"(Who is my IT contact\?)": your IT contact for your department/, /Your IT contact/],
      ['hilfe', JULIA, /«(Wer ist meine IT-Ansprechperson\?)»: Ihre IT-Ansprechperson für Ihre Abteilung/, /Ihre IT-Ansprechperson/],
    ] as const) {
      const help = flat(await app.bot.handle(say(q, who)));
      expect(help).not.toMatch(/key.?account|Ansprechpartner/i);
      // the question the help suggests is one the bot answers with the person's contact
      const suggested = example.exec(help)?.[1];
      expect(suggested, help).toBeTruthy();
      const contact = flat(await app.bot.handle(say(suggested!, who)));
      expect(contact).toMatch(answer);
      expect(contact).toMatch(who === EMMA ? /Sandra Meier/ : /Marco Keller/);
    }
  });

  it('"help" answers in English', async () => {
    const r = await app.bot.handle(say('help'));
    expect(r[0]!.lang).toBe('en');
    expect(flat(r)).toMatch(/What I can do for you/);
  });

  it('greets by first name in the person\'s language', async () => {
    const r = await app.bot.handle(say('hello', JULIA));
    expect(r[0]!.lang).toBe('de');
    expect(flat(r)).toMatch(/^Grüezi Julia!/);
  });

  it('"who is my IT contact?" names the key account of the asker\'s department', async () => {
    const r = await app.bot.handle(say('who is my IT contact?', EMMA));
    expect(flat(r)).toMatch(/Sandra Meier/);
    expect(flat(r)).toMatch(/sandra\.meier@alpenfirn\.example/);
    expect(flat(r)).toMatch(/Marketing/);
    const de = await app.bot.handle(say('wer ist mein IT-Ansprechpartner?', JULIA));
    expect(de[0]!.lang).toBe('de');
    expect(flat(de)).toMatch(/Marco Keller/);
    expect(flat(de)).toMatch(/Finanzen/);
  });

  it('knows the question with IT named after the word ("mein Ansprechpartner in der IT", "my contact in IT")', async () => {
    for (const q of ['Wer ist mein Ansprechpartner in der IT?', 'Wer ist meine Kontaktperson bei der Informatik?', 'who is my contact person in IT?', 'wer isch mini Ansprechperson bi de IT?']) {
      const r = await app.bot.handle(say(q, JULIA));
      expect(flat(r), q).toMatch(/Ihre IT-Ansprechperson/);
      expect(flat(r), q).toMatch(/Marco Keller/);
    }
    // (a contact in another department is no IT contact)
    expect(flat(await app.bot.handle(say('Wer ist mein Ansprechpartner in der Personalabteilung?', JULIA)))).not.toMatch(/Ihre IT-Ansprechperson/);
  });

  it('a contact question that names another department gets that department\'s IT contact, not the asker\'s', async () => {
    // Julia is in Finance (Marco Keller); Sales' and Marketing's contact is Sandra Meier, HR's Anna Schmid
    for (const [q, who, says] of [
      ['who is my IT contact for Sales?', EMMA, /^The IT contact for Sales is Sandra Meier \(sandra\.meier@/],
      ['Wer ist unsere IT-Ansprechperson für den Verkauf?', JULIA, /^Die IT-Ansprechperson für den Bereich «Verkauf» ist Sandra Meier/],
      ['Wer ist die IT-Ansprechperson der Personalabteilung, also HR?', JULIA, /^Die IT-Ansprechperson für den Bereich «Personal» ist Anna Schmid/],
      ['who is the IT contact for Product Development?', EMMA, /^The IT contact for Product Development is Luca Rossi/],
    ] as const) {
      const r = await app.bot.handle(say(q, who));
      expect(r[0]!.text, q).toMatch(says);
      expect(flat(r), q).not.toMatch(/Ihre IT-Ansprechperson|your IT contact/);
    }
    // the asker's own department named, or IT itself: the asker's own contact as before
    expect(flat(await app.bot.handle(say('who is my IT contact for Finance?', JULIA)))).toMatch(/Ihre IT-Ansprechperson für den Bereich «Finanzen» ist Marco Keller/);
    expect(flat(await app.bot.handle(say('Wer ist mein Ansprechpartner in der IT?', JULIA)))).toMatch(/Ihre IT-Ansprechperson für den Bereich «Finanzen» ist Marco Keller/);
  });

  it('a department\'s key account asked without "IT", and a department named in the genitive or as "-abteilung"', async () => {
    for (const [q, who, says] of [
      ['Wer ist der Key Account von Verkauf?', JULIA, /^Die IT-Ansprechperson für den Bereich «Verkauf» ist Sandra Meier/],
      ['key account for Finance?', EMMA, /^The IT contact for Finance is Marco Keller/],
      ['Who is the key account for HR?', EMMA, /^The IT contact for Human Resources is Anna Schmid/],
      ['Wer ist die IT-Ansprechperson des Verkaufs?', JULIA, /^Die IT-Ansprechperson für den Bereich «Verkauf» ist Sandra Meier/],
      ['Wer ist der Key Account der Personalabteilung?', JULIA, /^Die IT-Ansprechperson für den Bereich «Personal» ist Anna Schmid/],
      ['Wer ist die IT-Ansprechperson der Logistikabteilung?', JULIA, /^Die IT-Ansprechperson für den Bereich «Logistik» ist Luca Rossi/],
    ] as const) {
      const r = await app.bot.handle(say(q, who));
      expect(r[0]!.text, q).toMatch(says);
    }
    // the asker's own department in the genitive: the asker's own contact
    expect(flat(await app.bot.handle(say('Wer ist die IT-Ansprechperson der Finanzabteilung?', JULIA)))).toMatch(/Ihre IT-Ansprechperson für den Bereich «Finanzen» ist Marco Keller/);
  });

  it('a key account "for" something that is no department is asked of the catalog, not answered with a contact', async () => {
    const full = testApp();
    try {
      await peopleFeature.demo!(full);
      await catalogFeature.demo!(full);
      // (the contact card's header: "Your IT contact", "IT contact for …", "Ihre IT-Ansprechperson", "IT-Ansprechperson für …")
      const contact = /^(Your IT contact|IT contact for|Ihre IT-Ansprechperson|IT-Ansprechperson für)/;
      for (const [q, who] of [['key account for SAP licences', EMMA], ['Who is the key account for SAP licences?', EMMA], ['Key Account für SAP-Lizenzen', JULIA], ['Wer ist der Key Account für SAP?', JULIA]] as const) {
        const first = (await full.bot.handle(say(q, who)))[0]!.blocks![0]!;
        expect(first.type === 'header' ? first.text : '', q).not.toMatch(contact);
      }
      expect(flat(await full.bot.handle(say('Wer ist der Key Account für SAP?', JULIA)))).toMatch(/SAP-Zugang & Berechtigungen/);
      // a department, with its article or "department", or none named: still the contact
      for (const [q, says] of [
        ['Who is the key account for the finance department?', /^The IT contact for Finance is Marco Keller/],
        ['Wer ist der Key Account für die Finanzen?', /^The IT contact for Finance is Marco Keller/],
        ['Wer ist der Key Account für unsere Abteilung?', /your IT contact is Sandra Meier/],
      ] as const) {
        expect((await full.bot.handle(say(q, EMMA)))[0]!.text, q).toMatch(says);
      }
    } finally {
      full.cleanup();
    }
  });

  it('"who is my key account manager?" / "Wer ist mein Key-Account-Manager?" name the IT contact', async () => {
    expect(flat(await app.bot.handle(say('who is my key account manager?', EMMA)))).toMatch(/your IT contact is Sandra Meier/);
    expect(flat(await app.bot.handle(say('Wer ist mein Key-Account-Manager?', JULIA)))).toMatch(/Ihre IT-Ansprechperson für den Bereich «Finanzen» ist Marco Keller/);
  });

  it('tells a guest it does not know their department and names the helpdesk', async () => {
    const r = await app.bot.handle(say('wer ist mein IT-Ansprechpartner'));
    expect(r[0]!.lang).toBe('de');
    expect(flat(r)).toMatch(/kenne Ihre Abteilung noch nicht/);
    expect(flat(r)).toMatch(/Helpdesk/);
  });

  it('tells a person the directory gives no department that it has none, without a placeholder for it', async () => {
    importPeople(app, testFile(app, 'people.csv', 'email,name,department,manager,language,timezone,slack_user_id,teams_user_id,vip\nnodept@alpenfirn.example,Nora Dept,,false,,Europe/Zurich,,,true\n'));
    for (const [q, lang, says] of [['Who is my IT contact?', 'en', /lists no department for you/], ['wer ist mein IT-Ansprechpartner?', 'de', /keine Abteilung eingetragen/]] as const) {
      const r = await app.bot.handle(say(q, 'nodept@alpenfirn.example'));
      expect(flat(r), q).toMatch(says);
      expect(flat(r), q).toMatch(/Helpdesk|helpdesk/);
      expect(flat(r), q).not.toMatch(/ - |«-»/);
    }
  });

  it('tells a VIP to go straight to their key account', async () => {
    const r = await app.bot.handle(say('wer ist mein IT-Ansprechpartner?', CEO));
    expect(flat(r)).toMatch(/direkt an Marco Keller/);
  });

  it('answers unknown input helpfully, with the asker\'s IT contact first and the helpdesk', async () => {
    const r = await app.bot.handle(say('flibbertigibbet', EMMA));
    const text = flat(r);
    expect(text).toMatch(/did not understand/);
    expect(text.indexOf('Sandra Meier')).toBeGreaterThan(-1);
    expect(text.indexOf('Sandra Meier')).toBeLessThan(text.toLowerCase().indexOf('helpdesk'));
  });

  it('picks the language: setting, else message, else platform locale, else ITBOT_LANG', async () => {
    // Emma's setting is en even when she writes German
    expect((await app.bot.handle(say('hallo', EMMA)))[0]!.lang).toBe('en');
    // a guest: the message decides
    expect((await app.bot.handle(say('wer ist mein kontakt bitte')))[0]!.lang).toBe('de');
    // a one-word message says nothing: the locale decides
    expect((await app.bot.handle(say('xyzzy', 'guest', { locale: 'de-CH' })))[0]!.lang).toBe('de');
    // a command word of the bot's is a word of its language, whatever the browser says
    expect((await app.bot.handle(say('Umfrage', 'guest', { locale: 'en-US' })))[0]!.lang).toBe('de');
    // nothing at all: ITBOT_LANG (en here)
    expect((await app.bot.handle(say('xyzzy')))[0]!.lang).toBe('en');
  });

  it('processes a platform retry (same event id) once', async () => {
    const first = await app.bot.handle(say('help', 'guest', { eventId: 'Ev1' }));
    const again = await app.bot.handle(say('help', 'guest', { eventId: 'Ev1' }));
    expect(first).toHaveLength(1);
    expect(again).toEqual([]);
  });

  it('forgets handled event ids after a week (housekeeping), not before', async () => {
    const { housekeep } = await import('../../src/jobs/housekeeping.ts');
    await app.bot.handle(say('help', 'guest', { eventId: 'old' }));
    app.clock.advance(6 * 24 * 3600_000);
    await app.bot.handle(say('help', 'guest', { eventId: 'new' }));
    expect(housekeep(app).processedEvents).toBe(0);
    app.clock.advance(2 * 24 * 3600_000);
    expect(housekeep(app).processedEvents).toBe(1);
    expect(await app.bot.handle(say('help', 'guest', { eventId: 'new' }))).toEqual([]);
  });

  it('answers a 10 MB message with a clear error and stores nothing', async () => {
    const huge = 'a'.repeat(10 * 1024 * 1024);
    const r = await app.bot.handle(say(huge, JULIA, { eventId: 'big' }));
    expect(flat(r)).toMatch(/zu lang/);
    const n = app.db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number };
    expect(n.n).toBe(0);
  });

  it('tells a person who sent only a file that the bot reads text only, in their language', async () => {
    const de = await app.bot.handle(click('core.textOnly', undefined, JULIA));
    expect(de).toEqual([{ text: 'Ich lese nur Text, keine Dateien oder Bilder. Bitte schreiben Sie Ihre Frage als Nachricht.', lang: 'de' }]);
    // a guest: the platform's locale, else ITBOT_LANG
    expect((await app.bot.handle(click('core.textOnly', undefined, 'guest', { locale: 'de-CH' })))[0]!.lang).toBe('de');
    expect(flat(await app.bot.handle(click('core.textOnly', undefined)))).toBe('I read text only, not files or pictures. Please type your question as a message.');
  });

  it('answers an unknown button with a clear message', async () => {
    const r = await app.bot.handle(click('nope.nothing', 'x', EMMA));
    expect(flat(r)).toMatch(/no longer valid/);
  });

  it('answers a button named like a property every object has (constructor, toString) as an unknown one, not with an internal error', async () => {
    for (const id of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
      const r = await app.bot.handle(click(id, 'x', EMMA));
      expect(r).toEqual([{ text: 'This button is no longer valid. Please ask again.', lang: 'en' }]);
      expect(app.bot.formRefusal(click(id, 'x', EMMA))).toBeNull();
    }
  });

  it('sends a VIP\'s unanswered question straight to their key account, once', async () => {
    const { escalateVipQuestion } = await import('../../src/chat/core-feature.ts');
    const ceo = app.people.byEmail(CEO)!;
    const ctx = { app, event: say('Budget für KI-Projekte?', CEO, { eventId: 'q1' }), person: ceo, lang: 'de' as const, text: 'Budget für KI-Projekte?' };
    expect(escalateVipQuestion(ctx, ctx.text)).toMatch(/an Marco Keller weitergeleitet/);
    escalateVipQuestion(ctx, ctx.text);
    const sender = withFakeSender(app);
    await new OutboxWorker(app).drainOnce();
    expect(sender.to('marco.keller@alpenfirn.example')).toHaveLength(1);
    expect(flat([sender.sent[0]!.message])).toMatch(/Thomas Widmer/);
    expect(outboxRows(app.db)).toHaveLength(1);
    // not a VIP: nothing forwarded
    const julia = app.people.byEmail(JULIA)!;
    expect(escalateVipQuestion({ ...ctx, person: julia }, 'x')).toBeNull();
  });

  it('sends a VIP\'s unanswered question to the head of IT, saying why, when their department has no key account', async () => {
    const { escalateVipQuestion } = await import('../../src/chat/core-feature.ts');
    app.people.upsertDepartment({ id: 'Management', nameDe: 'Geschäftsleitung', nameEn: 'Management', keyAccountEmail: null, itChannelSlack: null, itChannelTeams: null });
    const ceo = app.people.byEmail(CEO)!;
    const ctx = { app, event: say('Budget für KI-Projekte?', CEO, { eventId: 'q2' }), person: ceo, lang: 'de' as const, text: 'Budget für KI-Projekte?' };
    expect(escalateVipQuestion(ctx, ctx.text)).toMatch(/an Regula Brunner weitergeleitet/);
    const sender = withFakeSender(app);
    await new OutboxWorker(app).drainOnce();
    expect(sender.to('head.it@alpenfirn.example')).toHaveLength(1);
    expect(flat([sender.sent[0]!.message])).toMatch(/Thomas Widmer \(Geschäftsleitung\) hat gefragt: «Budget für KI-Projekte\?».*\n.*keine IT-Ansprechperson erfasst/);
  });
});

describe('what people send is plain text before any feature reads it', () => {
  const ESC = '\u001b';
  // colours, a cleared screen, the clipboard written through OSC 52, a bell, a NUL, a C1 CSI
  const nasty = `a${ESC}[31mred${ESC}[0m ${ESC}]52;c;ZWNobyBoaQ==\u0007b${ESC}[2J\u0000c\u009b1md`;

  it('drops control characters (keeping line breaks and tabs) from the text, a button value and form values', async () => {
    const seen: Array<{ text: string; value?: string; values?: Record<string, string | string[]> }> = [];
    const recorder = {
      name: 'recorder',
      intents: [{ name: 'echo', match: (text: string) => (text.startsWith('echo') ? 0.99 : 0), handle: (ctx: { text: string }) => { seen.push({ text: ctx.text }); return []; } }],
      actions: {
        'test.record': (_ctx: unknown, a: { value?: string; values?: Record<string, string | string[]> }) => {
          seen.push({ text: '', value: a.value, values: a.values });
          return [];
        },
      },
    };
    const rec = testApp({ features: [coreFeature, recorder as never] });
    try {
      await rec.bot.handle(say(`echo ${nasty}\r\nnext\tline`));
      const form = click('test.record', nasty);
      form.action!.values = { comment: nasty, picks: [nasty, 7 as never], odd: { x: 1 } as never };
      await rec.bot.handle(form);
      expect(seen[0]!.text).toBe('echo a[31mred[0m ]52;c;ZWNobyBoaQ==b[2Jc1md\nnext\tline');
      expect(seen[1]!.value).toBe('a[31mred[0m ]52;c;ZWNobyBoaQ==b[2Jc1md');
      expect(seen[1]!.values).toEqual({ comment: 'a[31mred[0m ]52;c;ZWNobyBoaQ==b[2Jc1md', picks: ['a[31mred[0m ]52;c;ZWNobyBoaQ==b[2Jc1md'] });
    } finally {
      rec.cleanup();
    }
  });

  it('a question the catalog cannot answer lands in the gaps without its escape sequences', async () => {
    const full = testApp();
    try {
      await full.bot.handle(say(`zzqx flurbel ${nasty}`, JULIA));
      const gaps = full.db.prepare('SELECT question FROM catalog_gaps').all() as Array<{ question: string }>;
      expect(gaps.length).toBe(1);
      expect(gaps[0]!.question).toContain('flurbel');
      expect(gaps[0]!.question).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    } finally {
      full.cleanup();
    }
  });
});
