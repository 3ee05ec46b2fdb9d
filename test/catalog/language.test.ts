// The language machinery of catalog search on a small catalog written for these tests (not the
// evaluation catalogs): light words, out-of-scope workplace words, plurals, compounds, the place
// a question names, and the lexicon file IT edits.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { testApp, testFile, type TestApp } from '../doubles/app.ts';
import { importCatalog } from '../../src/catalog/import.ts';
import { answerQuestion } from '../../src/catalog/answer.ts';
import { catalogSearch, sureOf, type Hit } from '../../src/catalog/search.ts';
import { DATA_DIR } from '../../src/paths.ts';
import { JOINING, LEAVING, LOST_PHRASES, parseLexicon } from '../../src/catalog/lexicon.ts';
import { fold, joinSeparableVerbs, isAction, isTrouble, nearAction, isStopword, isOffTopic, isWeak, nearStopword, nearWeak, phraseWords, stems, swissToStandard, swissVariants, synonymsOf, broaderOf, words } from '../../src/catalog/text.ts';

const CATALOG = catalogYaml([
  svc('software', ['Software bestellen', 'Software requests'], ['Zusätzliche Programme für Ihren Computer beschaffen und installieren lassen.', 'Have additional programs for your computer bought and installed.']),
  svc('desktop', ['Arbeitsplatz-PC', 'Desktop PC'], ['Der fest installierte Computer im Büro.', 'The fixed computer in the office.'], { description: { de: 'Einen neuen PC bestellen Sie im IT-Portal.', en: 'Order a new PC in the IT portal.' }, price: { amount: 45, currency: 'CHF', per: { de: 'Monat', en: 'month' } }, sla: { availability: '99%', response: '4h' } }),
  svc('cordless', ['Schnurlostelefon', 'Cordless phone'], ['Telefone für unterwegs im Gebäude.', 'Phones to carry around the building.'], { description: { de: 'Leere Akkus tauschen Sie am Schalter.', en: 'Swap flat batteries at the counter.' } }),
  svc('stock', ['Lagerverwaltung', 'Warehouse management'], ['Lagersystem für Bestände und Lieferscheine.', 'Warehouse system for stock and delivery notes.']),
  svc('servicedesk', ['IT-Service Desk', 'IT service desk'], ['Hilfe bei allen IT-Fragen: per Telefon, im Chat oder am Schalter.', 'Help with any IT question: by phone, in the chat or at the counter.']),
  svc('deskphone', ['Desk Phone', 'Desk phone'], ['Das Telefon auf Ihrem Pult mit Ihrer Telefonnummer.', 'The phone on your desk with your own phone number.'], { keywords: { de: ['Festnetz'], en: ['landline', 'number'] } }),
  svc('reports', ['Berichte (Power BI)', 'Reports (Power BI)'], ['Kennzahlen als fertige Berichte.', 'Key figures as ready-made reports.']),
  svc('mail', ['E-Mail', 'Email'], ['Ihr Postfach in Outlook.', 'Your Outlook mailbox.']),
]);

let app: TestApp;
beforeEach(() => {
  app = testApp();
  importCatalog(app, testFile(app, 'lang.yaml', CATALOG));
});
afterEach(() => app.cleanup());

const top = (q: string) => {
  const a = answerQuestion(app.db, q);
  return a.answered ? a.results[0]!.id : null;
};

describe('catalog search language', () => {
  it('the thing to install wins over the device it goes on', () => {
    expect(top('install new software on my PC')).toBe('software');
    expect(top('Programm auf dem Computer installieren')).toBe('software');
  });

  it('the device a thing is for ("für meinen Computer", "for my PC") weighs half of what it weighs as the topic', () => {
    const weight = (q: string, w: string) => catalogSearch(app.db).search(q).concepts.find((c) => c.word === w)!.idf;
    expect(weight('Ich brauche ein Programm für meinen Computer', 'computer')).toBeCloseTo(weight('Ich brauche ein Programm und einen Computer', 'computer') / 2);
    expect(weight('I need a program for my PC', 'pc')).toBeCloseTo(weight('I need a program and a PC', 'pc') / 2);
    // (a thing the catalog does not know beside it is no topic to weigh against: the device keeps its weight)
    expect(weight('Ich brauche einen Rucksack für meinen Computer', 'computer')).toBeCloseTo(weight('Ich brauche einen Rucksack und einen Computer', 'computer'));
  });

  it('a German plural in vowel+s meets its singular (Akkus / Akku)', () => {
    expect(stems('akkus')).toContain('akku');
    expect(top('Akku vom Schnurlostelefon leer')).toBe('cordless');
  });

  it('a compound with an unknown head splits where the head begins catalog words, or before a long known tail', () => {
    // "Lagerbestände": the catalog has Lagerverwaltung and Lagersystem, and Bestände
    expect(top('Lagerbestände abfragen')).toBe('stock');
    // and a long known tail behind a head no entry knows splits there: "Gefahren|lagerverwaltung" is the warehouse system
    expect(catalogSearch(app.db).search('Gefahrenlagerverwaltung').concepts.map((c) => c.word)).toContain('lagerverwaltung');
    expect(top('Gefahrenlagerverwaltung')).toBe('stock');
  });

  it('a word that is the last part of a catalog compound finds it ("Verwaltung" -> Lagerverwaltung)', () => {
    expect(top('Verwaltung')).toBe('stock');
  });

  it('questions about pay, lunch or parking abstain unless the catalog uses the word', () => {
    expect(isOffTopic('lohn')).toBe(true);
    expect(top('my salary is wrong in the email')).toBeNull();
    expect(top('Kantine Menü heute')).toBeNull();
    expect(top('where do I park my bike near the office computer')).toBeNull();
    // (work clothes and unpaid leave are workplace matters too)
    expect(isOffTopic('arbeitshose') && isOffTopic('unpaid')).toBe(true);
    // (a card's cashback and one's driving licence neither)
    expect(isOffTopic('cashback') && isOffTopic('fuhrerschein')).toBe(true);
    withSet('eightyfourth', (db) => expect(answerQuestion(db, 'Which credit card gives the best cashback?').answered).toBe(false));
  });

  it('a workplace word the catalog does not use matches no entry by its stem ("parking" is no "Park")', () => {
    withCatalog('park.yaml', catalogYaml([
      svc('laptop', ['Laptop für Tierpfleger', 'Laptop for keepers'], ['Ein robuster Laptop für das Personal im Park.', 'A rugged laptop for the staff in the park.']),
      svc('radio', ['Funk', 'Radio'], ['Funkgeräte für den Park.', 'Radios for the park.']),
    ]), (db) => {
      expect(answerQuestion(db, 'Where can I get a staff parking permit?').answered).toBe(false);
      expect(answerQuestion(db, 'Laptop für das Personal').results[0]?.id).toBe('laptop');
    });
  });

  it('an off-topic compound counts as the catalog\'s by its longest first part the catalog has, never by a generic one', () => {
    withCatalog('hr.yaml', catalogYaml([
      svc('hr-portal', ['Personalportal', 'HR portal'], ['Spesen und Personaldaten im Personalportal erfassen.', 'Enter expenses and staff data in the HR portal.']),
      svc('person', ['Personensuche', 'People search'], ['Eine Person im Verzeichnis finden.', 'Find a person in the directory.']),
      ...['Drucker|Printer', 'Telefon|Phone', 'VPN|VPN', 'E-Mail|E-mail', 'WLAN|Wi-Fi', 'Badge|Badge'].map((n, i) => {
        const [de, en] = n.split('|') as [string, string];
        return svc(`s${i}`, [de, en], [`${de} im Büro.`, `${en} in the office.`]);
      }),
    ]), (db) => {
      // (the staff party is no matter of the HR portal's, nor of the people search: "Person|alfest" is no split)
      expect(answerQuestion(db, 'Wann ist das Personalfest?').answered).toBe(false);
      expect(wordsIn(db, 'Wann ist das Personalfest?')).toEqual(['personalfest']);
      // (where the first part is what an entry is about, the compound is the catalog's)
      expect(firstIn(db, 'Spesenabrechnung')).toBe('hr-portal');
    });
  });

  it('a typo is corrected towards a synonym the catalog lacks ("inbxo" -> inbox -> Postfach)', () => {
    expect(top('inbxo')).toBe('mail');
  });

  it('a product the catalog does not list finds its kind; a product the catalog lists finds its entry', () => {
    expect(top('Ich brauche Adobe Acrobat')).toBe('software');
    expect(top('I need Visio please')).toBe('software');
    expect(top('Ich brauche ein Programm, um PDFs zu bearbeiten')).toBe('software');
    // without the product list, "Acrobat" is a word no entry knows and the bot abstains
    expect(top('Ich brauche Acrobatik')).toBeNull();
    expect(top('Outlook')).toBe('mail');
  });

  it('a product an entry names in its summary goes to that entry before software in general', () => {
    withCatalog('adobe.yaml', catalogYaml([
      svc('software', ['Software-Bestellung', 'Software request'], ['Programme und Lizenzen für Ihren Computer bestellen.', 'Order programs and licences for your computer.']),
      svc('adobe', ['Grafik-Arbeitsplatz', 'Design workstation'], ['Lizenzen für InDesign, Illustrator und Photoshop für die Gestaltung.', 'Licences for InDesign, Illustrator and Photoshop for design work.']),
      svc('laptop', 'Laptop', ['Ihr Firmen-Laptop.', 'Your company laptop.']),
      ...['Drucker|Printer', 'Telefon|Phone', 'VPN|VPN', 'E-Mail|E-mail', 'WLAN|Wi-Fi', 'Badge|Badge', 'Teams|Teams', 'Ablage|File share'].map((n, i) => {
        const [de, en] = n.split('|') as [string, string];
        return svc(`s${i}`, [de, en], [`${de} im Büro.`, `${en} in the office.`]);
      }),
    ]), (db) => {
      const first = (q: string) => answerQuestion(db, q).results[0]?.id;
      expect(first('Ich brauche eine Lizenz für Photoshop.')).toBe('adobe');
      expect(first('I need a licence for Illustrator')).toBe('adobe');
      // (a product no entry names is software in general)
      expect(first('Ich brauche eine Lizenz für Visio.')).toBe('software');
    });
  });

  it('everyday filler (since, keeps saying, seit, sagt) does not make a question look out of scope', () => {
    expect(top('since this morning my inbox keeps saying something went wrong')).toBe('mail');
    expect(top('seit heute Morgen sagt mein Postfach, es sei voll')).toBe('mail');
  });

  it('a stopword with a typo carries no meaning, a content word near a stopword does', () => {
    expect(nearStopword('bekomen')).toBe('bekommen');
    expect(nearStopword('nciht')).toBe('nicht');
    expect(nearStopword('wagen')).toBeNull();
    // (Swiss function words are no words no entry knows: "eigentli", "geh")
    expect(catalogSearch(app.db).search('wie lang gahts eigentli bis en neue laptop da isch?').concepts.map((c) => c.word)).toEqual(['laptop']);
    expect(catalogSearch(app.db).search('chan i vo dusse ohni laptop, niemert weiss es').concepts.map((c) => c.word)).toEqual(['laptop']);
    // (nor is asking: "mein Laptop fragt, wer ich bin")
    // (nor are whole, lieber, drauf, später, gleichzeitig, via, telling, single, proper: "my whole team", "lieber sprechen als tippen")
    for (const q of ['my whole team needs a laptop', 'ich würde lieber laptop', 'ist nicht auf dem laptop drauf', 'später laptop', 'gleichzeitig am laptop', 'laptop via laptop', 'the laptop keeps telling me', 'every single time my laptop', 'a proper laptop, this is crazy']) {
      expect(catalogSearch(app.db).search(q).concepts.filter((c) => c.unknown).map((c) => c.word)).toEqual([]);
    }
    expect(catalogSearch(app.db).search('mein Laptop fragt, wer ich bin').concepts.map((c) => c.word)).toEqual(['laptop']);
    expect(nearWeak('funktionirt')).toBe('funktioniert');
    // and phrases read it as meant: "geht nich" is broken
    expect(catalogSearch(app.db).search('Schnurlostelefon funktionirt nich').concepts.some((c) => c.word === 'kaputt')).toBe(true);
  });

  it('words that stand together in a name win over the same words apart ("service desk", not "desk phone")', () => {
    expect(top("What's the phone number of the IT service desk?")).toBe('servicedesk');
    expect(top('my desk phone has no dial tone')).toBe('deskphone');
  });

  it('Swiss German as typed: elided articles, combined spelling rules, "ich" glued to the verb, broken in any word order', () => {
    expect(words("d'Vorlesig s'Passwort don't")).toEqual(['d', 'vorlesig', 's', 'passwort', 'dont']);
    // (a hyphenated word is also read joined, but a drive letter is no part of a word: S-Laufwerk is no "slaufwerk")
    expect(words('E-Mail S-Laufwerk')).toEqual(['e', 'mail', 'email', 's', 'laufwerk']);
    expect(swissVariants('pruefig')).toContain('prufung');
    expect(swissVariants('chani')).toContain('chan');
    // ("Hochzig", "Ziit": the Swiss -zig / -ziit is -zeit)
    expect(swissVariants('hochzig')).toContain('hochzeit');
    // ("wo findi", "bini", "hämmer": a verb with "ich" or "wir" glued to it says no more than the verb)
    for (const w of ['findi', 'bini', 'hämmer', 'channi', 'weissi']) expect(isStopword(fold(w)), w).toBe(true);
    expect(swissVariants('fakse')).toContain('faxe');
    expect(swissVariants('wasserleitige')).toContain('wasserleitungen');
    expect(swissVariants('drehchruz')).toContain('drehkreuz');
    // (Swiss "aa-" before a consonant is the prefix an-: aarüefe, aamälde, aaschriibe)
    expect(swissVariants('aaruef')).toContain('anruf');
    expect(swissVariants('aaschriibe')).toContain('anschreibe');
    expect(phraseWords('wenn es nicht funktioniert').map((x) => x.word)).toEqual(['kaputt']);
    expect(phraseWords('der drucker druckt eifach nüt').map((x) => x.word)).toEqual(['kaputt']);
    expect(isWeak('funktioniert')).toBe(true);
    expect(top('wo chani software bstelle?')).toBe('software');
    // "zeigt nix an" is broken; a floor (2.OG) and "leer" say where and how, not what
    expect(phraseWords('sitzungszimmer bildschirm zeigt nix an').map((x) => x.word)).toEqual(['kaputt']);
    expect(phraseWords('the screen shows nothing').map((x) => x.word)).toEqual(['kaputt']);
    for (const w of ['og', 'eg', 'leer', 'empty']) expect(isWeak(w)).toBe(true);
    // (and everyday verbs of noting, seeing and complaining: "alles auf Papier aufschreiben", "nicht sichtbar", "guests keep complaining")
    for (const w of ['aufschreiben', 'sichtbar', 'abrufen', 'details', 'complaining', 'picked', 'faster', 'latest']) expect(isWeak(w)).toBe(true);
    // (but not "stimmt": "mini lohnabrächnig stimmt nöd" is the payslip, out of scope, and it weighs as such)
    expect(isWeak('stimmt')).toBe(false);
  });

  it('ordering is generic: the thing ordered decides, not the entry named after ordering', () => {
    expect(isAction('bestelle')).toBe(true);
    expect(isAction('schedule')).toBe(true);
    // (setting something up is generic too: "Wie richte ich ein Funktionspostfach ein?" is the mailbox)
    expect(isAction('einrichten') && isAction('iirichte')).toBe(true);
    expect(top('Wie bestelle ich einen neuen PC?')).toBe('desktop');
    expect(top('Software bestellen')).toBe('software');
    // ("set up" as well: what is set up decides, not an entry whose app sets things)
    withCatalog('setup.yaml', catalogYaml([
      svc('mfa', ['Zwei-Faktor-Anmeldung', 'Two-factor sign-in'], ['Die Anmeldung mit der Authenticator-App.', 'Signing in with the authenticator app.']),
      svc('remote', ['Fernsteuerung Heizung', 'Remote heating control'], ['Die App, mit der Sie die Heizung am Telefon einstellen.', 'The app to set the heating on your phone.']),
      svc('phone', ['Geschäftshandy', 'Company phone'], ['Das Smartphone mit Apps für die Arbeit.', 'The phone with apps for work.']),
      svc('churchapp', ['Kirchen-App', 'Church app'], ['Die App mit Terminen für das Telefon.', 'The app with dates for your phone.']),
      svc('print', ['Drucken', 'Printing'], ['Drucker im Büro.', 'Office printers.']),
      svc('mail', ['E-Mail', 'Email'], ['Ihr Postfach.', 'Your mailbox.']),
    ]), (db) => {
      expect(isAction('set')).toBe(true);
      const ids = answerQuestion(db, 'How do I set up the authenticator app on my new phone?').results.map((r) => r.id);
      expect(ids.indexOf('mfa')).toBeGreaterThanOrEqual(0);
      expect(ids.indexOf('mfa')).toBeLessThan(ids.indexOf('remote') < 0 ? Infinity : ids.indexOf('remote'));
    });
  });

  it('a question about the price finds the entry by its price (the card shows it)', () => {
    expect(top('Was kostet ein PC pro Monat?')).toBe('desktop');
    // "kostet" is understood through the price, not counted as a word no entry knows
    expect(catalogSearch(app.db).search('Was kostet ein PC pro Monat?').concepts.find((c) => c.word === 'kostet')?.unknown).toBe(false);
    expect(top('how much is a desktop computer per month')).toBe('desktop');
  });

  it('a question about the SLA finds the entry by its SLA (the card shows it)', () => {
    for (const q of ['What is the SLA for the desktop PC?', 'Reaktionszeit beim Arbeitsplatz-PC?']) {
      expect(top(q)).toBe('desktop');
      expect(catalogSearch(app.db).search(q).concepts.every((c) => !c.unknown)).toBe(true);
    }
  });

  it('someone new joining is onboarding, a new portal for employees is not', () => {
    expect(phraseWords('our new colleague starts on monday').map((x) => x.word)).toContain('eintritt');
    expect(phraseWords('nächsten monat fängt eine neue assistentin an').map((x) => x.word)).toContain('eintritt');
    expect(phraseWords('wann kommt das neue mitarbeiterportal').map((x) => x.word)).not.toContain('eintritt');
  });

  it('a letter swapped or left out right after the first is a typo; a different second letter is another word', () => {
    expect(top('dsektop')).toBe('desktop');
    withCatalog('costs.yaml', catalogYaml([
      svc('costs', ['Kosten der IT', 'IT costs'], ['Was die IT kostet, nach Abteilung.', 'What IT costs, by department.']),
    ]), (db) => {
      expect(answerQuestion(db, 'Kosten').answered).toBe(true);
      expect(answerQuestion(db, 'kasten').answered).toBe(false);
    });
  });

  it('asking who can help means the helpdesk; "can\'t get into" means signing in', () => {
    expect(phraseWords('who can help me? nothing works').map((x) => x.word)).toContain('helpdesk');
    expect(phraseWords('wer kann mir helfen').map((x) => x.word)).toContain('helpdesk');
    expect(phraseWords('ich weiss nicht, an wen ich mich mit meinem problem wenden soll').map((x) => x.word)).toContain('helpdesk');
    expect(phraseWords("i can't get into anything since this morning").map((x) => x.word)).toContain('anmelden');
    // (the call is how to reach help, not a question about telephones: it counts half)
    expect(phraseWords('wen rufe ich an, wenn mein computer spinnt?').map((x) => x.word)).toContain('helpdesk');
    const replaced = new Set<string>();
    phraseWords('who do i call when my computer freezes', undefined, undefined, replaced);
    expect(replaced).toContain('call');
    // (asking whom to contact for a thing is about the thing: no helpdesk, and the asking is no topic)
    expect(phraseWords('who do i contact to get a new laptop').map((x) => x.word)).not.toContain('helpdesk');
    expect(catalogSearch(app.db).search('Who do I contact to get a new PC?').concepts.map((c) => c.word)).toEqual(['pc']);
    expect(catalogSearch(app.db).search('An wen wende ich mich wegen einem neuen PC?').concepts.map((c) => c.word)).toEqual(['pc']);
    // (but "for IT problems" is no thing of its own: asking whom to call for them is asking for help)
    expect(phraseWords('who do i call for it problems?').map((x) => x.word)).toContain('helpdesk');
    expect(top('who do I call for IT problems?')).toBe('servicedesk');
    expect(phraseWords('an wen wende ich mich bei computerproblemen?').map((x) => x.word)).toContain('helpdesk');
    expect(phraseWords('an wen wende ich mich wegen einem neuen pc?').map((x) => x.word)).not.toContain('helpdesk');
    // (a link clicked is phishing: the link and the click count half, the phishing is the topic)
    const linkWords = new Set<string>();
    expect(phraseWords('ich habe auf einen link geklickt', undefined, undefined, linkWords).map((x) => x.word)).toContain('phishing');
    expect(linkWords).toContain('link');
    expect(top('Who do I call about the desk phone?')).toBe('deskphone');
  });

  it('two words of a name written as one still find it ("powerbi" for Power BI)', () => {
    expect(top('powerbi zugang')).toBe('reports');
    expect(top('PowerBI')).toBe('reports');
  });

  it('a phrase explains the words it begins and ends with, not the topic between them', () => {
    const explained = new Set<string>();
    expect(phraseWords('mein kollege hört ende monat auf', new Set(), explained).map((x) => x.word)).toContain('austritt');
    expect([...explained]).toEqual(['hort', 'auf']);
    const login = new Set<string>();
    phraseWords('ich chume nöd is kis ine', new Set(), login);
    expect(login.has('kis')).toBe(false);
    // (getting in nowhere is a sign-in problem too: "komme nirgends mehr rein", Swiss "niene")
    expect(phraseWords('ich komme seit heute morgen nirgends mehr rein').map((x) => x.word)).toContain('anmelden');
    expect(phraseWords('i chume niene me ine').map((x) => x.word)).toContain('anmelden');
  });

  it('in a Swiss German question a word no entry knows weighs less: it is more often dialect than another topic', () => {
    const idfOf = (q: string) => catalogSearch(app.db).search(q).concepts.find((c) => c.word === 'gopfertori')!;
    const swiss = idfOf('isch mis postfach scho gopfertori voll?');
    const standard = idfOf('ist mein Postfach gopfertori voll?');
    expect(swiss.unknown && standard.unknown).toBe(true);
    expect(swiss.idf).toBeLessThan(standard.idf);
  });

  it('a pasted blob is one word no entry knows: never split or corrected', () => {
    const blob = 'Passwortrücksetzungsantragsformular'.repeat(50);
    const { concepts } = catalogSearch(app.db).search(blob);
    expect(concepts).toHaveLength(1);
    expect(concepts[0]!.unknown).toBe(true);
    // a real compound still splits
    expect(catalogSearch(app.db).search('Schnurlostelefonakku').concepts.length).toBeGreaterThan(1);
  });

  it('two words the catalog writes as one are joined ("Schnurlos Telefon")', () => {
    const words = catalogSearch(app.db).search('Schnurlos Telefon Akku').concepts.map((c) => c.word);
    expect(words).toContain('schnurlostelefon');
    expect(words).not.toContain('schnurlos');
  });

  it('light words count little: "see" does not make a match', () => {
    expect(isWeak('see')).toBe(true);
    expect(top('how do I see this')).toBeNull();
  });

  it('the lexicon file is valid and written in Swiss spelling', () => {
    const text = readFileSync(join(DATA_DIR, 'lexicon.yaml'), 'utf8');
    expect(text).not.toContain('ß');
    const y = parse(text) as { synonyms: string[][]; swiss: Record<string, string> };
    for (const g of y.synonyms) expect(g.length).toBeGreaterThanOrEqual(2);
    expect(words(y.swiss.natel!)).toEqual(['handy']);
  });

  it('a broken lexicon file is refused with the file and the field named', () => {
    const text = readFileSync(join(DATA_DIR, 'lexicon.yaml'), 'utf8');
    expect(parseLexicon(text).broader.phone).toContain('natel');
    // (YAML syntax: the file and the line)
    expect(() => parseLexicon(text.replace('swiss:\n  natel: handy\n', 'swiss:\n  natel: handy\n  natel: handy\n'), 'lex.yaml')).toThrow(/^lex\.yaml: \(file\): Map keys must be unique at line \d+/);
    const y = parse(text) as Record<string, unknown>;
    const broken = (change: Record<string, unknown>) => () => parseLexicon(stringify({ ...y, ...change }), 'lex.yaml');
    expect(broken({ broader: { phone: ['handy'] } })).toThrow('lex.yaml: broader: expected broad word: narrower words pairs');
    expect(broken({ swiss: ['natel'] })).toThrow('lex.yaml: swiss: expected word: standard word pairs');
    expect(broken({ synonyms: [['allein']] })).toThrow('lex.yaml: synonyms: expected a list of groups of at least two words');
    expect(broken({ weak: 'see fix' })).toThrow('lex.yaml: weak: expected a list of texts');
    // (the broader section may be left out)
    expect(parseLexicon(stringify({ ...y, broader: undefined })).broader).toEqual({});
  });

  it('a broader word of a synonym group is looked for less from a narrower one: "Natel" is the mobile, not the desk phone', () => {
    expect(synonymsOf('natel')).not.toContain('phone');
    expect(broaderOf('natel')).toEqual(['phone']);
    // (the other way round it stays a synonym: "my phone" still finds the mobile phone)
    expect(synonymsOf('phone')).toContain('handy');
    withCatalog('broader.yaml', catalogYaml([
      svc('desk-phone', ['Festnetztelefon', 'Desk phone'], ['Das Telefon auf dem Pult.', 'The phone on your desk.']),
      svc('mobile', ['Geschäftshandy', 'Business smartphone'], ['Ein Smartphone für die Arbeit.', 'A smartphone for work.']),
    ]), (db) => {
      expect(firstIn(db, 'Natel kaputt')).toBe('mobile');
      const alts = catalogSearch(db).search('Natel kaputt').concepts.find((c) => c.word === 'natel')!.alts;
      expect(alts.get('phone')).toBeLessThan(alts.get('smartphon') ?? 0);
      expect(answerQuestion(db, 'my phone fell into the lake').results.map((r) => r.id)).toContain('mobile');
    });
  });

  it('"IT-" before a word says nothing when asking IT: "IT-Abmeldung" is the sign-off, no unknown word "itabmeldung"', () => {
    withCatalog('it-prefix.yaml', catalogYaml([
      svc('offboarding', ['Austritt', 'Leaving'], ['Abmeldung und Rückgabe beim Austritt.', 'Sign-off and returns when someone leaves.']),
      svc('hr-exit', ['Austrittsgespräch', 'Exit interview'], ['Gespräch mit HR beim Austritt.', 'Talk with HR when leaving.']),
    ]), (db) => {
      expect(wordsIn(db, 'Mitarbeiteraustritt IT-Abmeldung')).not.toContain('itabmeldung');
      expect(wordsIn(db, 'Mitarbeiteraustritt IT-Abmeldung')).toContain('abmeldung');
      const a = answerQuestion(db, 'Mitarbeiteraustritt IT-Abmeldung');
      expect([a.answered, a.results[0]!.id]).toEqual([true, 'offboarding']);
    });
  });

  it('getting at something from home is remote access: "wie chumi vo dihei is Redax" is the VPN, not the editorial system', () => {
    const implied = (q: string) => phraseWords(fold(q)).map((x) => x.word);
    expect(implied('wie chum i vo dihei uf mini dateie?')).toContain('fernzugriff');
    expect(implied('How do I access my folders from home?')).toContain('fernzugriff');
    expect(implied('Von daheim kann ich nicht zugreifen')).toContain('fernzugriff');
    // (home alone is no remote access: "home care", "Homeoffice-Pauschale")
    expect(implied('Wer zahlt mir das Internet zuhause?')).not.toContain('fernzugriff');
    withCatalog('remote.yaml', catalogYaml([
      svc('vpn', ['Fernzugriff (VPN)', 'Remote access (VPN)'], ['Sicher ins Firmennetz von unterwegs.', 'Safely into the company network when away.']),
      svc('cms', ['Redaktionssystem Redax', 'Redax editorial system'], ['Artikel schreiben und planen.', 'Write and plan articles.']),
    ]), (db) => {
      expect(firstIn(db, 'wie chumi vo dihei is redax?')).toBe('vpn');
      expect(firstIn(db, 'Redax stürzt ab')).toBe('cms');
    });
  });

  it('a trouble no entry names ("mega langsam") says what is wrong with the thing, it is no unknown topic', () => {
    withCatalog('unnamed-trouble.yaml', catalogYaml([
      svc('workstation', ['Arbeitsplatz-PC', 'Desktop PC'], ['Ihr Computer im Büro.', 'Your computer in the office.']),
      svc('printer', ['Drucker', 'Printer'], ['Drucken im Büro.', 'Printing in the office.']),
      svc('vpn', 'VPN', ['Von zuhause arbeiten.', 'Work from home.']),
    ]), (db) => {
      const c = catalogSearch(db).search('de compi im büro isch mega langsam').concepts.find((x) => x.word === 'langsam')!;
      expect(c.unknown).toBe(false);
      const a = answerQuestion(db, 'Mein Computer ist uralt und so langsam, kriege ich mal einen neuen?');
      expect([a.answered, a.results[0]!.id]).toEqual([true, 'workstation']);
      // (asking IT to look at a private computer stays a private repair)
      expect(wordsIn(db, 'Mein privater PC daheim ist so langsam, könnt ihr den mal anschauen?')).toContain('not-an-it-service');
      expect(wordsIn(db, 'Ich habe keinen eigenen Computer. Wo kann ich meine Mails anschauen?')).not.toContain('not-an-it-service');
    });
  });

  it('a phone that fell, was lost or stolen is the mobile phone, not the desk phone', () => {
    withCatalog('mishap.yaml', catalogYaml([
      svc('desk-phone', ['Bürotelefon', 'Office phone'], ['Das Telefon auf Ihrem Pult.', 'The phone on your desk.']),
      svc('mobile', ['Geschäftshandy', 'Business mobile'], ['Ein Smartphone für die Arbeit.', 'A smartphone for work.']),
      svc('servicedesk', ['Servicedesk', 'Service desk'], ['Hilfe bei Problemen mit Telefon und Computer.', 'Help with phone and computer problems.']),
    ]), (db) => {
      expect(firstIn(db, 'My phone fell into the lake on the weekend, what now?')).toBe('mobile');
      expect(firstIn(db, 'Ich habe mein Telefon im Zug liegen lassen')).toBe('mobile');
      // (without a mishap the phone stays any phone: the office phone is named)
      expect(firstIn(db, 'Mein Bürotelefon klingelt nicht')).toBe('desk-phone');
    });
  });

  it('a name with an explanation in brackets is also the name without it: "SAP (orders, invoicing)" is SAP', () => {
    withCatalog('brackets.yaml', catalogYaml([
      svc('sap', ['SAP (Aufträge, Material, Fakturierung)', 'SAP (orders, materials, invoicing)'], ['Das zentrale Geschäftssystem.', 'The central business system.']),
      svc('cmms', ['Instandhaltungssoftware (SAP PM)', 'Maintenance software (SAP PM)'], ['Wartung der Anlagen.', 'Maintenance of the plants.']),
    ]), (db) => {
      const hits = catalogSearch(db).search('Wie bekomme ich Zugang zu SAP?').hits;
      expect(hits.find((h) => h.id === 'sap')!.head).toBe(1);
      expect(hits[0]!.id).toBe('sap');
    });
  });

  it('a country is abroad: "visiting family in Portugal" is working abroad, not a typo of "portal"', () => {
    expect(synonymsOf('portugal')).toContain('ausland');
    expect(synonymsOf('thailand')).toContain('abroad');
    // (a language is translation, an interpreter too)
    expect(synonymsOf('albanisch')).toContain('translation');
    expect(synonymsOf('dolmetscher')).toContain('interpreter');
    withCatalog('abroad.yaml', catalogYaml([
      svc('work-abroad', ['Arbeiten im Ausland', 'Working abroad'], ['Mit dem Laptop im Ausland sicher arbeiten.', 'Work safely with your laptop abroad.']),
      svc('portal', ['Mitarbeiterportal', 'Staff portal'], ['Das Portal für alle Mitarbeitenden.', 'The portal for all staff.']),
      svc('family-app', ['Familienkalender', 'Family calendar'], ['Termine für die Familie.', 'Dates for your family.']),
    ]), (db) => {
      expect(firstIn(db, "I'm visiting family in Portugal for two weeks, could I work from there?")).toBe('work-abroad');
      expect(wordsIn(db, 'Ferien in Thailand')).toContain('thailand');
    });
  });

  it('the wireless network is narrower than "online" and "internet": slow Wi-Fi in the warehouse is the Wi-Fi, not an online report', () => {
    expect(broaderOf('wlan').sort()).toEqual(['internet', 'online']);
    expect(synonymsOf('internet')).toContain('wlan');
    withCatalog('broader-wifi.yaml', catalogYaml([
      svc('wifi', ['Wireless-Netz', 'Wireless network'], ['Drahtloses Netz in allen Gebäuden.', 'Radio network in all buildings.']),
      svc('stock-report', ['Online-Lagerberichte', 'Online warehouse reports'], ['Lagerbestand und Performance ansehen.', 'Stock and performance.']),
      svc('wms', ['Lagerverwaltung', 'Warehouse management'], ['Wareneingang und Lagerplätze verwalten.', 'Goods receipt and storage bins.']),
    ]), (db) => {
      expect(firstIn(db, 's wlan im lager isch mega langsam')).toBe('wifi');
      const alts = catalogSearch(db).search('wlan langsam').concepts.find((c) => c.word === 'wlan')!.alts;
      expect(alts.get('onlin')).toBeLessThan(alts.get('wireless') ?? 0);
    });
  });
});

