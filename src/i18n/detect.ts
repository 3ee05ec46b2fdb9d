import type { Lang } from '../chat/model.ts';

// Frequent function words and chat words; Swiss German forms count as German.
const DE = new Set(
  (
    'der die das und ist nicht ein eine einen ich mein meine mir mich wie was wer wo wann warum wieso ' +
    'bitte danke hallo gruezi grüezi grüss sali hoi moin guten tag morgen abend kann können muss brauche ' +
    'bekomme bekommen geht funktioniert kaputt neu neue neues für fur mit auf zu im in ist sind habe hast hat ' +
    'gibt es ja nein kein keine hilfe ansprechpartner zurücksetzen passwort drucker vergessen gesperrt ' +
    'mis mini isch chan cha bruch bruche wie gohts merci es het nöd nid öppis eppis wo de dr ' +
    'auch oder aber noch schon nur sehr viel wieder welche welcher gibt wird werden kommt steht vom zum zur ' +
    'tun nun erhalten neuer unser unsere unseren nimmt keis meh nach bei beim seit über unter mehr nix nichts alle alles jetzt heute gestern immer ' +
    'bestellen bestelle drucken druckt ausdrucken beantragen einrichten anmelden verbinden ' +
    'han ha hani uf mues muess würkli dehei dihei chum chume mache mached gaht goht lauft nüt nüme gsi bi vo ' +
    // (the words of the bot's own commands, alone in a message: "Umfrage", "Ansprechperson")
    'umfrage umfragen befragung projekt projekte termin termine veranstaltung veranstaltungen ansprechperson zuständig neuigkeiten angebot'
  ).split(/\s+/),
);
const EN = new Set(
  (
    'the a and is are not my me i you your how what who where when why which please thanks thank ' +
    'hello hi hey good morning can could need get gets got broken new for with on to of in it does do ' +
    'did have has there yes no help contact reset password printer forgot locked work working doesnt ' +
    "don't can't won't isn't should would be was were this that these those from about any some " +
    'again also just only very much still every few keeps keep minutes hours opening number shared meeting ' +
    'access install expired someone since after all by into want wants off out up been they their them she his ' +
    'if or but than then ' +
    'survey surveys poll projects upcoming'
  ).split(/\s+/),
);

/** How German words are built (endings, letter groups English hardly has). */
const GERMAN_BUILT = /(ung|ungen|keit|heit|lich|schaft|chen|ieren|iert)$|sch|tz/;

/**
 * Guesses the language of a chat message. Returns null when the evidence is too thin
 * (one keyword like "vpn"), so the caller falls back to the next source.
 */
export function detectLanguage(text: string): Lang | null {
  // (how a word is joined to "IT" tells where a noun both languages use stands: German writes a
  // compound with a hyphen and a capital, "IT-Vision", "IT-Team"; English leaves the noun after it
  // open and in small letters, "IT vision", "IT roadmap": English where nothing else is German,
  // as a verb after it is in German, "die IT arbeitet", and a German word: "IT und …")
  let de = (text.match(/\b(IT|it)-[A-ZÄÖÜ]/g) ?? []).length;
  let en = 0;
  const openNoun = [...text.matchAll(/\bIT ([a-z][a-z']*)/g)].filter(([, w]) => !DE.has(w!) && !GERMAN_BUILT.test(w!)).length;
  // ("IT" in capitals, or any "it-" of a compound, is the IT department in either language, not the English "it")
  const lower = text.replace(/\bIT\b|\bit-/g, ' ').toLowerCase();
  if (/[äöü]/.test(lower)) de++;
  // (a word glued to a digit, "A4", "3D", "Win11", and a single letter, English "a" and "I" but
  // Swiss German "i" and "a" too, say nothing about the language)
  for (const w of lower.split(/[^a-z0-9äöüéèàç']+/)) {
    if (w.replace(/'/g, '').length < 2 || /[0-9]/.test(w)) continue;
    if (DE.has(w)) de++;
    if (EN.has(w)) en++;
    // (a word on neither list: by how words are built, at half weight)
    if (DE.has(w) || EN.has(w) || w.length < 5) continue;
    if (GERMAN_BUILT.test(w)) de += 0.5;
    else if (/(ing|tion|tions|ness|ly)$|th|wh|^un|ck$/.test(w)) en += 0.5;
  }
  if (de === 0) en += openNoun;
  if (de === en) return null;
  if (Math.max(de, en) < 1) return null;
  return de > en ? 'de' : 'en';
}