/** A service of a test catalog: its id, its name (one for both languages, or German and English), its summary (German, English), more fields. */
function svc(id: string, name: string | [de: string, en: string], summary: [de: string, en: string], more: Record<string, unknown> = {}): Record<string, unknown> {
  const [de, en] = typeof name === 'string' ? [name, name] : name;
  return { id, name: { de, en }, summary: { de: summary[0], en: summary[1] }, ...more };
}

/** A catalog file (YAML, as operators write it) of these services, then official answers written as YAML. */
function catalogYaml(services: Array<Record<string, unknown>>, answers = ''): string {
  return `\n${stringify({ services }, { lineWidth: 0 })}${answers}`;
}

/** The weight a question gives one of its words (the idf of its concept), and the words it reads as concepts. */
const weightIn = (db: TestApp['db'], q: string, w: string) => catalogSearch(db).search(q).concepts.find((c) => c.word === w)!.idf;
const wordsIn = (db: TestApp['db'], q: string) => catalogSearch(db).search(q).concepts.map((c) => c.word);
/** The id of the first result (answered or not). */
const firstIn = (db: TestApp['db'], q: string) => answerQuestion(db, q).results[0]!.id;

/** Each question is not answered: the bot says it is not sure (named in the failure). */
function expectNoAnswer(db: TestApp['db'], questions: string[]): void {
  for (const q of questions) expect(answerQuestion(db, q).answered, q).toBe(false);
}

/** Runs `fn` on a test app holding only the given catalog (YAML). */
function withCatalog(name: string, yaml: string, fn: (db: TestApp['db']) => void): void {
  const other = testApp();
  try {
    importCatalog(other, testFile(other, name, yaml));
    fn(other.db);
  } finally {
    other.cleanup();
  }
}

/** Runs `fn` on a test app holding the catalog of one of the evaluation sets written by others. */
function withSet(set: string, fn: (db: TestApp['db']) => void): void {
  const other = testApp();
  try {
    importCatalog(other, join(import.meta.dirname, set, 'catalog.yaml'));
    fn(other.db);
  } finally {
    other.cleanup();
  }
}

/** The question is answered, with `want` first, over the catalog of an evaluation set. */
function expectAnswered(set: string, q: string, want: string): void {
  withSet(set, (db) => {
    const a = answerQuestion(db, q);
    expect({ q, answered: a.answered, top: a.results[0]?.id }).toEqual({ q, answered: true, top: want });
  });
}

describe('a compound the catalog knows as a whole', () => {
  it('weighs as rare as the whole word, not as common as its parts', () => {
    withCatalog('warehouse.yaml', catalogYaml([
      svc('wms', ['Lagerverwaltungssystem', 'Warehouse management system'], ['Bestände und Lagerplätze im Lager führen.', 'Keep stock and bin locations in the warehouse.']),
      svc('scanner', ['Handscanner', 'Handheld scanner'], ['Scanner für das Lager.', 'Scanners for the warehouse.'], { description: { de: 'Im Lager, im Lager-Büro und im Aussenlager; die Daten gehen direkt ins System der Verwaltung.', en: 'In the warehouse and its offices; data goes straight into the system.' } }),
      svc('labels', ['Etikettendrucker', 'Label printer'], ['Etiketten für das Lager drucken.', 'Print labels for the warehouse.']),
      svc('erp', ['ERP-System', 'ERP system'], ['Das System für Einkauf, Lager und Verwaltung.', 'The system for purchasing, warehouse and administration.']),
      svc('vpn', 'VPN', ['Zugang zum Firmennetz von zuhause.', 'Access to the company network from home.'], { keywords: { de: ['Zugang', 'Fernzugang'], en: ['access', 'remote access'] } }),
    ]), (db) => {
      const { hits } = catalogSearch(db).search('Wie bekomme ich Zugang zum Lagerverwaltungssystem?');
      const cov = (id: string) => hits.find((h) => h.id === id)!.coverage;
      expect(hits[0]!.id).toBe('wms');
      // the entry named by the rare compound covers more of the question than the one with "Zugang"
      expect(cov('wms')).toBeGreaterThan(cov('vpn'));
      // (and "vnp" is VPN with two letters swapped)
      expect(answerQuestion(db, 'vnp').results[0]?.id).toBe('vpn');
      // (and "VPM" in capitals is VPN with a key beside hit; in small letters a three-letter word is not changed that way)
      expect(answerQuestion(db, 'VPM geht nicht').results[0]?.id).toBe('vpn');
      expect(wordsIn(db, 'vpm')).toEqual(['vpm']);
      expect(catalogSearch(db).search('vpm').hits).toEqual([]);
    });
  });
});

describe('private devices', () => {
  it('asking IT to repair a private device is not an IT service, unless the catalog offers it', () => {
    const laptops = catalogYaml([
      svc('laptop', 'Laptop', ['Ihr Firmen-Laptop, eingerichtet und gewartet von der IT.', 'Your company laptop, set up and maintained by IT.']),
      ...['Drucker|Printer', 'Telefon|Phone', 'VPN|VPN', 'E-Mail|E-mail', 'WLAN|Wi-Fi', 'Badge|Badge', 'Software|Software', 'Teams|Teams'].map((n, i) => {
        const [de, en] = n.split('|') as [string, string];
        return svc(`s${i}`, [de, en], [`${de} im Büro.`, `${en} in the office.`]);
      }),
    ], `answers:
  - id: vpn-private
    question: {de: "Darf ich VPN auf meinem privaten Laptop zu Hause nutzen?", en: "May I use VPN on my private laptop at home?"}
    answer: {de: "Nein, nur auf Firmengeräten.", en: "No, only on company devices."}
    services: [laptop]
`);
    withCatalog('laptops.yaml', laptops, (db) => {
      expect(answerQuestion(db, 'Can IT repair my private laptop at home?').answered).toBe(false);
      expect(answerQuestion(db, 'Kann die IT meinen privaten Laptop zu Hause reparieren?').answered).toBe(false);
      expect(answerQuestion(db, 'May I use VPN on my private laptop at home?').answered).toBe(true);
    });
    withCatalog('byod.yaml', catalogYaml([
      svc('desktop', ['Arbeitsplatz-PC', 'Desktop PC'], ['Der fest installierte Computer im Büro.', 'The fixed computer in the office.']),
      svc('private-repair', ['Reparatur privater Geräte', 'Private device repair'], ['Wir reparieren private Computer gegen Verrechnung.', 'We repair private computers for a fee.']),
    ]), (db) => {
      const a = answerQuestion(db, 'Can IT repair my private computer?');
      expect(a.answered).toBe(true);
      expect(a.results[0]!.id).toBe('private-repair');
    });
  });

  it('asking which thing to buy privately is advice, not an IT service, unless the catalog sells privately', () => {
    const office = [
      svc('printing', ['Drucker', 'Printer'], ['Drucken und Scannen im Büro und im Homeoffice.', 'Printing and scanning in the office and at home.']),
      svc('mobile', ['Geschäftshandy', 'Mobile phone'], ['Ein Handy mit Abo für die Arbeit.', 'A phone with a plan for work.']),
      ...['Laptop|Laptop', 'VPN|VPN', 'E-Mail|E-mail', 'WLAN|Wi-Fi', 'Badge|Badge', 'Teams|Teams'].map((n, i) => {
        const [de, en] = n.split('|') as [string, string];
        return svc(`s${i}`, [de, en], [`${de} im Büro.`, `${en} in the office.`]);
      }),
    ];
    withCatalog('office.yaml', catalogYaml(office), (db) => {
      expect(answerQuestion(db, 'Welchen Drucker soll ich mir für zuhause kaufen?').answered).toBe(false);
      expect(answerQuestion(db, 'Which printer should I buy for my home office?').answered).toBe(false);
      expect(answerQuestion(db, 'Can you recommend a good phone plan for my private mobile?').answered).toBe(false);
      expect(answerQuestion(db, 'Welcher Drucker ist fürs Homeoffice zu Hause am besten?').answered).toBe(false);
      expect(answerQuestion(db, 'What\'s a good printer to buy for my home office?').answered).toBe(false);
      expect(answerQuestion(db, 'What is the best way to print from home?').answered).toBe(true);
      // (without a private word it is about work: which printer to order, what the company gives)
      expect(answerQuestion(db, 'Welchen Drucker soll ich bestellen?').results[0]?.id).toBe('printing');
      expect(answerQuestion(db, 'Druckt der Drucker auch im Homeoffice?').answered).toBe(true);
      // ("where can I buy", a flat of one's own)
      expect(answerQuestion(db, 'Where can I buy a case for my private phone?').answered).toBe(false);
      expect(answerQuestion(db, 'Can you recommend a good Wi-Fi router for my flat?').answered).toBe(false);
      expect(answerQuestion(db, 'Wo kann ich einen Drucker für meine Wohnung kaufen?').answered).toBe(false);
    });
    // (an entry about persons and open cases sells nothing privately: "personal" and "offer" share their stems with them)
    withCatalog('office.yaml', catalogYaml([...office, svc('stats', ['Statistik', 'Statistics'], ['Offene Fälle pro Person und Gemeinde.', 'Open cases per person and municipality.'])]), (db) => {
      expect(answerQuestion(db, 'What printer should I buy for my home office?').answered).toBe(false);
    });
    // (what the business charges its customers, or when it opens for them, is the business's own matter)
    withCatalog('office.yaml', catalogYaml([...office, svc('counter', ['Schalter-PC', 'Counter PC'], ['Der Computer am Schalter für die Kundschaft.', 'The computer at the customer counter.'])]), (db) => {
      expect(answerQuestion(db, 'Was kostet ein Drucker für Kunden?').answered).toBe(false);
      expect(answerQuestion(db, 'What time does the counter open for customers on Saturday?').answered).toBe(false);
      expect(answerQuestion(db, 'Der Schalter-PC für die Kunden geht nicht').results[0]?.id).toBe('counter');
    });
    // (nor is having an application of one's own built, unless an entry offers development)
    withCatalog('office.yaml', catalogYaml([...office, svc('software', ['Software-Bestellung', 'Software request'], ['Programme und Apps für Ihren Computer bestellen.', 'Order programs and apps for your computer.'])]), (db) => {
      expect(answerQuestion(db, 'Kann die IT uns eine eigene App für die Tourenplanung programmieren?').answered).toBe(false);
      expect(wordsIn(db, 'Kann die IT uns eine eigene App für die Tourenplanung programmieren?')).toContain('not-an-it-service');
      expect(answerQuestion(db, 'Can you build us an app so citizens can report damage?').answered).toBe(false);
      expect(answerQuestion(db, 'Wie bekomme ich eine App auf meinen Computer?').results[0]?.id).toBe('software');
    });
    withCatalog('dev.yaml', catalogYaml([...office, svc('apps', ['App-Entwicklung', 'App development'], ['Wir entwickeln Apps und Websites für Ihre Abteilung.', 'We develop apps and websites for your department.'])]), (db) => {
      expect(firstIn(db, 'Kann die IT uns eine eigene App für die Tourenplanung programmieren?')).toBe('apps');
      expect(wordsIn(db, 'Kann die IT uns eine eigene App für die Tourenplanung programmieren?')).not.toContain('not-an-it-service');
    });
    // (nor the weather forecast, a 3D printer, business cards, applying for holidays or a staff discount, unless an entry
    // offers it)
    withCatalog('office.yaml', catalogYaml([...office, svc('weather', ['Wetterstationen', 'Weather stations'], ['Messdaten unserer Wetterstationen im Netz.', 'Readings of our weather stations online.'])]), (db) => {
      for (const q of ['Wie wird das Wetter morgen in Luzern?', 'Is there a 3D printer somewhere I can use?', 'I need new business cards with my new job title', 'Wie beantrage ich Ferien?', 'Kann ich Ferien beantragen?', 'Who approves my holiday request?', 'Gibt es einen Mitarbeiterrabatt im Shop?']) {
        expect(wordsIn(db, q)).toContain('not-an-it-service');
      }
      expect(wordsIn(db, 'Die Wetterstation auf dem Dach sendet keine Daten')).not.toContain('not-an-it-service');
      for (const q of ['Can I swap my weekend shift with a colleague?', 'Was gibt es heute in der Kantine?', 'Wann wird der Lohn dieses Monat ausbezahlt?', 'Does the company pay for my internet connection at home?', 'muess i mis GA sälber zahle oder zahlt d firma?', 'Kann mir jemand meinen privaten Drucker zu Hause einrichten?']) {
        expect(wordsIn(db, q)).toContain('not-an-it-service');
      }
      // (may I install a work app on my private phone is a question for IT)
      expect(wordsIn(db, 'Darf ich die Teams-App auf meinem privaten Handy installieren?')).not.toContain('not-an-it-service');
      // (a printer that will not print them is a printer)
      expect(wordsIn(db, 'Der Drucker druckt keine Visitenkarten')).not.toContain('not-an-it-service');
    });
    // (a password manager the catalog names under another name, "Password vault", is the catalog's)
    const vault = svc('vault', ['Passwort-Tresor', 'Password vault'], ['Ein Tresor für die Zugangsdaten Ihres Teams.', 'A vault for your team\'s logins.']);
    withCatalog('office.yaml', catalogYaml(office), (db) => {
      expect(wordsIn(db, 'Do we have a company password manager like 1Password?')).toContain('not-an-it-service');
    });
    withCatalog('vault.yaml', catalogYaml([...office, vault]), (db) => {
      expect(wordsIn(db, 'Do we have a company password manager like 1Password?')).not.toContain('not-an-it-service');
    });
    // (a catalog that speaks of 3D models only, or of developing its own system, offers neither a 3D printer nor app development)
    withCatalog('cad.yaml', catalogYaml([...office, svc('cad', ['CAD-Arbeitsplatz', 'CAD workstation'], ['3D-Modelle konstruieren; wir entwickeln das System laufend weiter.', 'Design 3D models; we keep developing the system.'])]), (db) => {
      expect(wordsIn(db, 'Is there a 3D printer somewhere I can use?')).toContain('not-an-it-service');
      expect(wordsIn(db, 'Can you develop an app for our customers?')).toContain('not-an-it-service');
    });
    withCatalog('3d.yaml', catalogYaml([...office, svc('3d', ['3D-Drucker', '3D printer'], ['Modelle auf dem 3D-Drucker drucken lassen.', 'Have models printed on the 3D printer.'])]), (db) => {
      expect(wordsIn(db, 'Is there a 3D printer somewhere I can use?')).not.toContain('not-an-it-service');
      expect(firstIn(db, 'Is there a 3D printer somewhere I can use?')).toBe('3d');
    });
    withCatalog('shop.yaml', catalogYaml([
      ...office,
      svc('staff-shop', ['Mitarbeiterangebot', 'Staff offer'], ['Private Geräte zum Firmenrabatt kaufen.', 'Buy private devices at the company discount.']),
    ]), (db) => {
      expect(answerQuestion(db, 'Which printer should I buy for my home office?').answered).toBe(true);
    });
  });
});

describe('services and official answers', () => {
  it('a question that does not ask why wants the service; one that asks why, the official answer', () => {
    withCatalog('mfa.yaml', catalogYaml([
      svc('mfa', ['Zwei-Faktor-Anmeldung', 'Two-factor sign-in'], ['Anmelden mit Passwort und einem Code der Authenticator-App.', 'Sign in with your password and a code from the authenticator app.']),
    ], `answers:
  - id: why-mfa
    question: {de: "Warum brauche ich die Zwei-Faktor-Anmeldung auf dem Handy?", en: "Why do I need two-factor sign-in on my phone?"}
    answer: {de: "Weil ein Passwort allein zu leicht gestohlen wird.", en: "Because a password alone is too easily stolen."}
    services: [mfa]
`), (db) => {
      const first = (q: string) => firstIn(db, q);
      expect(first('How do I set up two-factor sign-in on my new phone?')).toBe('mfa');
      expect(first('Zwei-Faktor-Anmeldung auf dem neuen Handy einrichten')).toBe('mfa');
      expect(first('Warum brauche ich die Zwei-Faktor-Anmeldung auf dem Handy?')).toBe('why-mfa');
      expect(first('Why do I need two-factor sign-in on my phone, of all places?')).toBe('why-mfa');
    });
  });
});

describe('the thing named and what is wrong with it', () => {
  const PHONES = catalogYaml([
    svc('mobile', ['Geschäftshandy', 'Business mobile phone'], ['Ein Smartphone mit Firmen-Abo.', 'A smartphone with a company subscription.'], { keywords: { de: ['Natel', 'Handy-Abo'], en: ['mobile', 'phone plan'] } }),
    svc('desk', ['Servicedesk', 'Service desk'], ['Meldet Störungen und Defekte an allen Geräten, auch am Handy.', 'Report faults and defects on any device, the mobile too.'], { keywords: { de: ['defekt', 'Störung', 'kaputt'], en: ['broken', 'fault'] } }),
    svc('spare', ['Ersatzteile', 'Spare parts'], ['Ersatz für Akkus und Kabel, einzeln oder als ganzer Satz.', 'Replacement batteries and cables, one by one or as a set.']),
  ]);

  it('"Handy kaputt" is the phone, not the desk that takes reports of defects; with nothing named, broken still finds the desk', () => {
    withCatalog('phones.yaml', PHONES, (db) => {
      const first = (q: string) => firstIn(db, q);
      expect(first('Handy kaputt')).toBe('mobile');
      expect(first('my mobile is broken')).toBe('mobile');
      expect(first('kaputt')).toBe('desk');
    });
  });

  it('a device and its part with something wrong is the device ("my laptop screen is cracked"); a part wanted on its own is the part', () => {
    withCatalog('parts.yaml', catalogYaml([
      svc('laptop', 'Laptop', ['Ihr Arbeitsgerät für Büro und unterwegs.', 'Your work computer for the office and on the move.']),
      svc('peripherals', ['Bildschirme und Zubehör', 'Screens and accessories'], ['Zusätzliche Bildschirme, Tastaturen und Mäuse.', 'Extra screens, keyboards and mice.']),
      svc('vpn', 'VPN', ['Von zuhause mit dem Laptop ins Firmennetz.', 'Into the company network from home with your laptop.']),
      svc('software', 'Software', ['Programme für Ihren Laptop.', 'Programs for your laptop.']),
      svc('docking', ['Dockingstation', 'Docking station'], ['Den Laptop am Arbeitsplatz anschliessen.', 'Connect your laptop at your desk.']),
      svc('backup', ['Datensicherung', 'Backup'], ['Die Dateien auf Ihrem Laptop werden gesichert.', 'The files on your laptop are backed up.']),
    ]), (db) => {
      const first = (q: string) => firstIn(db, q);
      expect(first('my labtop screen is craked')).toBe('laptop');
      expect(first('min laptop isch abe gheit und de bildschirm isch jetzt kaputt')).toBe('laptop');
      expect(first('Ich brauche einen zweiten Bildschirm für meinen Laptop')).toBe('peripherals');
      // (a workplace word that is what happened to the device is no sign of another topic; the coffee machine stays out of scope)
      expect(answerQuestion(db, "My laptop won't turn on after I spilled coffee on it").answered).toBe(true);
      expect(first("My laptop won't turn on after I spilled coffee on it")).toBe('laptop');
      expect(answerQuestion(db, 'The coffee machine in the break room is broken').answered).toBe(false);
      // (also beside a part alone: coffee on the keyboard is what happened to it)
      const coffee = catalogSearch(db).search('Meine Maus spinnt und die Tastatur hat Kaffee abbekommen').concepts.find((c) => c.word === 'kaffee')!;
      expect(coffee.unknown).toBe(false);
      expect(coffee.light).toBe(true);
    });
  });

  it('with something wrong, the room or site after the thing is where it happens ("de drucker im depot druckt nüt")', () => {
    withCatalog('sites.yaml', catalogYaml([
      svc('wifi', ['WLAN', 'Wi-Fi'], ['Drahtloses Netz in allen Gebäuden.', 'Wireless network in all buildings.']),
      svc('rooms', ['Sitzungszimmer', 'Meeting rooms'], ['Sitzungszimmer im Depot und in der Zentrale reservieren.', 'Book meeting rooms at the depot and at head office.']),
      svc('depot-pc', ['Depot-PC', 'Depot PC'], ['Gemeinsame Computer im Depot Grünau und im Depot Seefeld.', 'Shared computers at the Grünau and Seefeld depots.']),
      svc('printing', ['Drucker', 'Printers'], ['Drucken und Kopieren an allen Standorten.', 'Printing and copying at all sites.']),
    ]), (db) => {
      const first = (q: string) => firstIn(db, q);
      expect(first('de drucker im depot grünau druckt eifach nüt')).toBe('printing');
      expect(first('s wlan im sitzungszimmer isch mega langsam')).toBe('wifi');
      expect(first('the printer in the depot is broken')).toBe('printing');
      // (with nothing wrong, the room is a topic like any other word)
      expect(first('Sitzungszimmer im Depot reservieren')).toBe('rooms');
      expect(first('PC im Depot Grünau')).toBe('depot-pc');
      // (also where the thing is read after the place: a compound's parts are read last)
      expect(weightIn(db, 'Druckerproblem im Depot, druckt nicht', 'depot')).toBeCloseTo(weightIn(db, 'Druckerproblem und Depot, druckt nicht', 'depot') / 2);
    });
  });

  it('the participle of a separable verb meets its verb and noun (ausgestellt / ausstellen, abgestürzt / Absturz)', () => {
    expect(stems('ausgestellt')).toEqual(expect.arrayContaining(stems('ausstellen')));
    expect(stems('angemeldet')).toEqual(expect.arrayContaining(stems('anmelden')));
    expect(stems(fold('heruntergeladen'))).toEqual(expect.arrayContaining(stems('herunterladen')));
    expect(stems(fold('abgestürzt'))).toEqual(expect.arrayContaining(stems(fold('absturz'))));
    // (a noun that merely starts like one is left alone)
    expect(stems('angebot')).toEqual(['angebot']);
    withCatalog('register.yaml', catalogYaml([
      svc('register', ['Digitales Kirchenbuch', 'Digital parish register'], ['Hier werden Taufen offiziell eingetragen und Bestätigungen dafür ausgestellt.', 'Where baptisms are recorded and certificates issued.']),
      svc('app', ['Kirchen-App', 'Church app'], ['Die App mit Gottesdiensten und Terminen.', 'The app with services and dates.']),
    ]), (db) => {
      const a = answerQuestion(db, 'Bestätigung ausstellen');
      expect(a.results[0]?.id).toBe('register');
    });
  });

  it('working from the kitchen table, the sofa or a café is working away from the office: remote access', () => {
    withCatalog('remote.yaml', catalogYaml([
      svc('vpn', ['VPN-Fernzugriff', 'VPN remote access'], ['Von zu Hause sicher auf die Firmenprogramme zugreifen.', 'Reach the company programs safely from home.']),
      svc('kitchen', ['Küchenplanung', 'Kitchen planning'], ['Das Programm der Küche für Menüs und Einkauf.', 'The kitchen program for menus and purchasing.']),
      svc('time', ['Zeiterfassung', 'Time recording'], ['Arbeitszeit am Computer erfassen.', 'Record working hours on the computer.']),
    ]), (db) => {
      for (const q of ['I\'d like to work from my kitchen table on Fridays, how do I get to our systems?', 'I\'m on my sofa tonight and need to get into the company systems', 'When I work from a café the programs won\'t open', 'Wie komme ich vom Sofa aus auf die Programme?']) {
        const r = catalogSearch(db).search(q);
        expect({ q, top: r.hits[0]?.id, kitchen: r.concepts.some((c) => /kitchen|sofa|cafe/.test(c.word)) }).toEqual({ q, top: 'vpn', kitchen: false });
      }
      expect(answerQuestion(db, 'Wie komme ich vom Sofa aus auf die Programme?').results[0]?.id).toBe('vpn');
      // (a kitchen named for itself is still the kitchen's program)
      expect(answerQuestion(db, 'Küchenplanung Menüs').results[0]?.id).toBe('kitchen');
    });
  });

  it('a word whose stem is another word is kept whole: onboarding is no onboard computer, a training no train', () => {
    expect(stems('onboarding')).toEqual(['onboarding']);
    expect(stems('trainings')).toEqual(['training']);
    expect(stems('training')).not.toContain('train');
    // (toner is no Ton, the sound of a headset; a sticker no USB stick)
    expect(stems('toner')).toEqual(['toner']);
    expect(stems('stickers')).toEqual(['sticker']);
    withCatalog('whole.yaml', catalogYaml([
      svc('onboard', ['Bordcomputer', 'Onboard computer'], ['Der Computer im Bus für Fahrer und Billette.', 'The computer on board the bus for drivers and tickets.']),
      svc('onboarding', 'Onboarding', ['Alles für neue Mitarbeitende ab dem ersten Tag.', 'Everything for new staff from day one.']),
      svc('training', ['IT-Schulungen', 'IT training'], ['Kurse zu Office und Teams.', 'Courses on Office and Teams.']),
    ]), (db) => {
      const ids = (q: string) => answerQuestion(db, q).results.map((r) => r.id);
      expect(ids('the onboard computer on bus 7 is frozen')).not.toContain('onboarding');
      expect(answerQuestion(db, 'book a train to Bern').answered).toBe(false);
      expect(ids('is there a training for Teams')[0]).toBe('training');
    });
  });

  it('a hyphenated name counts by its specific part; a lexicon word is neither split nor corrected into another word', () => {
    withCatalog('hyphen.yaml', catalogYaml([
      svc('mfa', ['Zwei-Faktor-Anmeldung', 'Two-factor sign-in'], ['Anmelden mit der Authenticator auf dem Handy.', 'Sign in with the authenticator on your phone.']),
      svc('shifts', ['Schichtplan-App', 'Shift app'], ['Die App für Ihre Schichten auf dem Handy; einrichten im Portal.', 'The app for your shifts on your phone; set it up in the portal.']),
      svc('headset', 'Headset', ['Für Anrufe am Laptop.', 'For calls on the laptop.']),
      svc('prices', ['Kosten', 'Costs'], ['Was die IT kostet.', 'What IT costs.']),
    ]), (db) => {
      expect(wordsIn(db, 'Wie richte ich die Authenticator-App auf meinem neuen Handy ein?')).not.toContain('app');
      expect(wordsIn(db, 'Meine Kopfhörer sind kaputt')).toContain('kopfhorer');
      expect(catalogSearch(db).search('Kann die IT unsere Website hosten?').concepts.find((c) => c.word === 'hosten')?.alts.has('kost')).toBe(false);
    });
  });

  it('a compound splits at a head written as a word (Handy|ersatz), not at a stem\'s guess (Handyer|satz)', () => {
    withCatalog('phones.yaml', PHONES, (db) => {
      const words = catalogSearch(db).search('Handyersatz').concepts.map((c) => c.word);
      expect(words).toEqual(['handy', 'ersatz']);
    });
  });

  it('a generic action with a typo carries no meaning of its own ("aply" is apply, not an unknown word)', () => {
    withCatalog('phones.yaml', PHONES, (db) => {
      const a = answerQuestion(db, 'how do i aply for a new mobile phone');
      expect(a.answered).toBe(true);
      expect(a.results[0]!.id).toBe('mobile');
      expect(catalogSearch(db).search('aply mobile').concepts.some((c) => c.word === 'aply')).toBe(false);
      // (a word one letter from an action but with another first letter stays a word of its own)
      expect(catalogSearch(db).search('bply mobile').concepts.some((c) => c.word === 'bply')).toBe(true);
      // (also where a stem of the typo meets a catalog word: "bestelen" is bestellen; a real word near an action stays itself)
      expect(catalogSearch(db).search('handy bestelen').concepts.map((c) => c.word)).toEqual(['handy']);
      expect(catalogSearch(db).search('ordner handy').concepts.map((c) => c.word)).toContain('ordner');
    });
  });
});

describe('a retired service the description says is replaced', () => {
  const RETIRED = catalogYaml([
    svc('fax', ['Faxdienst', 'Fax service'], ['Faxe senden und empfangen.', 'Send and receive faxes.'], { description: { de: 'Der Faxdienst wurde 2024 eingestellt. Ersatz ist der Dienst «Drucken und Scannen»: scannen Sie an Ihre E-Mail.', en: 'The fax service was switched off in 2024. It is replaced by the \'Printing and scanning\' service: scan to your e-mail.' }, status: 'retired' }),
    svc('print', ['Drucken und Scannen', 'Printing and scanning'], ['Multifunktionsgeräte auf jedem Stock.', 'Multifunction devices on every floor.']),
    svc('roster', ['Dienstplan', 'Duty roster'], ['Ihr Dienstplan in der App.', 'Your duty roster in the app.']),
    svc('roster-office', ['Dienstplanung', 'Duty planning'], ['Die Planer erstellen die Dienste.', 'Planners build the duties.']),
  ]);

  it('a question naming it gets the replacement the description names, even where that one ranks low on its own', () => {
    withCatalog('retired.yaml', RETIRED, (db) => {
      const a = answerQuestion(db, 'Gibt es noch einen Faxdienst?');
      expect(a.results.map((r) => r.id)).not.toContain('fax');
      expect(a.results[0]!.id).toBe('print');
      expect(a.retired?.id).toBe('fax');
    });
  });

  it('the replacement may be named by a part of its name, by its id, or in the summary', () => {
    const CITRIX = catalogYaml([
      svc('citrix', ['Citrix-Portal (alt)', 'Citrix portal (old)'], ['Der frühere Webzugang, ersetzt durch den neuen Fernzugriff.', 'The former web access, replaced by the new remote access.'], { status: 'retired' }),
      svc('remote-access', ['Fernzugriff & Homeoffice', 'Remote access & working from home'], ['Von zuhause arbeiten.', 'Work from home.']),
      svc('email', ['E-Mail und Kalender', 'E-mail and calendar'], ['Ihr Postfach.', 'Your mailbox.']),
      svc('badge', 'Badge', ['Der Ausweis für das Portal am Eingang, verfügbar am Empfang.', 'The badge for the portal at the entrance, available at reception.']),
    ]);
    withCatalog('citrix.yaml', CITRIX, (db) => expect(firstIn(db, 'Is the Citrix portal still available?')).toBe('remote-access'));
    withCatalog('citrix2.yaml', CITRIX.replace('ersetzt durch den neuen Fernzugriff', 'abgeschaltet').replace('replaced by the new remote access', 'switched off; use the service remote-access instead'), (db) =>
      expect(firstIn(db, 'Is the Citrix portal still available?')).toBe('remote-access'));
    // (a part of a name that is no name of its own does not count: "E-Mail" of "E-Mail und Kalender")
    withCatalog('citrix3.yaml', CITRIX.replace('ersetzt durch den neuen Fernzugriff', 'ersetzt durch E-Mail').replace('replaced by the new remote access', 'replaced by e-mail'), (db) =>
      expect(answerQuestion(db, 'Is the Citrix portal still available?').results[0]?.id).not.toBe('email'));
  });

  it('a name merely mentioned (no "replaced by") must also be the next best match', () => {
    withCatalog('retired2.yaml', RETIRED.replace('Ersatz ist der Dienst', 'Früher gab es auch').replace('It is replaced by the', 'There also was the'), (db) => {
      const a = answerQuestion(db, 'Gibt es noch einen Faxdienst?');
      expect(a.results.map((r) => r.id)).not.toContain('fax');
      expect(a.results[0]?.id).not.toBe('print');
      expect(a.gone?.id).toBe('fax');
    });
  });
});

describe('light words alone', () => {
  it('"are you a real person?" is not answered because an entry happens to say "real" and "person"', () => {
    withCatalog('light.yaml', catalogYaml([
      svc('stats', ['Webstatistik', 'Web statistics'], ['Zahlen in Echtzeit, wie viele Personen unsere Artikel lesen.', 'Real-time figures on how many persons read our stories.']),
      svc('device', ['Gerät', 'Device'], ['Ihr Arbeitsgerät.', 'Your work device.']),
    ], `answers:
  - id: what-it-does
    question: {de: "Was macht die IT eigentlich?", en: "What does IT actually do?"}
    answer: {de: "Sie hält alles am Laufen.", en: "It keeps everything running."}
`), (db) => {
      expect(answerQuestion(db, 'are you a real person?').answered).toBe(false);
      // (praise is no topic: "great" is not a typo of "Gerät")
      expect(answerQuestion(db, "thanks, you're a great bot :)").answered).toBe(false);
      // (light words that make up much of an official question still find it)
      expect(answerQuestion(db, 'what does IT actually do').results[0]?.id).toBe('what-it-does');
      expect(answerQuestion(db, 'what does IT actually do').answered).toBe(true);
    });
  });
});

describe('Swiss ä', () => {
  it('Swiss German writes ä for many a standard e: "aamäldig" is Anmeldung, "bluetspänd" Blutspende', () => {
    withCatalog('swiss-ae.yaml', catalogYaml([
      svc('reception', ['Anmeldung am Empfang', 'Reception desk'], ['Der Computer an der Anmeldung.', 'The computer at reception.']),
      svc('drives', ['Mobile Blutspende', 'Mobile blood drives'], ['Koffer mit Laptop und Drucker für die Blutspende unterwegs.', 'Cases with laptop and printer for blood drives on the road.']),
      svc('wifi', ['WLAN', 'Wi-Fi'], ['Internet im Haus.', 'Internet in the building.']),
    ]), (db) => {
      for (const [q, id] of [['d aamäldig spinnt', 'reception'], ['mir händ e frag zur bluetspänd', 'drives']]) {
        expect(answerQuestion(db, q!).answered).toBe(true);
        expect(firstIn(db, q!)).toBe(id);
      }
      // (as written, without the umlaut, the word is what it is: no e is guessed for an a)
      expect(catalogSearch(db).search('bluetspand').concepts[0]!.alts.has('blutspend')).toBe(false);
    });
  });

  it('Basel German writes gg for ck and ai for ei: "Drugger" is the Drucker, "zwaite Stogg" the zweite Stock', () => {
    withCatalog('swiss-gg.yaml', catalogYaml([
      svc('printing', ['Drucken', 'Printing'], ['Drucker auf jedem Stock.', 'Printers on every floor.']),
      svc('phone', ['Telefonie', 'Telephony'], ['Telefon am Arbeitsplatz.', 'Phone at your desk.']),
      svc('wifi', ['WLAN', 'Wi-Fi'], ['Internet im Haus.', 'Internet in the building.']),
    ]), (db) => {
      expect(answerQuestion(db, 'Dr Drugger im zwaite Stogg goht nit').answered).toBe(true);
      expect(firstIn(db, 'Dr Drugger im zwaite Stogg goht nit')).toBe('printing');
      // (a word the catalog has as written stays what it is)
      expect(catalogSearch(db).search('Drucker').concepts[0]!.alts.has('druck')).toBe(true);
      // ("wirde" is Swiss "würde", a function word, not a word no entry knows)
      expect(catalogSearch(db).search('wenn i pensioniert wirde').concepts.map((c) => c.word)).not.toContain('wirde');
    });
  });
});

describe('trouble words with a typo', () => {
  it('"langsamm" is slow: what is wrong, not a word no entry knows', () => {
    withCatalog('trouble-typo.yaml', catalogYaml([
      svc('wifi', ['WLAN', 'Wi-Fi'], ['Internet im ganzen Haus.', 'Internet in the whole building.']),
      svc('printing', ['Drucken', 'Printing'], ['Drucker auf jedem Stock.', 'Printers on every floor.']),
    ]), (db) => {
      const c = catalogSearch(db).search('wlan extrem langsamm').concepts.find((x) => x.word === 'langsamm')!;
      expect(c.unknown).toBe(false);
      expect(c.alts.has('langsam')).toBe(true);
      expect(answerQuestion(db, 'wlan extrem langsamm').answered).toBe(true);
    });
  });

  it('"shattered", "runtergefallen" say what is wrong; "unerträglich" only how much; "normal" only which', () => {
    withCatalog('trouble-words.yaml', catalogYaml([
      svc('laptop', ['Laptop', 'Laptop'], ['Ihr Arbeitsgerät, alle vier Jahre ersetzt.', 'Your work computer, replaced every four years.']),
      svc('wifi', ['WLAN', 'Wi-Fi'], ['Internet im ganzen Haus.', 'Internet in the whole building.']),
    ]), (db) => {
      const concept = (q: string, w: string) => catalogSearch(db).search(q).concepts.find((x) => x.word === w)!;
      for (const [q, w] of [['laptop screen shattered', 'shattered'], ['Laptop runtergefallen', 'runtergefallen']] as const) {
        expect(concept(q, w).unknown).toBe(false);
        expect(answerQuestion(db, q).answered).toBe(true);
      }
      expect(concept('Mein Laptop ist unerträglich langsam', 'unertraglich').light).toBe(true);
      // ("normal" and "zurückkommt" neither: which laptop, what happens to it)
      expect(concept('I do not want to take my normal laptop', 'normal').light).toBe(true);
      expect(concept('wann mein Laptop aus der Reparatur zurückkommt', 'zuruckkommt').light).toBe(true);
      expect(concept('Der neue Laptop ist nicht angekommen', 'angekommen').light).toBe(true);
      expect(answerQuestion(db, 'Mein Laptop ist unerträglich langsam').answered).toBe(true);
    });
  });
});

describe('what is wrong, said by a phrase', () => {
  it('beside a thing named, a phrase for what is wrong ("tuet nöd") counts less: the thing decides, not an entry about faults', () => {
    withCatalog('phrase-trouble.yaml', catalogYaml([
      svc('teams', ['Teams', 'Teams'], ['Chat, Videocalls und Besprechungen online.', 'Chat, video calls and online meetings.']),
      svc('alarming', ['Alarmierung', 'Alerting'], ['Alarm bei einer Störung an den Anlagen, per Teams-Nachricht und SMS.', 'Alarm on a fault in the plants, by Teams message and SMS.'], { keywords: { de: ['Störung', 'Videocall'], en: ['fault', 'video call'] } }),
      svc('wifi', ['WLAN', 'Wi-Fi'], ['Internet im Haus.', 'Internet in the building.']),
    ]), (db) => {
      expect(firstIn(db, 'mis teams tuet nöd, chan kei videocall mache')).toBe('teams');
      // ("gsehn" is Swiss for sehen)
      expect(catalogSearch(db).search('wo gsehn i das').concepts.find((c) => c.word === 'gsehn')?.alts.has('seh')).toBe(true);
      const bonus = catalogSearch(db).search('mis teams tuet nöd, chan kei videocall mache').concepts.find((c) => c.bonus)!;
      expect(bonus.idf).toBeCloseTo(catalogSearch(db).search('es tuet nöd').concepts.find((c) => c.bonus)!.idf * 0.4);
    });
  });
});

describe('a compound with a typo', () => {
  it('one letter off a compound of the catalog is that compound, not its parts; "Zweit-" only says which one', () => {
    withCatalog('near-compound.yaml', catalogYaml([
      // ("handed" and "Scan" make "hand" and "scaner" words the catalog knows, so the typo splits into them without the rule)
      svc('scanner', ['Handscanner und Staplerterminals', 'Handheld scanners'], ['Geräte zum Erfassen von Paletten im Lager.', 'Devices handed to warehouse staff to record pallets.']),
      svc('printing', ['Drucken und Scannen', 'Printing and scanning'], ['Drucker, Kopierer und Scan to Mail auf jedem Stock.', 'Printers, copiers and scanners on every floor.']),
      svc('accessories', ['Zubehör', 'Accessories'], ['Bildschirm, Maus, Tastatur und Headset bestellen.', 'Order a screen, mouse, keyboard or headset.']),
      svc('mfa', ['Zweiter Faktor', 'Second factor'], ['Die zweite Bestätigung bei der Anmeldung, mit der App.', 'The second confirmation when you sign in, with the app.']),
      svc('rooms', ['Sitzungszimmer', 'Meeting rooms'], ['Räume mit Bildschirm und Kamera reservieren.', 'Book rooms with screen and camera.']),
    ]), (db) => {
      expect(firstIn(db, 'handscaner kaputt')).toBe('scanner');
      expect(catalogSearch(db).search('handscaner kaputt').concepts.map((c) => c.word)).toContain('handscaner');
      expect(firstIn(db, 'Zweitbildschirm bestellen')).toBe('accessories');
      expect(catalogSearch(db).search('Zweitbildschirm bestellen').concepts.find((c) => c.word === 'zweit')?.light).toBe(true);
    });
  });
});

describe('numbers no entry has', () => {
  it('a year or a count ("from 2019", "500 boxes") says when or how many, not what; "kaum" is a function word', () => {
    withCatalog('numbers.yaml', catalogYaml([
      svc('laptop', ['Laptop', 'Laptop'], ['Ihr Arbeitsgerät, alle vier Jahre ersetzt.', 'Your work computer, replaced every four years.']),
      svc('wifi', ['WLAN', 'Wi-Fi'], ['Internet im ganzen Haus.', 'Internet in the whole building.']),
      svc('printing', ['Drucken', 'Printing'], ['Drucker auf jedem Stock.', 'Printers on every floor.']),
      svc('office', ['Office 2024', 'Office 2024'], ['Word und Excel.', 'Word and Excel.']),
    ]), (db) => {
      const c = catalogSearch(db).search('my laptop is from 2019').concepts.find((x) => x.word === '2019')!;
      expect(c.unknown).toBe(false);
      expect(c.light).toBe(true);
      expect(answerQuestion(db, 'My laptop is from 2019, can I get a new one?').answered).toBe(true);
      expect(catalogSearch(db).search('Mein Laptop ist so alt, dass ich kaum arbeiten kann').concepts.map((x) => x.word)).not.toContain('kaum');
      // (a number the catalog has is a word like any other)
      const named = catalogSearch(db).search('wann kommt 2024').concepts.find((x) => x.word === '2024')!;
      expect(named.light).toBeFalsy();
      expect(firstIn(db, 'wann kommt 2024')).toBe('office');
    });
  });
});

describe('where a mishap happened', () => {
  it('"fell into the lake", "im Tram gestohlen": where a device fell, got wet, was lost or stolen is no topic (and "lake" no typo of "Lade")', () => {
    withCatalog('mishap-place.yaml', catalogYaml([
      svc('mobile', ['Mobiltelefon', 'Mobile phone'], ['Ihr Geschäftshandy mit Abo.', 'Your company phone with subscription.']),
      svc('accessories', ['Zubehör', 'Accessories'], ['Ladegerät, Lade-Kabel und Hülle für das Telefon.', 'Charger, charging cable and case for the phone.']),
      svc('wifi', ['WLAN', 'Wi-Fi'], ['Internet im Haus.', 'Internet in the building.']),
    ]), (db) => {
      const words = catalogSearch(db).search('my phone fell into the lake').concepts.map((c) => c.word);
      expect(words).not.toContain('lake');
      expect(firstIn(db, 'my phone fell into the lake')).toBe('mobile');
      expect(catalogSearch(db).search('Mein Handy ist ins Wasser gefallen').concepts.map((c) => c.word)).not.toContain('wasser');
      // (without a mishap the lake is a word like any other)
      expect(catalogSearch(db).search('phone at the lake').concepts.map((c) => c.word)).toContain('lake');
      // lost or stolen on the way: the tram or train is where, not what
      expect(catalogSearch(db).search('Mein Handy wurde mir im Tram gestohlen').concepts.map((c) => c.word)).not.toContain('tram');
      expect(answerQuestion(db, 'My phone got stolen on the train this morning').answered).toBe(true);
      expect(catalogSearch(db).search('book a train ticket').concepts.map((c) => c.word)).toContain('train');
      // "verloren gegangen": the participle of going is no topic; "ausgefallen" (also "ausgefalen") is what is wrong
      expect(catalogSearch(db).search('Mein Handy ist verloren gegangen').concepts.map((c) => c.word)).not.toContain('gegangen');
      expect(catalogSearch(db).search('wlan ausgefalen').concepts.find((c) => c.word === 'ausgefalen')?.unknown).toBe(false);
    });
  });
});

describe('paying', () => {
  it('to pay (bezahlen) is a payment: "mit der Handy-App bezahlen" finds the card terminals that take payments', () => {
    withCatalog('paying.yaml', catalogYaml([
      svc('terminals', ['Kartenterminals', 'Card terminals'], ['Zahlungen mit Karte und TWINT an der Kasse.', 'Payments by card and TWINT at the till.']),
      svc('app', ['Programm-App', 'Programme app'], ['Die App mit Plan und Programm.', 'The app with map and programme.']),
      svc('wifi', ['WLAN', 'Wi-Fi'], ['Internet für Besucher.', 'Internet for visitors.']),
      svc('signage', ['Infobildschirme', 'Information screens'], ['Hinweise für Besucher im Foyer.', 'Notices for visitors in the foyer.']),
      svc('tickets', ['Ticketing', 'Ticketing'], ['Tickets für Besucher online und an der Kasse.', 'Tickets for visitors online and at the box office.']),
      svc('laptop', ['Laptop', 'Laptop'], ['Ihr Arbeitsgerät.', 'Your work computer.']),
    ]), (db) => {
      expect(firstIn(db, 'Kann man bei uns auch mit der Handy-App bezahlen?')).toBe('terminals');
    });
  });
});

describe('colours', () => {
  it('a colour says how something looks, not which service, and is no typo ("blauen" is not "klauen")', () => {
    withCatalog('colours.yaml', catalogYaml([
      svc('laptop', ['Laptop', 'Laptop'], ['Ihr Arbeitsgerät, repariert oder ersetzt, wenn es kaputt ist.', 'Your work computer, repaired or replaced when broken.']),
      // ("klauen" is one letter from "blauen"; no entry says "blauen", so the colour is looked up as a possible typo)
      svc('stolen', ['Verlust oder Diebstahl melden', 'Report loss or theft'], ['Wenn Diebe ein Gerät klauen.', 'When a device was stolen.']),
      svc('signage', ['Bildschirme im Empfang', 'Reception screens'], ['Die Infobildschirme im Empfang.', 'The information screens at reception.']),
    ]), (db) => {
      const q = 'Mein Computer zeigt nur noch einen blauen Bildschirm';
      expect(catalogSearch(db).search(q).concepts.some((c) => c.alts.has('klauen') || c.alts.has('gestohlen'))).toBe(false);
      expect(firstIn(db, q)).toBe('laptop');
      expect(isWeak('blauen')).toBe(true);
    });
  });
});

describe('reading', () => {
  it('to read is a light word: reading work mail on one\'s own phone is the private phone, not a mailbox "several people read"', () => {
    withCatalog('reading.yaml', catalogYaml([
      svc('shared-mailbox', ['Gemeinsames Postfach', 'Shared mailbox'], ['Eine eigene Mailadresse für das Geschäft, die mehrere Personen lesen und beantworten.', 'One mail address for the business that several people read and answer.'], { category: { de: 'Mail', en: 'Mail' } }),
      svc('byod', ['Privates Handy für die Arbeit', 'Private phone for work'], ['Mails und Teams auf dem eigenen Handy, fürs Geschäft.', 'Mail and Teams on your own phone, for work.'], { category: { de: 'Mobil', en: 'Mobile' } }),
      svc('mobile', ['Geschäftshandy', 'Business mobile phone'], ['Ein Smartphone der Firma.', 'A company smartphone.'], { category: { de: 'Mobil', en: 'Mobile' } }),
      svc('mfa', ['Zwei-Faktor-Anmeldung', 'Two-factor sign-in'], ['Die Anmeldung mit dem Handy bestätigen.', 'Confirm your sign-in on your phone.']),
      svc('teams-phone', ['Telefonie über Teams', 'Teams phone'], ['Ihre Nummer klingelt in Teams und auf dem Handy.', 'Your number rings in Teams and on your phone.'], { category: { de: 'Mobil', en: 'Mobile' } }),
      svc('printing', ['Drucken', 'Printing'], ['Drucken an jedem Drucker mit dem Badge.', 'Print at any printer with your badge.']),
      svc('vpn', ['VPN', 'VPN'], ['Von unterwegs sicher ins Firmennetz.', 'Reach the company network securely from anywhere.']),
      svc('laptop', ['Laptop', 'Laptop'], ['Ihr Arbeitsgerät.', 'Your work computer.']),
    ]), (db) => {
      expect(firstIn(db, 'Kann ich die Geschäftsmails auch auf meinem eigenen Handy lesen?')).toBe('byod');
      expect(isWeak('lesen')).toBe(true);
      expect(isWeak('read')).toBe(true);
    });
  });
});

describe('phrases of everyday trouble', () => {
  const implied = (q: string) => phraseWords(q.toLowerCase()).map((p) => p.word);

  it('left somewhere, someone pretending, not arrived, a sign-in to approve, someone new to hire', () => {
    expect(implied('Ich habe mein Handy im Zug liegen lassen')).toContain('verloren');
    expect(implied('I left my laptop on the train')).toContain('verloren');
    expect(implied('I left my bag with the work laptop on the train to Zurich')).toContain('verloren');
    expect(implied('Ich gehe Ende Juli in Pension, was passiert mit meinen Daten?')).toContain('austritt');
    expect(implied('en kolleg hört ende monet uf, wer nimmt de laptop zrugg?')).toContain('austritt');
    expect(implied('ich hör uf end monet, was mues i mit em laptop mache?')).toContain('austritt');
    expect(implied('Our new sales rep starts Monday')).toContain('eintritt');
    expect(implied('Someone wrote to me asking me to buy gift cards')).toContain('betrug');
    expect(implied('Ich möchte am Samstag mit Sandra tauschen')).toContain('dienstplan');
    expect(implied('I want to swap my Saturday with a colleague')).toContain('dienstplan');
    expect(implied('Since this morning nothing lets me in')).toContain('anmelden');
    expect(implied('Ich möchte meinen alten Laptop gegen einen neuen tauschen')).not.toContain('dienstplan');
    expect(implied('Someone called saying he was from IT and wanted my code')).toContain('betrug');
    expect(implied('Ein Mann gab sich als IT-Support aus')).toContain('betrug');
    expect(implied('He asked for my code and I gave it to him')).toContain('betrug');
    expect(implied('Mein Computer ist alt und langsam. Bekomme ich einen neuen?')).toContain('ersatz');
    expect(implied('Ich habe einen neuen Laptop bekommen')).not.toContain('ersatz');
    expect(implied('Someone called me claiming to be from our IT')).toContain('betrug');
    expect(implied('The laptop I ordered still hasn\'t arrived')).toContain('warten');
    expect(implied('mis natel isch no nöd da')).toContain('warten');
    expect(implied('the app keeps asking me to approve a login')).toContain('mfa');
    expect(implied('Bei jeder Anmeldung muss ich auf dem Handy bestätigen')).toContain('mfa');
    expect(implied('Unsere Praktikantin beginnt am 1. März')).toContain('eintritt');
    expect(implied('Wir stellen nächsten Monat eine Volontärin ein.')).toContain('eintritt');
    expect(implied('Am Montag fängt ein neuer Koch an')).toContain('eintritt');
    expect(implied('mir fönd nächscht wuche en neue polier a')).toContain('eintritt');
    expect(implied('mir hei am mäntig e nöie mitarbeiter')).toContain('eintritt');
    expect(implied('mir händ ab mäntig en neue im team, was muess i für d IT mache?')).toContain('eintritt');
    expect(implied('mir händ ab auguscht en neue kolleg')).toContain('eintritt');
    expect(implied('wänn muess i de neu lehrling bi de IT amälde?')).toContain('eintritt');
    expect(implied('am montig fangt e neui bi mir aa')).toContain('eintritt');
    expect(swissToStandard('montig')).toBe('montag');
    expect(implied('ich fang am erschte im labor a, wer richtet mir s ELN ii?')).toContain('eintritt');
    expect(implied('Hi, I start in the Bern office on Monday')).toContain('eintritt');
    expect(implied('Mein Laptop wird heiss und schaltet sich einfach aus')).toContain('kaputt');
    expect(implied('my laptop turns itself off after ten minutes')).toContain('kaputt');
    expect(implied('Zimmertelefon hat kein Freizeichen')).toContain('kaputt');
    expect(implied("My memory stick isn't recognised on my work computer")).toContain('kaputt');
    expect(implied('der Stick wird gar nicht erkannt')).toContain('kaputt');
    expect(implied('der Bildschirm an der Theke bleibt hängen')).toContain('kaputt');
    expect(implied('Therapiplanung stürtzt dauernd ab')).toContain('kaputt');
    expect(implied('mis tablet im gschäftsauto lat sich nüme ufstarte')).toContain('kaputt');
    expect(implied('Der Akku von meinem Dienstgerät hält keine Stunde mehr')).toContain('kaputt');
    expect(implied('de bordcomputer hät wieder mal de geist ufgäh')).toContain('kaputt');
    expect(implied('mis headset chrosnet di ganz ziit')).toContain('kaputt');
    expect(implied('my headset keeps crackling')).toContain('kaputt');
    expect(implied('Mein Computer zeigt nur noch einen blauen Bildschirm')).toContain('kaputt');
    expect(implied('I keep getting a blue screen')).toContain('kaputt');
    expect(implied('Der Fernseher im Schaufenster zeigt seit gestern nur noch schwarz')).toContain('kaputt');
    expect(implied('What do we do when the clinical information system is down?')).toContain('kaputt');
    expect(implied('Der Drucker im 2. Stock druckt nur noch Streifen')).toContain('kaputt');
    expect(implied('the printer by the kitchen prints blank pages')).toContain('kaputt');
    expect(implied('Wie drucke ich doppelseitig?')).not.toContain('kaputt');
    expect(implied('Ich möchte einen Artikel über den neuen Weltrekord online stellen')).toContain('veröffentlichen');
    expect(implied('Ich bin ab nächster Woche drei Wochen weg, wie merken die Leute, die mir schreiben, dass ich nicht da bin?')).toContain('abwesenheit');
    expect(implied('Wenn ich weg bin, sollen Mails an meine Kollegin gehen')).toContain('abwesenheit');
    expect(implied("I'm away next week, how do people who email me know?")).toContain('abwesenheit');
    expect(implied('Ich bin nächste Woche in den Ferien, wie beantrage ich das?')).not.toContain('abwesenheit');
    expect(implied('Ich habe einen Vertragsentwurf an den falschen Empfänger geschickt')).toContain('datenpanne');
    expect(implied('I emailed the salary list to the wrong client')).toContain('datenpanne');
    expect(implied('Mein Name ist im Telefonbuch falsch geschrieben')).not.toContain('datenpanne');
    expect(implied('How do I post the results on our website?')).toContain('veröffentlichen');
    expect(implied("customers can't get online on their phones")).not.toContain('veröffentlichen');
    expect(implied('Someone keeps sending me login approval requests')).toContain('mfa');
    expect(implied('I want to request a login for the new system')).not.toContain('mfa');
    expect(implied('de server isch scho wieder down')).toContain('kaputt');
    expect(implied('wlan funktionirt nich im zimmer')).toContain('kaputt');
    expect(implied('teams telefoni geht nciht')).toContain('kaputt');
    expect(implied('Whom do I call when something with my computer goes wrong?')).toContain('helpdesk');
    expect(implied('Is there something that can summarise my meetings automatically?')).toContain('ki');
    expect(implied('Kann mir ein Programm die Protokolle automatisch schreiben?')).toContain('ki');
    expect(implied('A photographer wants to send me 40 GB of raw pictures')).toEqual(expect.arrayContaining(['gross', 'dateien']));
    expect(implied('Ein Ingenieurbüro will einen 5-GB-Plan von uns')).toContain('gross');
    expect(implied('Ich muss mehrere Gigabyte Daten mitgeben')).toContain('gross');
    expect(implied(fold('Ich habe eine Excel-Datei überschrieben'))).toContain('wiederherstellen');
    expect(implied("I accidentally saved over yesterday's version of the budget")).toContain('wiederherstellen');
    expect(implied('I got a text saying my parcel is waiting and I tapped the link')).toContain('phishing');
    expect(implied('Ich habe auf einen Link geklickt')).toContain('phishing');
    expect(implied('I opened an attachment and now my screen shows a message demanding money')).toContain('virus');
    expect(implied('auf meinem bildschirm steht, alle meine dateien seien verschlusselt')).toContain('virus');
    expect(implied("I don't have my own computer, where can I check my mails?")).toContain('gemeinsam');
    expect(implied('Wo kann ich als Busfahrer meine Mails lesen? Ich habe ja keinen Computer')).toContain('gemeinsam');
    expect(implied('Wo finde ich den Link zum Intranet?')).not.toContain('phishing');
    // (and not where the words mean something else)
    expect(implied('Wie schreibe ich eine Mail an alle?')).not.toContain('ki');
    expect(implied('Wann wird das alte Intranet ausgeschaltet?')).not.toContain('kaputt');
    expect(implied('Ich stelle ein Gesuch für einen Monitor')).not.toContain('eintritt');
    expect(implied('I left the meeting early')).not.toContain('verloren');
    expect(implied('who approves my software order?')).not.toContain('mfa');
    expect(implied('Can I download the app?')).not.toContain('kaputt');
  });

  it('a phrase that says what the question is about keeps its weight beside a thing named; one that says what is wrong does not', () => {
    const weight = (q: string, w: string) => catalogSearch(app.db).search(q).concepts.find((c) => c.word === w)?.idf ?? 0;
    expect(weight('I clicked a link in a mail on my desk phone', 'phishing')).toBeCloseTo(weight('I clicked a link in a mail', 'phishing'));
    expect(weight('my desk phone: I cannot log in', 'anmelden')).toBeCloseTo(weight('I cannot log in', 'anmelden') / 2);
  });

  it('a word a phrase covers is no unknown topic, nor is a part of it ("ich fange als Deutschlehrerin an")', () => {
    withCatalog('start.yaml', catalogYaml([
      svc('onboarding', ['Eintritt neuer Mitarbeitender', 'Onboarding'], ['Konto und Laptop ab dem ersten Tag.', 'Account and laptop from day one.']),
      svc('translation', ['Übersetzungen', 'Translations'], ['Texte von Deutsch in Englisch.', 'Texts from German into English.']),
    ]), (db) => {
      const words = catalogSearch(db).search('Ich fange im August als Deutschlehrerin an').concepts.map((c) => c.word);
      expect(words).toContain('deutsch');
      expect(words).not.toContain('lehrerin');
    });
  });

  it('Swiss German function words (geschter, kei, äntli, emene) are no topic of their own', () => {
    const words = catalogSearch(app.db).search('mini app zeigt sit geschter kei dienscht meh, äntli emene ticket').concepts.map((c) => c.word);
    for (const w of ['geschter', 'kei', 'antli', 'emene']) expect(words).not.toContain(w);
    const more = catalogSearch(app.db).search('weli nummere hät de servicedesk nomal? und wo gsehn i mini dienscht für de nächscht monet').concepts.map((c) => c.word);
    for (const w of ['weli', 'nomal', 'nachscht']) expect(more).not.toContain(w);
    // (nor is "letzter": it is no typo of "letter")
    expect(catalogSearch(app.db).search('Stand von letzter Woche').concepts.map((c) => c.word)).not.toContain('letzter');
    // (and Swiss words stand for the standard ones: es gspröch vo de hotline, en chund reklamiert)
    expect(swissToStandard(fold('gspröch'))).toBe('gesprach');
    expect(swissToStandard('chund')).toBe('kunde');
    expect(swissToStandard('dateblatt')).toBe('datenblatt');
    expect(phraseWords('teams meeting kamera geht nit').map((x) => x.word)).toEqual(['kaputt']);
  });

  it('a synonym of several words stands for its whole: "two weeks" is not two-factor sign-in', () => {
    withCatalog('mfa2.yaml', catalogYaml([
      svc('mfa', ['Zwei-Faktor-Anmeldung', 'Two-factor sign-in'], ['Anmelden mit Passwort und Code.', 'Sign in with password and code.']),
      svc('laptop', 'Laptop', ['Ihr Arbeitsgerät, geliefert in zwei Wochen.', 'Your work computer, delivered in two weeks.']),
    ]), (db) => {
      const alts = catalogSearch(db).search('two weeks').concepts.flatMap((c) => [...c.alts.keys()]);
      expect(alts).not.toContain('mfa');
      expect(catalogSearch(db).search('twofactor').concepts[0]!.alts.has('mfa')).toBe(true);
    });
  });

  it('a count before a unit of time says how long and a time of day when, not what: "two weeks" and "zwei wuche" are no two-factor sign-in', () => {
    withCatalog('mfa3.yaml', catalogYaml([
      svc('mfa', ['Zwei-Faktor-Anmeldung', 'Two-factor sign-in'], ['Anmelden mit Passwort und Code, zwei Faktoren.', 'Sign in with password and code: two factors.']),
      svc('laptop', 'Laptop', ['Ihr Arbeitsgerät zum Mitnehmen.', 'Your work computer to take along.']),
    ]), (db) => {
      expect(wordsIn(db, 'Why does a new laptop take two weeks to arrive?')).not.toContain('two');
      expect(wordsIn(db, 'wänn chunnt min neue laptop? wart scho zwei wuche')).not.toContain('zwei');
      expect(wordsIn(db, 'The laptop took 3 days')).not.toContain('3');
      expect(wordsIn(db, 'the laptop asks for a code at 3am')).not.toContain('3am');
      expect(wordsIn(db, 'de laptop startet um 7.30 uhr nöd')).not.toContain('uhr');
      expect(firstIn(db, 'Why does a new laptop take two weeks to arrive?')).toBe('laptop');
      // (a count before anything else is still read: "zwei Faktor" is the two-factor sign-in)
      expect(wordsIn(db, 'zwei faktor anmeldung einrichten')).toContain('zwei');
      expect(firstIn(db, 'zwei faktor anmeldung einrichten')).toBe('mfa');
    });
  });

  it('damage to a device is what is wrong with it: "Laptopersatz wegen Displayschaden" is the laptop, not a claim', () => {
    withCatalog('damage.yaml', catalogYaml([
      svc('claims', ['Schadenmeldung', 'Claims'], ['Schäden und Unfälle der Kunden erfassen, auch für Laptops und Handys.', 'Record customer damage and accidents, also for laptops and phones.']),
      svc('laptop', 'Laptop', ['Ihr Arbeitsgerät, Ersatz bei Defekt.', 'Your work computer, replaced when faulty.']),
    ]), (db) => {
      expect(weightIn(db, 'Laptop Schaden', 'schaden')).toBeCloseTo(weightIn(db, 'Schaden', 'schaden') * 0.4);
      expect(weightIn(db, 'laptop damage', 'damage')).toBeCloseTo(weightIn(db, 'damage', 'damage') * 0.4);
      expect(firstIn(db, 'Laptopersatz wegen Displayschaden')).toBe('laptop');
      expect(firstIn(db, 'Wie erfasse ich einen Schaden für einen Kunden?')).toBe('claims');
    });
  });

  it('where something was left is no topic: "Handy im Zug liegen lassen" is the phone, not the canton of Zug', () => {
    withCatalog('lost.yaml', catalogYaml([
      svc('mobile', ['Geschäftshandy', 'Business mobile phone'], ['Ein Smartphone für die Arbeit, Ersatz bei Verlust.', 'A smartphone for work, replaced when lost.']),
      svc('zug', ['Standort Zug', 'Zug office'], ['Das Netzwerk und die Drucker am Standort Zug.', 'The network and printers at the Zug office.']),
    ]), (db) => {
      // (the train it was left on is no concept at all)
      expect(catalogSearch(db).search('Ich habe mein Handy im Zug liegen lassen').concepts.map((c) => c.word)).not.toContain('zug');
      expect(firstIn(db, 'Ich habe mein Handy im Zug liegen lassen')).toBe('mobile');
    });
  });

  it('"Speicher überschritten" is a full mailbox, not an overwritten file to restore, also with a typo', () => {
    withCatalog('exceeded.yaml', catalogYaml([
      svc('restore', ['Daten wiederherstellen', 'Data restore'], ['Gelöschte oder überschriebene Dateien zurückholen.', 'Get back deleted or overwritten files.']),
      svc('mail', ['E-Mail und Postfach', 'Email and mailbox'], ['Ihr Postfach mit 50 GB Speicherplatz.', 'Your mailbox with 50 GB of storage space.']),
    ]), (db) => {
      expect(wordsIn(db, 'mein postfach ist voll, outlook sagt speicher überschriten')).not.toContain('wiederherstellen');
      expect(firstIn(db, 'mein postfach ist voll, outlook sagt speicher überschriten')).toBe('mail');
      // (an overwritten file still is one)
      expect(firstIn(db, 'ich habe eine Datei überschrieben')).toBe('restore');
    });
  });

  it('"by accident" / "aus Versehen" says how it happened: no insurance claim', () => {
    withCatalog('mistake.yaml', catalogYaml([
      svc('claims', ['Schadenmeldung', 'Claims'], ['Unfälle und Schäden der Kunden erfassen.', 'Record customer accidents and damage claims.']),
      svc('restore', ['Daten wiederherstellen', 'Data restore'], ['Gelöschte oder überschriebene Dateien zurückholen.', 'Get back deleted or overwritten files.']),
    ]), (db) => {
      expect(wordsIn(db, 'I deleted the folder by accident')).not.toContain('accident');
      expect(firstIn(db, 'I deleted the folder by accident')).toBe('restore');
      expect(firstIn(db, 'Ich habe die Datei aus Versehen gelöscht')).toBe('restore');
      // (an accident that is the topic stays one)
      expect(firstIn(db, 'How do I record a customer accident?')).toBe('claims');
    });
  });
});

describe('confidence', () => {
  const hit = (h: Partial<Hit>): Hit => ({ ref: 'service:x', kind: 'service', id: 'x', coverage: 0, score: 1, head: 0, unknown: 0, named: false, matched: 0, ...h });

  it('a long question in the asker\'s own words: three things it says in one entry and few unknown words make the bot sure below the usual share', () => {
    expect(sureOf(hit({ coverage: 0.3, matched: 3, unknown: 0.3 }))).toBe(true);
    expect(sureOf(hit({ coverage: 0.3, matched: 2, unknown: 0.3 }))).toBe(false);
    expect(sureOf(hit({ coverage: 0.3, matched: 3, unknown: 0.5 }))).toBe(false);
    expect(sureOf(hit({ coverage: 0.2, matched: 4, unknown: 0 }))).toBe(false);
    expect(sureOf(hit({ coverage: 0.4 }))).toBe(true);
  });

  it('counts the question words an entry has, light words not', () => {
    withCatalog('count.yaml', catalogYaml([
      svc('restore', ['Daten wiederherstellen', 'Restore data'], ['Gelöschte Dateien aus der Sicherung zurückholen.', 'Get deleted files back from the backup.'], { description: { de: 'Jede Version der letzten 30 Tage, auch ganze Ordner.', en: 'Any version from the last 30 days, whole folders too.' } }),
    ]), (db) => {
      const top = catalogSearch(db).search('see the deleted folder version in the backup').hits[0]!;
      expect(top.id).toBe('restore');
      // deleted, folder, version, backup; not "see"
      expect(top.matched).toBe(4);
    });
  });
});

describe('one word, two forms', () => {
  const PRINT = catalogYaml([
    svc('printing', ['Drucken und Scannen', 'Printing and scanning'], ['Die Drucker auf jedem Stock.', 'The printers on every floor.']),
    svc('plotter', 'Plotter', ['Der Plotter druckt Pläne bis A0.', 'The plotter prints plans up to A0.']),
    svc('restore', ['Datenrettung', 'Data rescue'], ['Gelöschte Dateien aus der Sicherung.', 'Deleted files from the backup.']),
    svc('gis', ['Geodaten', 'Geodata'], ['Wir stellen Karten und Daten her.', 'We produce maps and data.'], { description: { de: 'Daten herstellen und pflegen.', en: 'Produce and maintain data.' } }),
  ]);

  it('"der Drucker druckt nichts" is one concept, the printer: the entry that says "druckt" does not win on it', () => {
    withCatalog('print.yaml', PRINT, (db) => {
      expect(catalogSearch(db).search('de drucker im 2. stock druckt eifach nüt').concepts.filter((c) => !c.bonus).map((c) => c.word)).toEqual(['drucker', 'stock']);
      expect(firstIn(db, 'de drucker im 2. stock druckt eifach nüt')).toBe('printing');
    });
  });

  it('two words that make a word of the lexicon are read as it ("wieder herstellen" is restore, not produce)', () => {
    withCatalog('print.yaml', PRINT, (db) => {
      expect(firstIn(db, 'Daten wieder herstellen')).toBe('restore');
    });
  });

  it('"zurücksetzen" meets "Rücksetzung", and "zurückkommt" is no word of its own', () => {
    expect(stems('zurucksetzen')).toContain(stems('rucksetzung')[0]);
    expect(stems('zuruckkommt').some((t) => t.startsWith('uck'))).toBe(false);
  });
});

describe('German separable verbs', () => {
  it('the verb and its particle at the end of the clause are one word; a particle that is an article is not', () => {
    const j = (q: string) => joinSeparableVerbs(fold(q));
    expect(j('Wie richte ich die Authenticator-App auf meinem neuen Handy ein?')).toBe('wie einrichten ich die authenticator-app auf meinem neuen handy?');
    expect(j('wer richtet mir s ELN ii?')).toBe('wer einrichten mir s eln?');
    expect(j('Ich melde mich im SAP an, aber es geht nicht')).toContain('anmelden');
    expect(j('wie lade ich Teams herunter')).toContain('herunterladen');
    expect(j('Ich stelle ein Gesuch für einen Monitor')).toBe('ich stelle ein gesuch fur einen monitor');
    expect(j('Ich richte ein Büro ein und brauche einen Drucker')).toContain('einrichten');
    expect(j('Wer holt die eingeschriebenen Briefe bei der Post ab?')).toContain('abholen');
  });
});

describe('joining and leaving', () => {
  const JOIN_LEAVE = catalogYaml([
    svc('onboarding', ['Eintritt neuer Mitarbeitender', 'Onboarding new employees'], ['Konto, Laptop und Telefon für neue Mitarbeiterinnen und Mitarbeiter ab dem ersten Tag.', 'Account, laptop and phone for new employees from day one.'], { description: { de: 'Für Austritte siehe den Service Austritt.', en: 'For people leaving see the leaving service.' } }),
    svc('offboarding', ['Austritt', 'Offboarding'], ['Bei Kündigung oder Pensionierung: Konten sperren, Geräte zurückgeben.', 'When someone leaves or retires: accounts closed, equipment returned.']),
    svc('wifi', ['WLAN', 'Wi-Fi'], ['WLAN für Mitarbeiterinnen, Mitarbeiter und Gäste.', 'Wi-Fi for employees and guests.']),
  ]);

  it('a thing named before "für eine neue ..." is what is ordered; equipment or access for a new person is the joining', () => {
    withCatalog('for-new.yaml', catalogYaml([
      svc('onboarding', ['Eintritt neuer Mitarbeitender', 'Onboarding new employees'], ['Konto, Laptop und Telefon für neue Mitarbeiterinnen und Mitarbeiter ab dem ersten Tag.', 'Account, laptop and phone for new employees from day one.']),
      svc('mobile', ['Mobiltelefon', 'Mobile phone'], ['Geschäftshandy mit Abo bestellen.', 'Order a company phone with subscription.']),
      svc('mailbox', ['Funktionspostfach', 'Shared mailbox'], ['Zugriff auf ein gemeinsames Postfach für ein Team.', 'Access to a mailbox shared by a team.']),
      svc('wifi', ['WLAN', 'Wi-Fi'], ['WLAN im Haus.', 'Wi-Fi in the building.']),
      svc('printing', ['Drucken', 'Printing'], ['Drucker auf jedem Stock.', 'Printers on every floor.']),
      svc('laptop', ['Laptop', 'Laptop'], ['Ein Notebook für die Arbeit bestellen.', 'Order a notebook for work.']),
    ]), (db) => {
      expect(firstIn(db, 'Wie bestelle ich ein Geschäftshandy für eine neue Sozialarbeiterin?')).toBe('mobile');
      // (also where the newcomer is one word the lexicon knows, "neue Mitarbeiterin"; a laptop is a device, no equipment everyone
      // new gets)
      expect(firstIn(db, 'Laptop bestellen für neue Mitarbeiterin')).toBe('laptop');
      // (a person written with a typo is whom it is for as much as written right)
      const weightOf = (q: string, w: string) => catalogSearch(db).search(q).concepts.find((c) => c.word === w)?.idf;
      expect(weightOf('Postfach teilen mit Kolegin', 'kolegin')).toBeCloseTo(weightOf('Postfach teilen mit Kollegin', 'kollegin')!);
      expect(firstIn(db, 'Diensthandybestellung für neue Kuratorin')).toBe('mobile');
      expect(firstIn(db, 'Postfachzugriff für neue Kollegin')).toBe('mailbox');
      // (nor for someone who is not new: the phone, whoever it is for)
      expect(firstIn(db, 'Wie bestelle ich ein Geschäftshandy für einen Mitarbeiter?')).toBe('mobile');
      expect(firstIn(db, 'Wie bestelle ich die IT-Ausstattung für eine neue Mitarbeiterin?')).toBe('onboarding');
      expect(firstIn(db, 'What IT equipment do I need to order for a new hire?')).toBe('onboarding');
    });
  });

  it('the joining or leaving decides, not the person ("Austritt einer Mitarbeiterin", "equipment for a new employee")', () => {
    withCatalog('joinleave.yaml', JOIN_LEAVE, (db) => {
      const first = (q: string) => firstIn(db, q);
      expect(first('Wie melde ich den Austritt einer Mitarbeiterin bei der IT?')).toBe('offboarding');
      expect(first('An employee on my team is leaving at the end of the month. What do I need to do for IT?')).toBe('offboarding');
      expect(first('How do I get IT equipment ready for a new employee who starts next month?')).toBe('onboarding');
      expect(first('Ich gehe Ende Juli in Pension, was passiert mit meinem Konto?')).toBe('offboarding');
      // (a pension fund is no retirement from the company: "pension" alone is not read as Pensionierung)
      // (the joining weighs at least as much as the thing named beside it, however many entries mention joining)
      const q = 'How do I get IT equipment ready for a new employee who starts next month?';
      expect(weightIn(db, q, 'eintritt')).toBeGreaterThanOrEqual(weightIn(db, q, 'equipment'));
      // (and a person beside a thing is whom it is for, 0.3 of its weight: "Postfachfreigabe für eine Kollegin" is about the mailbox)
      expect(weightIn(db, 'WLAN für eine Kollegin', 'kollegin')).toBeCloseTo(weightIn(db, 'Kollegin', 'kollegin') * 0.3);
      // (a boss or a sales rep is a person too)
      expect(weightIn(db, 'My boss wants WLAN', 'boss')).toBeCloseTo(weightIn(db, 'boss', 'boss') * 0.3);
      // (the person is the word as written: "internal", whose English stem is "intern", is no intern)
      expect(weightIn(db, 'WLAN for internal guests', 'internal')).toBeCloseTo(weightIn(db, 'internal', 'internal'));
      expect(first('Our new sales rep starts Monday and has nothing yet')).toBe('onboarding');
      // (what the manager has to arrange or prepare is no topic, nor is the new person's role)
      expect(firstIn(db, 'We have a new resident starting in three weeks, what do I need to arrange so she can work from day one?')).toBe('onboarding');
      expect(answerQuestion(db, 'We have a new resident starting in three weeks, what do I need to arrange so she can work from day one?').answered).toBe(true);
      expect(answerQuestion(db, 'Am 1. August fängt bei uns eine Assistenzärztin an, was muss ich vorbereiten?').answered).toBe(true);
      expect(answerQuestion(db, 'Who do I ask about my pension fund?').answered).toBe(false);
      // (parental leave is no leaving)
      expect(answerQuestion(db, 'Who do I ask about parental leave?').answered).toBe(false);
      expect(isOffTopic('parental')).toBe(true);
      expect(catalogSearch(db).search('Who do I ask about my pension fund?').concepts.find((c) => c.word === 'pension')?.unknown).toBe(true);
    });
  });

  it('a role the lexicon does not list is a person by its German ending ("e neui Gerichtsschriiberin", "WLAN für die Inspizientin")', () => {
    withCatalog('roles.yaml', JOIN_LEAVE, (db) => {
      // (someone new in that role joins, in Swiss German too)
      expect(firstIn(db, 'mir händ e neui gerichtsschriiberin ab mäntig, was mues i mache?')).toBe('onboarding');
      expect(answerQuestion(db, 'Ab Montag haben wir eine neue Disponentin, was muss ich tun?').answered).toBe(true);
      // (beside a thing, the role is whom it is for: no unknown topic that makes the bot unsure)
      const concept = catalogSearch(db).search('WLAN für die Inspizientin').concepts.find((c) => c.word === 'inspizientin')!;
      expect(concept.unknown).toBe(false);
      expect(concept.idf).toBeCloseTo(weightIn(db, 'Inspizientin', 'inspizientin') * 0.3);
      expect(answerQuestion(db, 'WLAN für die Inspizientin').answered).toBe(true);
      // (the bot is surer of it than of the same question with a word no one knows: the role no longer counts as unknown)
      const sureness = (q: string) => answerQuestion(db, q).results[0]!.score;
      expect(sureness('WLAN für die Inspizientin')).toBeGreaterThan(sureness('WLAN für die Zwirblatt'));
      // (a new thing is no person: "ein neuer Drucker", "neue Termine")
      for (const q of ['Wir haben einen neuen Drucker', 'neue Termine im Kalender', 'ein neues Magazin']) {
        expect(catalogSearch(db).search(q).concepts.some((c) => c.alts.has('eintritt'))).toBe(false);
      }
    });
  });
});

describe('an aspect of something named', () => {
  it('"the phone number of the IT helpdesk" is the helpdesk, not the phone', () => {
    withCatalog('aspect.yaml', catalogYaml([
      svc('helpdesk', ['IT-Helpdesk', 'IT helpdesk'], ['Hilfe bei allen IT-Fragen.', 'Help with any IT question.']),
      svc('mobile', ['Geschäftshandy', 'Business mobile phone'], ['Ein Smartphone mit eigener Nummer.', 'A smartphone with its own phone number.']),
      svc('teams-phone', ['Telefonie über Teams', 'Teams phone'], ['Ihre Telefonnummer klingelt im Teams.', 'Your phone number rings in Teams.']),
    ]), (db) => {
      expect(firstIn(db, 'What is the phone number of the IT helpdesk?')).toBe('helpdesk');
      expect(firstIn(db, 'Telefonnummer vom Helpdesk?')).toBe('helpdesk');
      // (also with a letter missing, and written as one word: the whole word counts less, not only its parts)
      expect(firstIn(db, 'helpdesk telefonummer')).toBe('helpdesk');
      for (const q of ['helpdesk telefonnummer', 'helpdesk telefonummer', 'helpdesk telefonnumer', 'helpdesk telefon-nummer']) {
        const replaced = new Set<string>();
        phraseWords(q, new Set(), new Set(), replaced);
        expect(replaced).toContain(q.split(' ')[1]!.replace('-', ''));
      }
      // (the phone number alone is still the phone)
      expect(firstIn(db, 'I need a phone number for my new phone')).not.toBe('helpdesk');
    });
  });
});

describe('holidays are not IT', () => {
  it('"Wie viele Ferientage habe ich noch?" abstains although an official answer about VPN mentions holidays', () => {
    withCatalog('holidays.yaml', catalogYaml([
      svc('vpn', 'VPN', ['Von unterwegs ins Firmennetz.', 'Into the company network from anywhere.']),
      svc('expenses', ['Spesen-App', 'Expense app'], ['Spesen erfassen und abrechnen.', 'Record and claim expenses.']),
    ], `answers:
  - id: vpn-abroad
    question: {de: "Warum geht VPN in den Ferien im Ausland nicht?", en: "Why does VPN not work on holidays abroad?"}
    answer: {de: "Aus einigen Ländern ist VPN gesperrt.", en: "VPN is blocked from some countries."}
    services: [vpn]
`), (db) => {
      expect(answerQuestion(db, 'Wie viele Ferientage habe ich noch?').answered).toBe(false);
      expect(catalogSearch(db).search('Wie viele Ferientage habe ich noch?').concepts.find((c) => c.word === 'ferientage')?.unknown).toBe(true);
      // (a catalog whose service is about the first part still answers the compound: Spesenabrechnung)
      expect(answerQuestion(db, 'Wo mache ich meine Spesenabrechnung?').results[0]?.id).toBe('expenses');
    });
  });
});

describe('asking who helps, and where', () => {
  it('"wen rufe ich an" asks for help, not about telephones; "acts up" says what is wrong; every room named beside trouble is a place', () => {
    withCatalog('who-helps.yaml', catalogYaml([
      svc('helpdesk', ['IT-Helpdesk', 'IT helpdesk'], ['Hilfe bei allen IT-Fragen, auch am Wochenende.', 'Help with any IT question, also at weekends.']),
      svc('desk-phone', ['Tischtelefon', 'Desk phone'], ['Ein Telefon auf dem Pult, um anzurufen und angerufen zu werden.', 'A phone on your desk to call and be called.']),
      svc('laptop', ['Laptop', 'Laptop'], ['Ein Laptop für die Arbeit.', 'A laptop for work.']),
    ]), (db) => {
      const concept = (q: string, w: string) => catalogSearch(db).search(q).concepts.find((c) => c.word === w);
      // the separable verb's part in the phrase stands for the whole verb: "anrufen" weighs half
      const asked = 'Wen rufe ich an, wenn der Computer nicht mehr geht?';
      const plain = 'Ich möchte anrufen, aber der Computer geht nicht mehr';
      expect(concept(asked, 'anrufen')!.idf).toBeCloseTo(concept(plain, 'anrufen')!.idf / 2, 5);
      // "acts up" is trouble, no unknown word against the question
      expect(concept('Who do I call when my computer acts up?', 'acts')).toBeUndefined();
      expect(firstIn(db, 'Who do I call when my computer acts up?')).toBe('helpdesk');
      // (the second of two places: "am Sonntag in der Käserei" weighs the dairy as a place too)
      const one = concept('Der Computer in der Käserei ist kaputt', 'kaserei')!.idf;
      expect(concept('Am Sonntag in der Käserei ist der Computer kaputt', 'kaserei')!.idf).toBeCloseTo(one, 5);
    });
  });
});

describe('the company, and typos of the shortest words', () => {
  it('"the company" is a light word (every question is about the company); "hwo" is how; leaving the company is the leaving', () => {
    withCatalog('company.yaml', catalogYaml([
      svc('mobile', ['Firmenhandy', 'Company phone'], ['Ein Smartphone der Firma mit eigener Nummer.', 'A company smartphone with its own number.']),
      svc('offboarding', ['Austritt', 'Offboarding'], ['Was die IT beim Austritt erledigt.', 'What IT does when someone leaves.']),
      svc('internet', ['Internet im Büro', 'Office internet'], ['Der Internetanschluss der Firma.', 'The company internet connection.']),
    ]), (db) => {
      const concepts = (q: string) => catalogSearch(db).search(q).concepts;
      expect(concepts('Does the company pay for my internet connection at home?').find((c) => c.word === 'company')?.light).toBe(true);
      expect(concepts('Bezahlt die Firma mein Internet-Abo zuhause?').find((c) => c.word === 'firma')?.light).toBe(true);
      // a swap of two letters of a three-letter stopword is that stopword, no unknown word against the question
      expect(concepts('hwo do i get a compnay phone').map((c) => c.word)).not.toContain('hwo');
      expect(firstIn(db, 'hwo do i get a compnay phone')).toBe('mobile');
      // (an acronym is no swapped stopword: "aws" stays a word of its own)
      expect(concepts('I need an AWS account').map((c) => c.word)).toContain('aws');
      expect(firstIn(db, 'What do I need to hand back when I leave the company?')).toBe('offboarding');
      expect(firstIn(db, 'What is the IT process when an employee leaves the company?')).toBe('offboarding');
      // (a contract that ends is leaving too)
      expect(firstIn(db, 'Mein Vertrag endet Ende Juni, was passiert mit meinem Konto und meinem Laptop?')).toBe('offboarding');
      expect(firstIn(db, 'My contract ends in June, what happens to my phone?')).toBe('offboarding');
    });
  });
});

describe('everyday words of the ninth round', () => {
  it('a person in the genitive, "gaht scho wieder nöd", making (erstellen, anlegen), running (läuft), no room left, going at the end of the month', () => {
    withCatalog('ninth.yaml', catalogYaml([
      svc('onboarding', ['Eintritt neuer Mitarbeitender', 'Onboarding'], ['Alles für neue Mitarbeiterinnen und Mitarbeiter am ersten Tag.', 'Everything a new employee needs on day one.']),
      svc('offboarding', ['Austritt', 'Offboarding'], ['Was die IT beim Austritt erledigt.', 'What IT does when someone leaves.']),
      svc('wifi', ['WLAN', 'Wi-Fi'], ['Drahtloses Netz im ganzen Gebäude.', 'Wireless network in the whole building.']),
      svc('video', ['Videoberatung', 'Video counselling'], ['Beratungen per Video statt im Sitzungszimmer.', 'Counselling by video instead of in the meeting room.']),
      svc('avam', ['AVAM-Zugang', 'AVAM access'], ['Zugang zum Vermittlungssystem AVAM.', 'Access to the placement system AVAM.']),
      svc('teams', ['Microsoft Teams', 'Microsoft Teams'], ['Chat, Teams, Kanäle und eine gemeinsame Ablage für Gruppen.', 'Chat, teams, channels and shared storage for groups.']),
      svc('reports', ['Berichte', 'Reports'], ['Berichte und Auswertungen erstellen, anlegen und teilen.', 'Create, set up and share reports.']),
      svc('mailbox', ['E-Mail-Postfach', 'Mailbox'], ['Ihr Postfach, wenn es voll ist, bekommt es mehr Speicher.', 'Your mailbox; when it is full it gets more storage.']),
      svc('storage', ['Dateiablage', 'File storage'], ['Ablage für Dateien der Abteilung, mit genug Platz.', 'Storage for department files, with enough space.']),
    ]), (db) => {
      const concept = (q: string, w: string) => catalogSearch(db).search(q).concepts.find((c) => c.word === w);
      // "eines Mitarbeiters" is the person beside the leaving, like "eines Mitarbeiter"
      expect(concept('beim Austritt eines Mitarbeiters', 'mitarbeiters')!.idf).toBeCloseTo(concept('beim Austritt eines Mitarbeiter', 'mitarbeiter')!.idf, 5);
      expect(firstIn(db, 'Was muss ich als Vorgesetzter beim Austritt eines Mitarbeiters für die IT erledigen?')).toBe('offboarding');
      // something wrong, also "scho wieder": the meeting room is where, the Wi-Fi what
      expect(firstIn(db, 's wlan im sitzigszimmer gaht scho wieder nöd')).toBe('wifi');
      // to create or to set up is what one wants done, like ordering: it counts less than the thing
      // (the report service is where the catalog says "erstellen")
      expect(firstIn(db, 'teams kanal erstellen')).toBe('teams');
      expect(firstIn(db, 'Teamablage anlegen')).toBe('teams');
      // "lauft" (läuft) is a light word, "allne" is "allen"
      expect(concept('avam lauft scho de ganz morge nöd, isch das bi allne so?', 'lauft')?.light).toBe(true);
      expect(concept('avam lauft scho de ganz morge nöd, isch das bi allne so?', 'allne')).toBeUndefined();
      expect(firstIn(db, 'avam lauft scho de ganz morge nöd, isch das bi allne so?')).toBe('avam');
      // no room left is a full mailbox or drive; someone going at the end of the month is leaving
      expect(firstIn(db, 'Ich habe keinen Platz mehr für neue Nachrichten')).toBe('mailbox');
      expect(firstIn(db, 'Unsere Sekretärin geht Ende Monat, was passiert mit ihren Mails und ihrem Computer?')).toBe('offboarding');
    });
  });
});

describe('everyday trouble in German', () => {
  it('"macht komische Geräusche" is something wrong with the thing, "stürzt ab" a crash, "Zahltag" no IT matter', () => {
    withCatalog('trouble.yaml', catalogYaml([
      svc('printing', ['Drucken', 'Printing'], ['Drucker im Büro.', 'Office printers.']),
      svc('email', ['E-Mail und Kalender (Outlook)', 'E-mail and calendar (Outlook)'], ['Ihr Postfach in Outlook.', 'Your mailbox in Outlook.']),
      svc('mobile', ['Geschäftshandy', 'Business phone'], ['Ein Handy mit E-Mail; defekte Geräte werden ersetzt.', 'A phone with e-mail; defective devices are replaced.']),
      svc('reports', ['Berichte und Zahlen', 'Reports and figures'], ['Zahlen und Kennzahlen der Firma.', 'The company\'s figures.']),
    ], `answers:
  - id: what-does-it-do
    question: {de: "Was macht die IT eigentlich?", en: "What does IT actually do?"}
    answer: {de: "Sie betreibt die Systeme.", en: "It runs the systems."}
    services: [printing]
`), (db) => {
      const words = (q: string) => catalogSearch(db).search(q).concepts.map((c) => c.word);
      // the noise says what is wrong: neither "macht" (what IT does) nor "komisch" (suspicious) is a topic
      expect(words('Der Drucker macht komische Geräusche')).not.toContain('macht');
      expect(words('Der Drucker macht komische Geräusche')).not.toContain('komische');
      expect(firstIn(db, 'Der Drucker macht komische Geräusche')).toBe('printing');
      expect(firstIn(db, 'my printer is making weird noises')).toBe('printing');
      // "stürzt ab" is what is wrong with Outlook, not the phone whose text speaks of defects
      expect(firstIn(db, 'Outlook stürzt immer ab')).toBe('email');
      // payday is a workplace matter, not the figures
      expect(answerQuestion(db, 'Wann ist der nächste Zahltag?').answered).toBe(false);
    });
  });
});

describe('everyday trouble of the tenth round', () => {
  it('a calendar or folder that does not synchronise says what is wrong, in German as in English', () => {
    withCatalog('sync.yaml', catalogYaml([
      svc('email', ['E-Mail und Kalender (Outlook)', 'E-mail and calendar (Outlook)'], ['Ihr Postfach und Kalender in Outlook.', 'Your mailbox and calendar in Outlook.']),
      svc('files', ['Dateiablage (OneDrive)', 'File storage (OneDrive)'], ['Ihre Dateien in OneDrive, von überall erreichbar.', 'Your files in OneDrive, reachable from anywhere.']),
      svc('mobile', ['Geschäftshandy', 'Business phone'], ['Ein Handy für die Arbeit.', 'A phone for work.']),
    ]), (db) => {
      const words = (q: string) => catalogSearch(db).search(q).concepts.map((c) => c.word);
      // the fault is recognised like "geht nicht", also typed in a hurry ("nich")
      expect(words('onedrive synchronisiert nicht mehr')).toContain('kaputt');
      expect(words('mein kalender synchronisiert nich')).toContain('kaputt');
      expect(words('my calendar does not sync')).toContain('kaputt');
      expect(firstIn(db, 'onedrvie synchronisiert nich mehr')).toBe('files');
    });
  });
});

describe('everyday words of the twelfth round', () => {
  const CAT = catalogYaml([
    svc('vpn', ['VPN-Fernzugriff', 'VPN remote access'], ['Von zuhause oder unterwegs sicher ins Firmennetz.', 'Reach the company network safely from home or on the road.'], { keywords: { de: ['Homeoffice'], en: ['home office'] } }),
    svc('password', ['Passwort und Konto', 'Password and account'], ['Passwort vergessen oder Konto gesperrt: wir setzen es zurück.', 'Forgot your password or account locked: we reset it.']),
    svc('usb', ['USB-Speicher', 'USB storage'], ['Verschlüsselte USB-Sticks zum Mitnehmen von Daten.', 'Encrypted USB sticks to carry data.'], { keywords: { de: ['Stick'], en: ['type C'] } }),
    svc('restore', ['Datensicherung und Wiederherstellung', 'Backup and restore'], ['Gelöschte oder überschriebene Dateien aus der Sicherung zurückholen.', 'Get deleted or overwritten files back from the backup.']),
    svc('excel', ['Microsoft Office', 'Microsoft Office'], ['Word, Excel und PowerPoint auf Ihrem Computer.', 'Word, Excel and PowerPoint on your computer.'], { keywords: { de: ['Excel-Liste', 'Tabelle'], en: ['spreadsheet'] } }),
  ]);

  it('working from the kitchen table is working from home', () => {
    // (the demo catalog: its VPN entry speaks of home office, not of tables)
    withCatalog('home.yaml', readFileSync(join(DATA_DIR, 'catalog.yaml'), 'utf8'), (db) => {
      const a = answerQuestion(db, 'Ich arbeite heute vom Küchentisch aus und komme nicht an meine Dateien im Büro');
      expect(a.answered).toBe(true);
      expect(a.results[0]!.id).toBe('vpn');
    });
  });

  it('"can\'t remember" is forgetting: a blocked sign-in is the password', () => {
    withCatalog('remember.yaml', CAT, (db) => {
      expect(firstIn(db, "I can't remember what I type to get into my computer and now it says I'm blocked")).toBe('password');
    });
  });

  it('booking a business trip and the warranty the business gives its customers are no IT services, unless an entry books travel', () => {
    const watches = [
      svc('registry', ['Uhrenregister', 'Watch registry'], ['Jede verkaufte Uhr mit Seriennummer, Käufer und Garantie.', 'Every watch sold with serial number, buyer and warranty.'], { keywords: { de: ['Garantie', 'Kunden'], en: ['warranty', 'customers'] } }),
      svc('mobile', ['Geschäftshandy', 'Business phone'], ['Ein Handy für die Arbeit, auch auf Geschäftsreisen.', 'A phone for work, also on business trips.']),
    ];
    const sbb = svc('sbb', ['SBB-Businessportal', 'SBB business portal'], ['Bahnbillette und Reisebuchung für Dienstreisen.', 'Train tickets and travel booking for business trips.']);
    withCatalog('trips.yaml', catalogYaml(watches), (db) => {
      expect(answerQuestion(db, 'How do I book a train ticket for a business trip to Geneva?').answered).toBe(false);
      expect(answerQuestion(db, 'Wie buche ich einen Flug für eine Geschäftsreise?').answered).toBe(false);
      expect(answerQuestion(db, 'How long is the warranty we give customers on our watches?').answered).toBe(false);
      expect(answerQuestion(db, 'Wie lange ist die Garantie für unsere Kunden?').answered).toBe(false);
    });
    withCatalog('travel.yaml', catalogYaml([...watches, sbb]), (db) => {
      const a = answerQuestion(db, 'How do I book a train ticket for a business trip to Geneva?');
      expect(a.answered).toBe(true);
      expect(a.results[0]!.id).toBe('sbb');
    });
  });

  it('travel expenses, general knowledge and small talk are no IT services; a shift swap stays none where an entry is a shift PC', () => {
    const cat = [
      svc('shiftpc', ['Schicht-PC', 'Shift PC'], ['Der gemeinsame PC für die Schicht im Lager.', 'The shared PC for the shift in the warehouse.']),
      svc('travel', ['Reise-IT', 'Travel IT'], ['Laptop und Handy für Reisen ins Ausland.', 'Laptop and phone for trips abroad.'], { keywords: { de: ['Reise'], en: ['trip', 'travel'] } }),
      svc('timezone', ['Weltzeituhr', 'World clock'], ['Die Uhr mit der Zeit in Singapur und Australien im Foyer.', 'The clock showing the time in Singapore and Australia in the lobby.']),
    ];
    withCatalog('smalltalk.yaml', catalogYaml(cat), (db) => {
      expectNoAnswer(db, ['How do I submit my travel expenses for the trip to Bern?', 'Who approves my expense claim for the training course?', "What's the capital of Australia?", 'Wie spät ist es jetzt in Singapur?', 'Good morning! How was your weekend?', 'chan i mit öpperem d schicht tuusche?']);
    });
    withCatalog('expenses.yaml', catalogYaml([...cat, svc('expenses', ['Spesenabrechnung', 'Expense claims'], ['Spesen und Reisekosten online abrechnen.', 'Claim expenses and travel costs online.'])]), (db) => {
      const a = answerQuestion(db, 'How do I submit my travel expenses for the trip to Bern?');
      expect(a.answered).toBe(true);
      expect(a.results[0]!.id).toBe('expenses');
    });
  });

  it('a hyphenated word whose parts the catalog knows counts as its parts, not once more written together', () => {
    withCatalog('hyphen.yaml', catalogYaml([
      svc('pc', ['Arbeitsplatz-PC', 'Desktop PC'], ['Der PC im Büro.', 'The PC in the office.']),
      svc('scada', ['Leitsystem', 'Control system'], ['Pumpen und Reservoir überwachen.', 'Monitor pumps and reservoirs.']),
    ]), (db) => {
      const words = (q: string) => catalogSearch(db).search(q).concepts.map((c) => c.word);
      expect(words('vom Büro-PC komme ich nicht ins System')).toEqual(expect.arrayContaining(['buro', 'pc']));
      expect(words('vom Büro-PC komme ich nicht ins System')).not.toContain('buropc');
      // (a part the catalog does not know keeps the word whole, as a word no entry knows)
      expect(words('Gibt es Power-BI-Dashboards?')).toContain('powerbidashboards');
    });
  });

  it('further education for one\'s career and the date of the business\'s next event are no IT services; IT courses and maintenance stay', () => {
    const cat = [
      svc('training', ['IT-Schulungen', 'IT training'], ['Kurse und Weiterbildung in Excel, Teams und Outlook.', 'Courses in Excel, Teams and Outlook.']),
      svc('synod', ['Geschäftsverwaltung Synode', 'Synod business system'], ['Traktanden und Protokolle der Synode.', 'Agendas and minutes of the synod.']),
      svc('sap', ['SAP', 'SAP'], ['Das ERP für Finanzen und Einkauf, mit monatlicher Wartung.', 'The ERP for finance and purchasing, with monthly maintenance.']),
      svc('hr', ['Personalportal', 'HR portal'], ['Lohnabrechnung und Ferien online.', 'Payslips and holidays online.']),
    ];
    withCatalog('education.yaml', catalogYaml(cat.filter((x) => x.id !== 'training')), (db) => {
      expectNoAnswer(db, ['Wie beantrage ich eine Weiterbildung?', 'Wo beantrage ich eine Weiterbildung zum Bauleiter?', 'Wie beantrage ich einen Bildungsurlaub?', 'Wann ist die nächste Synode?', 'when is the next staff party']);
      // (nor is one's contact in another department)
      expectNoAnswer(db, ['Wer ist meine Ansprechperson bei HR?', 'who is my contact at payroll']);
      expect(answerQuestion(db, 'Wann ist die nächste Wartung von SAP?').results[0]?.id).toBe('sap');
    });
    // (an entry that runs further education answers it)
    withCatalog('education2.yaml', catalogYaml(cat), (db) => {
      expect(answerQuestion(db, 'Wie beantrage ich eine Weiterbildung?').results[0]?.id).toBe('training');
    });
  });

  it('asking IT to set up or repair a device at home is no IT service, asking how to work from home is', () => {
    withCatalog('home-devices.yaml', catalogYaml([
      svc('wifi', ['WLAN', 'Wi-Fi'], ['Das WLAN in allen Gebäuden einrichten und nutzen.', 'Set up and use the Wi-Fi in all buildings.']),
      svc('printer', ['Drucker', 'Printers'], ['Drucker im Büro einrichten und Störungen melden.', 'Set up office printers and report faults.']),
      svc('vpn', ['VPN-Fernzugriff', 'VPN remote access'], ['Von zuhause sicher ins Firmennetz.', 'Reach the company network safely from home.']),
    ]), (db) => {
      expectNoAnswer(db, ['Kann die IT bei mir zuhause das WLAN einrichten?', 'Kann mir jemand meinen Drucker zuhause einrichten?', 'Can someone connect my TV at home to my wifi?']);
      expect(answerQuestion(db, 'Wie komme ich von zuhause ins Firmennetz?').results[0]!.id).toBe('vpn');
    });
  });

  it('the key of a locker and a half-fare travelcard are no IT services; a key card entry is no locker', () => {
    withCatalog('keys.yaml', catalogYaml([
      svc('keycards', ['Zimmer-Keycards', 'Room key cards'], ['Keycards für Zimmer und Büros: verloren, gesperrt oder neu.', 'Key cards for rooms and offices: lost, locked or new.'], { keywords: { de: ['Schlüssel'], en: ['key', 'keys'] } }),
      svc('mfa', ['Zwei-Faktor-Anmeldung', 'Two-factor sign-in'], ['Anmelden mit Handy oder Sicherheitsschlüssel.', 'Sign in with your phone or a security key.']),
      svc('travel', ['Reise-IT', 'Travel IT'], ['Laptop und Handy für Geschäftsreisen.', 'Laptop and phone for business trips.']),
    ]), (db) => {
      expectNoAnswer(db, ['I lost the key to my locker in the changing room', 'Ich habe den Schlüssel für meinen Garderobenkasten verloren', 'Where do I get a half-fare travelcard for business trips?']);
      expect(answerQuestion(db, 'I lost my key card for the office').results[0]!.id).toBe('keycards');
    });
  });

  it('plural screens that stay dark are broken; asking for one\'s sign-in details is fraud', () => {
    const implied = (q: string) => phraseWords(fold(q).toLowerCase()).map((x) => x.word);
    expect(implied('the two big screens stay dark')).toContain('kaputt');
    expect(implied('die Bildschirme bleiben schwarz')).toContain('kaputt');
    expect(implied('someone asked me for my sign-in details')).toContain('betrug');
    expect(implied('er wollte meine Zugangsdaten')).toContain('betrug');
    // (German puts the subject between: "bleibt der grosse Schirm dunkel"; screens that do not wake up, no signal)
    expect(implied('wenn ich anschliesse, bleibt der grosse Schirm dunkel')).toContain('kaputt');
    expect(implied('the two big displays don\'t wake up')).toContain('kaputt');
    expect(implied('die Monitore wachen nicht mehr auf')).toContain('kaputt');
    expect(implied('Beamer zeigt kein Signal')).toContain('kaputt');
    expect(implied('how do I get Outlook so it is in dark mode')).not.toContain('kaputt');
    // (figures that are not right: "die Zeiterfassung stimmt nicht", typed "stimt nicht")
    expect(implied('Zeiterfassung stimmt nicht')).toContain('kaputt');
    expect(implied('Zeiterfasung stimt nicht, fehlt ein tag')).toContain('kaputt');
  });

  it('locked out after some attempts, a code from the phone at sign-in, and no longer working here say what they mean', () => {
    const implied = (q: string) => phraseWords(fold(q).toLowerCase()).map((x) => x.word);
    expect(implied('nach drei Versuchen ist einfach Schluss')).toContain('passwort');
    expect(implied('it says too many failed attempts')).toContain('passwort');
    expect(implied('Beim Einloggen will der Computer noch eine Zahl von meinem Telefon')).toContain('mfa');
    expect(implied('Ich arbeite ab Montag nicht mehr hier, was passiert mit meinen Geräten?')).toContain(LEAVING);
    expect(implied('I won\'t be working here after Friday')).toContain(LEAVING);
    // (a number from a phone with no sign-in is no two-factor; working somewhere else is no leaving)
    expect(implied('Wie finde ich die Nummer von meinem Telefon heraus?')).not.toContain('mfa');
    expect(implied('Ich arbeite heute nicht im Büro')).not.toContain(LEAVING);
    // (the wrong password typed too many times, the password in other words; a count of wrong things is no sign-in)
    expect(implied('Ich komme nicht mehr in meinen Computer, nachdem ich dreimal das Falsche eingetippt habe')).toContain('passwort');
    expect(implied('the secret word I use to get in expires in 3 days')).toContain('passwort');
    expect(implied('Die Lieferung war zweimal falsch')).not.toContain('passwort');
    // (an approval prompt, a six-digit code, a number to type on the phone: the second factor)
    expect(implied('My new phone doesn\'t get the approval prompts anymore when I log in')).toContain('mfa');
    expect(implied('the app that gives me six-digit numbers is empty')).toContain('mfa');
    expect(implied('Wenn ich Outlook öffne, muss ich auf dem Handy noch eine Zahl eintippen')).toContain('mfa');
  });

  it('one address or inbox several people read is the shared mailbox; a word-forming ending is no word of its own', () => {
    const implied = (q: string) => phraseWords(fold(q).toLowerCase()).map((x) => x.word);
    expect(implied('Our front desk needs one inbox that all four receptionists can read')).toContain('funktionspostfach');
    expect(implied('Ich brauche eine gemeinsame Adresse, die drei Leute lesen können')).toContain('funktionspostfach');
    // (an address everyone sends to is not one they read)
    expect(implied('Which address do all of us send the invoices to?')).not.toContain('funktionspostfach');
    for (const [set, q, want] of [
      ['eightysecond', 'Our front desk needs one inbox that all four receptionists can read', 'funktionspostfach'],
      ['eightyfourth', 'Our café needs one address several of us can read, for event bookings', 'shared-mailbox'],
    ] as const) {
      expectAnswered(set, q, want);
      // ("receptionists" is who works at the reception, not reception and "ists")
      withSet(set, (db) => expect(catalogSearch(db).search(q).concepts.map((c) => c.word)).not.toContain('ists'));
    }
  });

  it('everyday words for restoring, the temperature, dictation, a headset, scanning, publishing, being away and working from home', () => {
    const implied = (q: string) => phraseWords(fold(q).toLowerCase()).map((x) => x.word);
    for (const [q, word] of [
      ['I accidentally emptied the recycle bin', 'wiederherstellen'],
      ['der Ordner ist seit gestern weg, kriegt man den zurück?', 'wiederherstellen'],
      ['Heute Nacht war es im Tropenhaus viel zu kalt', 'temperatur'],
      ['Ich möchte die Berichte nicht mehr tippen, sondern einfach reden', 'diktieren'],
      ['I need something on my head so I can talk on calls', 'headset'],
      ['wie bekomme ich das Papier in den Computer?', 'scannen'],
      ['so the public can read it online', 'veröffentlichen'],
      ['I\'m off to Kenya for three weeks, how do people who write to me know?', 'abwesenheit'],
      ['I can\'t reach the drives when I work from my flat', 'fernzugriff'],
    ]) expect(implied(q), q).toContain(word);
    // (back at the office is no restoring)
    expect(implied('Ich bin morgen wieder zurück im Büro')).not.toContain('wiederherstellen');
    withCatalog('when.yaml', catalogYaml([
      svc('restore', ['Daten wiederherstellen', 'Data restore'], ['Gelöschte Dateien zurückholen.', 'Get deleted files back.']),
      svc('survey', ['Wochenbericht', 'Weekly report'], ['Die Zahlen der Woche.', 'The week\'s figures.']),
    ]), (db) => {
      const words = (q: string) => catalogSearch(db).search(q).concepts.map((c) => c.word);
      // ("last week's", "letzte Woche": when, not what; "make sure" is no surfing)
      expect(words('I emptied the recycle bin with last week\'s price list in it')).not.toContain('week');
      expect(words('Die Liste von letzter Woche ist weg')).not.toContain('woche');
      expect(words('the weekly report of this week')).toContain('weekly');
      expect(catalogSearch(db).search('how do I make sure the report is ready').concepts.find((c) => c.word === 'sure')?.light).toBe(true);
    });
  });

  it('a program wanted for a purpose no entry knows is a software request; a purpose an entry names is that entry', () => {
    for (const [set, q] of [
      ['sixtyfifth', 'Ich brauche ein Programm zum Zeichnen von Schemas, das ist nicht auf meinem Laptop'],
      ['sixtyseventh', 'I need a program that isn\'t on my machine for translating documents'],
      ['eightythird', 'Ich brauche ein Programm zum Zeichnen von Schemas'],
    ] as const) expectAnswered(set, q, 'software-request');
    withSet('eightythird', (db) => {
      expect(answerQuestion(db, 'Ich brauche die App für die Zeiterfassung').results[0]?.id).toBe('time-tracking');
      expect(answerQuestion(db, 'I need a program to record my working hours').results[0]?.id).toBe('time-tracking');
    });
  });

  it('whom a caller pretended to be is no topic; an odd mail or new bank details on an invoice are phishing or fraud', () => {
    withSet('sixtyfifth', (db) => {
      const words = (q: string) => catalogSearch(db).search(q).concepts.map((c) => c.word);
      expect(words('Someone called pretending to be from Microsoft and I let them onto my computer')).not.toContain('microsoft');
      expect(words('Someone called pretending to be Microsoft and I read them the code')).not.toContain('microsoft');
      expect(words('Ein Mann gab sich als Swisscom-Techniker aus')).not.toContain('swisscom-techniker');
      // (Microsoft asked about stays the question)
      expect(words('Wie bekomme ich Microsoft Project?')).toContain('microsoft');
      expect(answerQuestion(db, 'Someone called pretending to be from Microsoft and I let them onto my computer').results[0]?.id).toBe('security-incident');
    });
    const implied = (q: string) => phraseWords(fold(q).toLowerCase()).map((x) => x.word);
    for (const q of [
      'Ich bin nicht sicher, ob diese Rechnung echt ist, der Absender kommt mir komisch vor',
      'someone sent me a link, looks fishy',
      'A supplier emailed that we should pay the next invoice to a new IBAN',
      'Ein Lieferant hat uns eine Rechnung mit einer neuen Kontonummer geschickt',
    ]) expect(implied(q), q).toContain('phishing');
    // (in Swiss German: "er seig vo de IT und wött mis Passwort")
    expect(implied('Hüt het mi eine aglüte, er seig vo de IT und wött mis Passwort')).toContain('betrug');
    expect(implied('Wo isch de Laptop vo de Lernende?')).not.toContain('betrug');
    // (one's own new account for the salary is HR's; an odd noise is no mail)
    expect(implied('Ich habe eine neue Bankverbindung für den Lohn, wo melde ich das?')).not.toContain('phishing');
    expect(implied('Der Drucker macht komische Geräusche')).not.toContain('phishing');
  });

  it('calls to the office number at home, talking face to face without travelling and editing one document together', () => {
    const implied = (q: string) => phraseWords(fold(q).toLowerCase()).map((x) => x.word);
    for (const [q, word] of [
      ['Kann mich der Kunde unter meiner Büronummer erreichen, wenn ich zuhause arbeite?', 'telefonie'],
      ['Ich möchte mich mit den Kolleginnen in Basel per Bild und Ton besprechen', 'videokonferenz'],
      ['I need to talk to a colleague face to face but don\'t want to travel there', 'videokonferenz'],
      ['Ich möchte mit zwei Kolleginnen gleichzeitig an derselben Präsentation arbeiten', 'gemeinsam'],
      ['Our group of six needs one place where everybody can edit the same documents', 'gemeinsam'],
    ]) expect(implied(q), q).toContain(word);
    // (the office number named, working from home is no remote access question; a phone at the desk stays what it is)
    expect(implied('Kann mich der Kunde unter meiner Büronummer erreichen, wenn ich zuhause arbeite?')).not.toContain('fernzugriff');
    expect(implied('Wie komme ich von zuhause auf meine Ordner?')).toContain('fernzugriff');
    expect(implied('Das Telefon auf meinem Pult klingelt nicht')).not.toContain('telefonie');
    withSet('twentyfifth', (db) => {
      expect(answerQuestion(db, 'Kann mich der Kunde unter meiner Büronummer erreichen, wenn ich zuhause arbeite?').results[0]?.id).toBe('teams-phone');
    });
  });

  it('nothing coming out of the machine, a bigger screen, something for the ears and who fixes the computer', () => {
    const implied = (q: string) => phraseWords(fold(q).toLowerCase()).map((x) => x.word);
    for (const [q, word] of [
      ['Ich habe das Dokument dreimal geschickt, aber beim Gerät im Gang kommt nichts raus', 'drucker'],
      ['The machine on the second floor keeps eating paper', 'drucker'],
      ['Ich hätte gern etwas Grösseres zum Draufschauen als das kleine Laptop-Display', 'bildschirm'],
      ['My screen is tiny and my neck hurts', 'bildschirm'],
      ['I can\'t hear anything in calls, I need something for my ears', 'headset'],
      ['who fixes my computer when it breaks', 'helpdesk'],
      ['Who do I talk to when my computer acts up?', 'helpdesk'],
      ['wo chan i es ticket für d IT ufmache?', 'helpdesk'],
      ['wo lüüt i a wenn de pc spinnt?', 'helpdesk'],
    ]) expect(implied(q), q).toContain(word);
    // (a ticket for the zoo is no support ticket)
    expect(implied('Wo kaufe ich ein Ticket für den Zoo?')).not.toContain('helpdesk');
    // (a bigger budget, nothing out of the ordinary, a tiny office are no printers or screens)
    expect(implied('Can we get a bigger budget for the party?')).not.toContain('bildschirm');
    expect(implied('Nothing out of the ordinary happened')).not.toContain('drucker');
  });

  it('everyday Swiss German forms read as standard German (verbs, pronouns, time words)', () => {
    for (const [w, std] of [['hesch', 'hast'], ['händ', 'haben'], ['chasch', 'kannst'], ['öppis', 'etwas'], ['hüt', 'heute']] as const) expect(swissToStandard(fold(w)), w).toBe(std);
    expectAnswered('nineteenth', 'mir händ ab auguscht en neue kolleg, wer macht em sis konto und so?', 'staff-onboarding');
    expectAnswered('sixtyeighth', 'd\'authenticator app fragt mi all 5 minute, nervt mega', 'mfa');
  });

  it('everyday workplace words used interchangeably are one another\'s synonyms ("Labeldrucker" / "Etikettendrucker")', () => {
    expect(synonymsOf('labeldrucker')).toContain('etikettendrucker');
    expect(synonymsOf('portreplikator')).toContain('dockingstation');
    expect(synonymsOf('geheimzahl')).toContain('pin');
    expectAnswered('twentysecond', 'Ich habe versehentlich einen Vertragsentwurf an den falschen Empfänger geschickt', 'security-incident');
    expectAnswered('fourth', 'Ich brauche einen zweiten Bildschirm', 'notebook');
  });

  it('Swiss and typed forms: "la" is lassen, "bestel" is bestellen, someone who "gaht" leaves, "kei Saft meh" is the battery', () => {
    expect(swissToStandard('la')).toBe('lassen');
    expect(nearAction('bestel')).toBe('bestell');
    const implied = (q: string) => phraseWords(fold(q).toLowerCase()).map((x) => x.word);
    expect(implied('Wänn en Mitarbeiter gaht, wer nimmt de Laptop zrugg?')).toContain(LEAVING);
    expect(implied('when someone leaves, who takes back the laptop?')).toContain(LEAVING);
    expect(implied('Wenn es Programm nöd gaht, wer hilft?')).not.toContain(LEAVING);
    expect(implied('S Funkgrät het kei Saft meh')).toContain('akku');
    for (const [set, q, want] of [
      ['eightysecond', 'Wo chan i es Programm la installiere?', 'software-bestellung'],
      ['eightyfirst', 'Wie bestel ich ein neus Notbook?', 'laptop'],
      ['eightythird', 'S Funkgrät het kei Saft meh, wo chan ich en neue Akku hole?', 'radio'],
    ] as const) expectAnswered(set, q, want);
  });

  it('a new one asked for is no newcomer; "um zwei" says when; "streikt" says something is wrong', () => {
    const implied = (q: string) => phraseWords(fold(q).toLowerCase()).map((x) => x.word);
    expect(implied('Mein Kopfhörer ist kaputt, ich brauche einen neuen für die Telefonate')).not.toContain(JOINING);
    expect(implied('mir händ ab Mäntig en Neue im Team')).toContain(JOINING);
    expect(implied('My neck hurts from looking down at the small laptop screen all day')).toContain('bildschirm');
    expect(isTrouble('streikt')).toBe(true);
    withCatalog('night.yaml', catalogYaml([
      svc('mfa', ['Zwei-Faktor-Anmeldung', 'Two-factor sign-in'], ['Die Anmeldung mit einem zweiten Faktor.', 'Sign-in with a second factor.']),
      svc('desk', ['Servicedesk', 'Service desk'], ['Hilfe bei allen IT-Problemen, rund um die Uhr.', 'Help with all IT problems, day and night.']),
    ]), (db) => {
      // ("um zwei" is two o'clock, not two-factor)
      expect(catalogSearch(db).search('Nachts um zwei streikt die IT, wen soll ich anrufen?').concepts.map((c) => c.word)).not.toContain('zwei');
      expect(answerQuestion(db, 'Nachts um zwei streikt die IT, wen soll ich anrufen?').results[0]?.id).toBe('desk');
    });
  });

  it('a thing one carries that "ist weg" or cannot be found is lost, and stays what the question is about', () => {
    const lost = (q: string) => LOST_PHRASES.some((re) => re.test(fold(q).toLowerCase()));
    for (const q of ['Mein Handy ist weg', 'min Badge isch weg, was muen i mache?', 'my laptop is gone', 'I can\'t find my badge anywhere', 'ich finde mein Natel nicht mehr']) expect(lost(q)).toBe(true);
    // (a file that is gone is deleted, not lost; a colleague who is gone is no device)
    for (const q of ['Meine Datei ist weg', 'Der Ordner ist einfach weg', 'Mein Chef ist weg']) expect(lost(q)).toBe(false);
    // (over two catalogs written by others, where "weg" otherwise met offboarding and deleted files)
    for (const [set, q, want] of [
      ['seventyseventh', 'Mein Badge ist weg, was muss ich machen?', 'badge-access'],
      ['ninetysecond', 'Min Badge isch weg, was muen i mache?', 'badge-access'],
    ] as const) expectAnswered(set, q, want);
  });

  it('setting up an out of office is the automatic reply, being out of the office is not', () => {
    withCatalog('away.yaml', catalogYaml([
      svc('mail', ['E-Mail und Kalender', 'E-mail and calendar'], ['Ihr Postfach und Kalender, mit Abwesenheitsnotiz.', 'Your mailbox and calendar, with the out-of-office reply.']),
      svc('home', ['Home-Office', 'Home office'], ['Arbeiten von zu Hause: Ausrüstung und Zugang.', 'Working from home: equipment and access.'], { keywords: { de: ['Homeoffice'], en: ['home office', 'remote work', 'working from home'] } }),
    ]), (db) => {
      for (const q of ['set up out of office', 'how do I turn on my out of office', 'my out-of-office message is wrong']) expect(answerQuestion(db, q).results[0]?.id).toBe('mail');
      expect(answerQuestion(db, 'how do I work from home when I am out of the office').results[0]?.id).toBe('home');
    });
  });

  it('a compound an entry is named by stays whole: the helpdesk is not a desk phone', () => {
    withCatalog('desk.yaml', catalogYaml([
      svc('helpdesk', ['Helpdesk', 'Helpdesk'], ['Ihre erste Anlaufstelle bei IT-Problemen, per Telefon oder Chat.', 'Your first stop for IT problems, by phone or chat.']),
      svc('desk-phone', ['Tischtelefon', 'Desk phone'], ['Das Telefon auf Ihrem Pult mit Ihrer Nummer.', 'The phone on your desk with your number.']),
      svc('laptop', ['Laptop', 'Laptop'], ['Ihr Arbeitsgerät.', 'Your work computer.']),
    ]), (db) => {
      expect(answerQuestion(db, 'helpdesk phone number').results[0]?.id).toBe('helpdesk');
      expect(answerQuestion(db, 'Telefonnummer vom Helpdesk').results[0]?.id).toBe('helpdesk');
      // (the desk phone itself is still the desk phone)
      expect(answerQuestion(db, 'my desk phone has no dial tone').results[0]?.id).toBe('desk-phone');
    });
  });

  it('streaks, smudges and faded print are what is wrong with the printer, not a topic of their own', () => {
    for (const w of ['streifen', 'streife', 'streifig', 'verschmiert', 'streaks', 'smudged', 'faded']) expect(isTrouble(w)).toBe(true);
    // (over two catalogs written by others, whose printing entries name no streaks)
    for (const [set, q, want] of [
      ['eightysixth', 'De Drucker im zweite Stock druckt nur no Streife', 'printing'],
      ['eightyninth', 'Dr Drucker im Büro druckt nume no Streife', 'printing'],
    ] as const) expectAnswered(set, q, want);
  });

  it('a laptop plugged in at the desk with its screens dark is the docking station; a screen in a meeting room is not', () => {
    // (over two catalogs written by others, where the entry is "peripherals" and "workplace accessories")
    for (const [set, q, want] of [
      ['seventyseventh', 'When I put my laptop on the stand at my desk, the two big screens stay dark', 'peripherals'],
      ['seventyfourth', 'Wenn ich den Laptop am Pult anschliesse, bleiben die beiden grossen Anzeigen schwarz.', 'workplace-accessories'],
      // (the device in general words, the verb split around its object, a screen in one word with its kind; "external"
      // screens are no guests from outside)
      ['eightysecond', 'Ich stecke meinen Computer am Pult ein und das grosse Anzeigegerät bleibt dunkel', 'bildschirm-docking'],
      ['eightyfirst', 'Wenn ich mein Gerät am Pult anschliesse, bleibt die Anzeige dunkel', 'monitor-docking'],
      ['eightythird', 'the external screens stay dark when I plug my computer into the box on my desk', 'peripherals'],
    ] as const) expectAnswered(set, q, want);
    const implied = (q: string) => phraseWords(fold(q).toLowerCase()).map((x) => x.word);
    expect(implied('the screens stay black when I plug in my laptop')).toContain('dockingstation');
    expect(implied('the big screen in the meeting room stays black when I plug in my laptop')).not.toContain('dockingstation');
    expect(implied('my laptop screen is cracked')).not.toContain('dockingstation');
    expect(implied('Wenn ich den Laptop am Pult anhänge, bleibt auf den grossen Anzeigen alles dunkel')).toContain('dockingstation');
    expect(implied('de bildschirm im sitzigszimmer zeigt nüt aa wenn ich min laptop aaschliess')).not.toContain('dockingstation');
  });

  it('an occasion no entry knows ("nach der Premierenfeier") says when, not what: it counts against the question as a place does', () => {
    withCatalog('occasion.yaml', catalogYaml([
      svc('mobile', ['Diensthandy', 'Company phone'], ['Das Handy für die Arbeit, Ersatz bei Verlust.', 'The phone for work, replaced when lost.']),
      svc('laptop', ['Laptop', 'Laptop'], ['Der Laptop für die Arbeit.', 'The laptop for work.']),
    ]), (db) => {
      const weightOf = (q: string, w: string) => catalogSearch(db).search(q).concepts.find((c) => c.word === w)?.idf ?? 0;
      expect(weightOf('Diensthandyverlust nach der Premierenfeier', 'premierenfeier')).toBeCloseTo(weightOf('Diensthandyverlust Premierenfeier', 'premierenfeier') / 2);
      // (a word an entry knows stays what it is: "nach dem Laptop" is still the laptop)
      expect(weightOf('Diensthandy nach dem Laptop', 'laptop')).toBeCloseTo(weightOf('Diensthandy und Laptop', 'laptop'));
    });
  });

  it('one\'s own team ("someone in my team", "für unser Team") is the people one works with, not Teams', () => {
    withCatalog('own-team.yaml', catalogYaml([
      svc('teams', ['Microsoft Teams', 'Microsoft Teams'], ['Chat, Sitzungen und Teams für die Zusammenarbeit.', 'Chat, meetings and teams to work together.']),
      svc('mailbox', ['Funktionspostfach', 'Shared mailbox'], ['Ein gemeinsames Postfach für eine Gruppe.', 'A mailbox shared by a group.']),
      svc('offboarding', ['Austritt', 'Offboarding'], ['Wenn jemand die Firma verlässt: Konten und Geräte.', 'When someone leaves: accounts and devices.']),
    ]), (db) => {
      const light = (q: string) => catalogSearch(db).search(q).concepts.find((c) => c.word === 'team')?.light;
      expect(light('Ich möchte ein gemeinsames Postfach für unser Team beantragen')).toBe(true);
      expect(light('What do I need to do when someone in my team leaves?')).toBe(true);
      expect(light('Wie erstelle ich ein neues Team für mein Projekt?')).toBeFalsy();
      expect(answerQuestion(db, 'Ich möchte ein gemeinsames Postfach für unser Team beantragen').results[0]?.id).toBe('mailbox');
    });
  });

  it('exchanging messages is chatting, seeing each other on the screen a video call; a part exchanged is still a replacement', () => {
    const implied = (q: string) => phraseWords(fold(q).toLowerCase()).map((x) => x.word);
    expect(implied('schnell Nachrichten austauschen und uns am Bildschirm sehen')).toEqual(expect.arrayContaining(['chat', 'videokonferenz']));
    expect(implied('we want to exchange messages and see each other on screen')).toEqual(expect.arrayContaining(['chat', 'videokonferenz']));
    expect(implied('den Akku austauschen')).not.toContain('chat');
    expect(implied('der Bildschirm ist schwarz, ich sehe nichts')).not.toContain('videokonferenz');
  });

  it('an automatic reply during one\'s holidays is the out-of-office; "stelle ich ein, dass" sets something up, it hires nobody', () => {
    const implied = (q: string) => phraseWords(fold(q).toLowerCase()).map((x) => x.word);
    const q = 'Wie stelle ich ein, dass die Leute während meinen Ferien eine automatische Antwort bekommen?';
    expect(implied(q)).toContain('abwesenheit');
    expect(implied(q)).not.toContain('eintritt');
    expect(implied('how do I set up an automatic reply?')).toContain('abwesenheit');
    expect(implied('Wo stellt man in Outlook ein, dass Mails weitergeleitet werden?')).not.toContain('eintritt');
    // hiring still is joining
    expect(implied('Wir stellen nächste Woche eine Volontärin ein.')).toContain('eintritt');
    // (the holidays are consumed by the phrase: no off-topic word that makes the question look out of scope)
    const consumed = new Set<string>();
    phraseWords(fold(q).toLowerCase(), consumed);
    expect(consumed.has('ferien')).toBe(true);
  });

  it('coffee or water spilt on a device is damage ("Kaffeeschaden"); a machine part\'s damage is not', () => {
    const implied = (q: string) => phraseWords(fold(q).toLowerCase()).map((x) => x.word);
    expect(implied('Notebookaustausch nach Kaffeeschaden')).toContain('kaputt');
    expect(implied('Handy mit Sturzschaden')).toContain('kaputt');
    expect(implied('Die Druckmaschine hat einen Walzenschaden')).not.toContain('kaputt');
  });

  it('the cloud is OneDrive where the catalog names no other cloud', () => {
    withCatalog('cloud.yaml', catalogYaml([
      svc('files', ['Dateiablage (OneDrive)', 'File storage (OneDrive)'], ['Ihre Dateien in OneDrive und in Teams, von überall erreichbar.', 'Your files in OneDrive and Teams, reachable from anywhere.']),
      svc('teams', ['Microsoft Teams', 'Microsoft Teams'], ['Chatten, telefonieren und Sitzungen mit Kollegen.', 'Chat, calls and meetings with colleagues.']),
      svc('laptop', ['Laptop', 'Laptop'], ['Ein Laptop für die Arbeit.', 'A laptop for work.']),
    ]), (db) => {
      const a = answerQuestion(db, 'my personal cloud is full, where can I put my files?');
      expect(a.answered).toBe(true);
      expect(a.results[0]!.id).toBe('files');
    });
  });

  it('a word no entry knows after "für unseren neuen" is whom the thing is for, also split in parts ("Theater|maler")', () => {
    // (one of the evaluation's catalogs, where "Theater" is a word of several entries)
    withSet('seventysixth', (db) => {
      const a = answerQuestion(db, 'Wie bestelle ich einen Laptop für unseren neuen Theatermaler?');
      expect(a.answered).toBe(true);
      expect(a.results[0]!.id).toBe('laptop');
      const maler = catalogSearch(db).search('Wie bestelle ich einen Laptop für unseren neuen Theatermaler?').concepts.find((c) => c.word === 'maler');
      expect(maler?.unknown).toBe(false);
    });
  });

  it('whose folder it is ("den Ordner der Kostümabteilung") weighs as a place: the folder is what is asked for', () => {
    withSet('seventysixth', (db) => {
      const a = answerQuestion(db, 'Wo beantrage ich Zugriff auf den Ordner der Kostümabteilung?');
      expect(a.results[0]!.id).toBe('file-storage');
    });
  });

  it('Swiss German: "macht scho wieder nüt" is broken, "ä Nöie im Team" someone new, "stämple" clocking in, "Websiite" the website', () => {
    // (as the search reads a question: as written and folded)
    const implied = (q: string) => phraseWords(`${q.toLowerCase()} ${fold(q).toLowerCase()}`).map((x) => x.word);
    expect(implied('Dr Drucker im Wärchhof macht scho wieder nüt')).toContain('kaputt');
    expect(implied('Das macht nichts, danke')).not.toContain('kaputt');
    expect(implied('Mir hei ä Nöie im Team, wie überchunnt dä es Konto?')).toContain('eintritt');
    expect(swissToStandard(fold('stämple'))).toBe('stempeln');
    expect(swissToStandard(fold('Websiite'))).toBe('website');
    expect(swissToStandard(fold('vorchunnt'))).toBe('vorkommt');
    expect(swissToStandard(fold('Iigang'))).toBe('eingang');
    expect(swissToStandard(fold('Ussedienst'))).toBe('aussendienst');
    expect(swissToStandard(fold('Lüt'))).toBe('leute');
  });

  it('a topic phrase the question also says in a word of its own weighs like the heaviest thing beside it', () => {
    // (one of the evaluation's catalogs, where the spreadsheet words of other entries outweighed the restoring)
    withSet('seventythird', (db) => {
      const a = answerQuestion(db, 'Ich habe aus Versehen eine Excel-Liste überschrieben, gestern war sie noch gut – geht das rückgängig?');
      expect(a.answered).toBe(true);
      expect(a.results[0]!.id).toBe('backup-restore');
    });
  });
});
