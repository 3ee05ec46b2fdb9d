// Language knowledge for catalog search: words that carry no meaning in a question, Swiss
// German words and their standard German, synonyms across de/en, and phrases that mean
// "broken". General knowledge about how people ask IT, never about one catalog's services.
// The word lists live in data/lexicon.yaml so that IT can edit them; the phrases are patterns
// and stay here.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

interface LexiconFile {
  stopwords: string[];
  weak: string[];
  offTopic: string[];
  baseWords: string[];
  actions: string[];
  troubles: string[];
  devices: string[];
  parts: string[];
  persons: string[];
  whole: string[];
  replacements: string[];
  swissMarkers: string[];
  swiss: Record<string, string>;
  kinds: Record<string, string>;
  synonyms: string[][];
  broader: Record<string, string>;
  forNewGeneric: string[];
}

/**
 * Reads the word lists from the text of the lexicon file; a broken file stops the bot at start with the file and
 * field named (a YAML syntax error with its line).
 */
export function parseLexicon(text: string, file = 'data/lexicon.yaml'): LexiconFile {
  const fail = (field: string, why: string): never => {
    throw new Error(`${file}: ${field}: ${why}`);
  };
  let y: Record<string, unknown> | null;
  try {
    y = parse(text) as Record<string, unknown> | null;
  } catch (e) {
    return fail('(file)', (e as Error).message.split('\n')[0]!);
  }
  if (!y || typeof y !== 'object') return fail('(file)', 'expected a mapping');
  const lines = (field: string): string[] => {
    const v = y[field];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) return fail(field, 'expected a list of texts (words separated by spaces)');
    return (v as string[]).join(' ').split(/\s+/).filter(Boolean);
  };
  // (word: word pairs; an optional section may be left out)
  const pairs = (field: string, what: string, optional = false): Record<string, string> => {
    const v = y[field] ?? (optional ? {} : undefined);
    if (!v || typeof v !== 'object' || Array.isArray(v) || Object.values(v).some((x) => typeof x !== 'string')) return fail(field, `expected ${what} pairs`);
    return v as Record<string, string>;
  };
  const synonyms = y.synonyms;
  if (!Array.isArray(synonyms) || synonyms.some((g) => !Array.isArray(g) || g.length < 2)) return fail('synonyms', 'expected a list of groups of at least two words');
  return {
    stopwords: lines('stopwords'),
    weak: lines('weak'),
    offTopic: lines('offTopic'),
    baseWords: lines('baseWords'),
    actions: lines('actions'),
    troubles: lines('troubles'),
    devices: lines('devices'),
    parts: lines('parts'),
    persons: lines('persons'),
    whole: lines('whole'),
    replacements: lines('replacements'),
    swissMarkers: lines('swissMarkers'),
    swiss: pairs('swiss', 'word: standard word'),
    kinds: pairs('kinds', 'name: general word'),
    synonyms: (synonyms as unknown[][]).map((g) => g.map(String)),
    broader: pairs('broader', 'broad word: narrower words', true),
    forNewGeneric: y.forNewGeneric === undefined ? [] : lines('forNewGeneric'),
  };
}

const file = parseLexicon(readFileSync(new URL('../../data/lexicon.yaml', import.meta.url), 'utf8'));

/** Function words, question words and chat filler in German, Swiss German and English. */
export const STOPWORDS = new Set(file.stopwords);

/**
 * Light words: generic verbs, intensifiers and judgements that rarely say which service a
 * question is about ("see", "fix", "mega", "falsch"). They still count, at a third of their
 * weight, and an unknown one does not make a question look out of scope.
 */
export const WEAK_WORDS = new Set(file.weak);

/**
 * Workplace words that are not about IT (pay, holidays, canteen, parking, weather, building):
 * when the catalog does not know such a word, it is what the question is about, and the
 * question is most likely out of scope. A catalog that does know the word (a parking app, a
 * time-recording system) searches it like any other word.
 */
export const OFF_TOPIC = new Set(file.offTopic);

/** Swiss German (and common colloquial) word -> standard German word(s). */
export const SWISS: Record<string, string> = file.swiss;

/**
 * Names of well-known products and makes -> the general word for what they are (Photoshop ->
 * software, MacBook -> laptop): a question that names a product the catalog does not know is
 * still about that kind of service.
 */
export const KINDS: Record<string, string> = file.kinds;

/**
 * Synonym groups (de and en in one group where they mean the same). A query word that
 * matches one member also looks for the others, at a small discount.
 */
export const SYNONYMS: string[][] = file.synonyms;

/**
 * A word of a synonym group that is broader than some others of it -> those narrower words: a
 * question that names a narrower word looks for the broad one only at a lower weight ("Natel" is a
 * mobile phone; an entry about any phone, the desk phone, fits it less).
 */
export const BROADER: Record<string, string> = file.broader;

/** Words only Swiss German uses (isch, nöd, chan), folded: two of them make a question Swiss German. */
export const SWISS_MARKERS = new Set(file.swissMarkers);

/** Generic actions (order, request, buy): they count at half their weight, the thing asked for decides. */
export const ACTIONS = new Set(file.actions);

/**
 * Words for what is wrong (broken, defekt, slow): with a thing named beside them they count at
 * half their weight, the thing decides ("Natel kaputt" is the phone, not the service desk).
 */
export const TROUBLES = new Set(file.troubles);

/** Devices and their parts: a question with both and something wrong is about the device. */
export const DEVICES = new Set(file.devices);
export const PARTS = new Set(file.parts);

/** Words never cut to a stem, because the stem is another word (onboarding, training). */
export const WHOLE_WORDS = new Set(file.whole);

/** People in the workplace (employee, Kollegin, Lernende): beside joining or leaving no topic of their own. */
export const PERSONS = new Set(file.persons);

/** Words that ask for a thing to be replaced (Ersatz): like something wrong, the device decides over its part. */
export const REPLACEMENTS = new Set(file.replacements);

/** The words joining and leaving phrases stand for: the heads of their synonym groups. */
export const JOINING = 'eintritt';
export const LEAVING = 'austritt';

/** The endings of a German word for a woman in a role (Lehrerin, Assistentin, Praktikantin, Juristin, Direktorin, Coiffeurin). */
const ROLE = String.raw`[a-zäöü]{4,}(?:erin|entin|antin|istin|orin|eurin|arin|ärin|ierin)(?:nen)?`;
export const ROLE_ENDING = new RegExp(`^${ROLE}$`);
// (a role the lexicon does not list is a person by its ending: "e neui Gerichtsschriiberin")
const PERSON = ['team member', 'staff member', ...file.persons, ROLE].join('|');

/** Common German words that compound splitting may use as parts, beyond the catalog's own words. */
export const BASE_WORDS: string[] = file.baseWords;

/** "für eine neue Kuratorin", "for our new hire": the new person as whom a thing is for. */
export const FOR_NEW = /\b(?:fur|for|fuer)(?: (?:eine?[nrm]?|den|die|der|das|unsere?[nrm]?|meine?[nrm]?|a|an|the|our|my))? (?:neue[nrms]?|neu|new|nei|neui|noi)\b/;
/** What everyone new gets ("die IT-Ausstattung für einen neuen Mitarbeiter", "equipment for a new hire"): the joining, not a thing of its own (as written in the file; matched folded). */
export const FOR_NEW_WORDS: string[] = file.forNewGeneric;

/** Phrases that say someone new joins: "new colleague", "neue Mitarbeiterin", "starts on Monday". */
export const JOINING_PHRASES: RegExp[] = [
  new RegExp(String.raw`\b(new|neu|neue[rnm]?|neui|nöi|nöii|nöie[rnm]?|nöji|neu[ie]) (\w+ )?(${PERSON})\b`),
  /\b(starts|starting|begins|joins|joining) (work |working )?(on|next|in|at|with us|tomorrow|today|monday|tuesday|wednesday|thursday|friday)\b/,
  new RegExp(String.raw`\b(fängt|fangt|faht|beginnt|startet) .{0,40}\b(an|a)\b.{0,30}\b(${PERSON})\b|\b(${PERSON})\b.{0,40}\b(fängt|fangt|faht|beginnt|startet) .{0,30}\b(an|a)\b`),
  // "Am Montag fängt ein neuer Koch an", "unsere Praktikantin beginnt am 1. März", "wir stellen eine Volontärin ein"
  /\b(fängt|fangt|faht|fönd|fanged|fanget|beginnt|startet)\b.{0,30}\b(neue[rnms]?|neui|nöi)\b.{0,30}\b(an|a)\b/,
  // "mir händ ab Mäntig en Neue im Team", "eine Neue ab Montag": a new person, the noun left out
  // (also as folded: "a noie im Team" for "ä Nöie")
  // (not a new thing asked for: "ich brauche einen neuen für die Telefonate" is a replacement)
  /(?<!\b(?:brauche|bräuchte|brauchte|bruche|bruuche|bruch|bruuch|möchte|mochte|hätte gern|hatte gern|hätt gern|bekomme|bekämt|bestelle|will|wott|wött|kriege|krieg|chan|cha|han|hät|het|gibt es|gits|gibts) (?:ich |i |mer |mir )?(?:no |noch |bitte )?)\b(en|e|a|es|eine?[nr]?|einen) (neue[nr]?|nöie[nr]?|noie[nr]?|nöji|noji|neui|nöii|noii)\b(?= (im|in|ab|am|bi|bei|für|fürs|fur|furs|uf|zu)\b)/,
  // the asker is the one who starts: "ich fang am erschte im Labor a", "I start in the Bern office on Monday"
  /\b(ich|i) (fang|fange|fäng|faa|beginne|starte)\b.{0,40}\b(an|a)\b|\bi (start|begin|join) (on|next|in|at|with|tomorrow|today|monday)\b|\bmy first (day|week)\b|\bmein(em)? erste[nr]? (arbeits)?tag\b/,
  /\b(praktikant|praktikantin|lernende|lehrling|volontär|volontärin|volontar|volontarin|trainee|intern|apprentice|neueintritt)\w*\b.{0,30}\b(beginnt|startet|starts|begins|joins)\b/,
  // (not setting something up: "Wie stelle ich ein, dass ...", "wo stellt man in Outlook ein, dass ...")
  /\bstell(e|en|t)\b(?! (ich|i|man|mer|mir|wir) (ein|ii)\b).{0,50}\bein(?=\s*[.!?;]|\s*,(?!\s*(dass|das|wie|wann|damit|ob)\b)|\s*$)/,
];

/**
 * German separable verbs, folded: the verb and, at the end of its clause, its particle
 * ("Wie richte ich die App auf dem Handy ein?" is einrichten, not "richten").
 */
export const SEPARABLE_VERBS: Array<[verb: RegExp, particle: RegExp, whole: string]> = [
  [/richte|richtet|richtest|richten|richt/, /ein|ii|i/, 'einrichten'],
  [/melde|meldet|meldest|melden|mald|malde|maldet/, /an|aa/, 'anmelden'],
  [/melde|meldet|meldest|melden|mald|malde|maldet/, /ab/, 'abmelden'],
  [/lade|ladt|ladet|laden|lad/, /herunter|runter|abe|ahe/, 'herunterladen'],
  [/stelle|stellt|stellen|stell/, /um/, 'umstellen'],
  [/schalte|schaltet|schalten|schalt/, /ein|ii|an|aa/, 'einschalten'],
  [/schalte|schaltet|schalten|schalt/, /aus|us|ab/, 'ausschalten'],
  [/rufe|ruft|rufen|rueft|lute|lutet/, /an|aa/, 'anrufen'],
  [/logge|loggt|loggen|logg/, /ein|ii|i/, 'einloggen'],
  [/fahre|fahrt|fahren/, /hoch|ufe/, 'hochfahren'],
  [/setze|setzt|setzen/, /zuruck|zrugg/, 'zurucksetzen'],
  [/schliesse|schliesst|schliessen/, /an|aa/, 'anschliessen'],
  [/drucke|druckt|drucken/, /aus|us/, 'ausdrucken'],
  [/tausche|tauscht|tauschen/, /aus|us/, 'austauschen'],
  [/fallt|fallen|fallt/, /aus|us/, 'ausfallen'],
  [/hole|holt|holen|hol/, /ab/, 'abholen'],
];

/** An aspect asked of something named ("the phone number of the helpdesk", "IT-Hotline Nummer"): the thing decides. */
export const ASPECT_PHRASES: RegExp[] = [
  // (each part in a group of its own, for "phone number" written apart; "Telefonnummer" as one word counts less as a whole)
  /\b(?:(phone|telephone|telefon|tel|ruf)[ -]?(number|n?umm?er\w*|nr)|(e-?mail|mail)[ -]?(address|adresse)|(nummer|numer|number))\b/,
];

/** Phrases that say someone wants to swap a shift or a day: the duty roster. */
export const SHIFT_SWAP_PHRASES: RegExp[] = [
  /\b(swap|swapping|switch|trade|tauschen|tausche|abtauschen|abtausche|tuusche|tausch)\b.{0,40}\b(shift|shifts|saturday|sunday|monday|tuesday|wednesday|thursday|friday|weekend|schicht\w*|dienst|dienste|samstag|sonntag|montag|dienstag|mittwoch|donnerstag|freitag|wochenende|samschtig|sunntig|mäntig)\b/,
  /\b(shift|shifts|saturday|sunday|schicht\w*|dienst|samstag|sonntag|wochenende|samschtig|sunntig)\b.{0,40}\b(swap|switch|trade|tauschen|tausche|abtauschen|abtausche|tuusche)\b/,
  /\b(schichttausch|diensttausch|shift swap)\w*/,
];

/** A hyphenated name whose last part only says what kind of thing it is (Authenticator-App, Citrix-Portal): that part, folded. */
export const HYPHEN_GENERIC = /\b[a-z0-9]{3,}-(app|apps|system|systeme|portal|tool|tools|software|programm|plattform|platform|dienst|service|zugang|login|konto|account)\b/g;

/**
 * A count before a unit of time ("two weeks", "zwei Wochen", "zwöi stund", "3 days"): how long, not what. The
 * count, folded; the unit is left to the stopwords. ("two-factor" and "zwei Faktor" are no durations.)
 */
export const DURATION_COUNT = /\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|a few|a couple of|ein|eine|einen|einer|zwei|zwo|drei|vier|funf|sechs|sieben|acht|neun|zehn|zwolf|zwanzig|dreissig|zwoi|zwee|dru|foif|fuf|sachs|sibe|zah)\s+(?:(?:full|whole|ganze|ganzen|ganzi)\s+)?(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|minuten|stunden?|stund|tage?n?|tag|wochen?|wuche[n]?|wucha|monate?n?|monet|jahren?|jahr|johr)\b/g;

/**
 * Asking whom to contact for a thing ("who do I contact to get a new laptop", "who do I ask about the scanners",
 * "an wen wende ich mich wegen ..."): the thing is what the question is about, the asking no topic of its own.
 */
/** "for IT problems", "bei Computerproblemen": not a thing of its own, the help in general. */
const FOR_IT = String.raw`(?:for|with|about|regarding|wegen|bei|fur|mit) (?:any |all |general |allgemeinen |allen )?(?:it|computer|tech|technical|informatik)[ -]?(?:problems?|issues?|questions?|stuff|trouble|support|probleme[nm]?|fragen|sachen)\b`;
const FOR_THING = String.raw`(?!${FOR_IT})(?:to (?:get|order|request|have|obtain|apply)|for|about|regarding)\b`;
/** The German "for a thing" (für, wegen, betreffend), not for IT in general; as written and folded. */
const FOR_THING_DE = String.raw`(?!${FOR_IT})(?:fur|für|wegen|betreffend)\b`;
export const WHO_FOR_THING = new RegExp(String.raw`\bwho(?:m)? (?:do|should|can|could|would) (?:i|we) (?:call|ask|contact|turn to|phone) ${FOR_THING}|\b(?:an wen|wen|wem) (?:wende|frage|kontaktiere|rufe) (?:ich|i|mer) (?:mich )?${FOR_THING_DE}`, 'g');

/** A time of day ("at 3am", "um 8 Uhr", "14h"): when, not what. */
export const TIME_OF_DAY = /\b\d{1,2}(?:[:.]\d\d)? ?(?:am|pm|uhr|h)\b|\b(?:um|at|gegen|around) (?:eins|zwei|drei|vier|funf|fünf|sechs|sieben|acht|neun|zehn|elf|zwolf|zwölf|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|zwoi|drü|dru|vieri|foifi|sächsi|sachsi|sibni|achti|nüni|nuni|zäni|zani|elfi|zwölfi|zwolfi)(?: uhr| o'?clock)?\b/g;

/** "By accident", "aus Versehen": how something happened, never a topic (an accident is an insurance claim). */
export const BY_MISTAKE = /\b(?:by accident|accidentally|by mistake|aus versehen|ausversehen|us versehe|usversehe)\b/g;

/** Things one carries and can lose, for "ist weg" / "can't find my ...". */
const CARRIED = String.raw`(handy|handys|natel|natels|smartphone|iphone|telefon|phone|mobile|laptop|notebook|läppi|lappi|tablet|ipad|badge|badges|ausweis|personalausweis|zutrittskarte|keycard|key card|access card|stick|usb-stick|usb stick|token|yubikey|headset|dienstausweis|firmenhandy|geschäftshandy|geschaftshandy|diensthandy|company phone|work phone)`;
/** "is" before "gone" ("ist weg", "isch weg", "is gone", "has gone"). */
const IS = '(?:ist|isch|esch|is|has|was)';
/** Phrases that say a device was left somewhere or taken: lost. */
export const LOST_PHRASES: RegExp[] = [
  /\b(liegen ?(ge)?lassen|ligge ?(g)?lah|vergessen (im|in der|auf dem) (zug|tram|bus|taxi|flugzeug))\b/,
  /\bleft\b.{0,40}\b(on|in|at) (the|a) (train|tram|bus|taxi|plane|car|restaurant|hotel|airport)\b/,
  // "Mein Handy ist weg", "min Badge isch weg", "my laptop is gone", "my phone is missing" (the phrase begins after the
  // thing, which stays what the question is about)
  new RegExp(String.raw`\b${IS} (?<=\b${CARRIED} ${IS} )(?:(?:einfach|plotzlich|plötzlich|just|suddenly) )?(?:weg|futsch|verschwunden|nicht mehr da|nümme da|numme da|nüm da|num da|gone|missing|disappeared|vanished)\b`),
  // "ich finde mein Handy nicht mehr", "find mis Natel nümme", "I can't find my badge"
  new RegExp(String.raw`\b(?:finde|find|finds|findet)\b (?:\w+ ){0,3}${CARRIED}\b (?:\w+ )?(?:nicht mehr|nirgends|nirgendwo|nümme|numme|nüm|num)\b|\b(?:can ?not|can't|cant|cannot|couldn't|could not) find (?:my|our|the) (?=(?:\w+ )?${CARRIED}\b)`),
];

/** Something dropped ("fell", "runtergefallen", Swiss "abegheit"): broken, and for a phone, a mobile one. */
const DROPPED = 'fell|dropped|runtergefallen|heruntergefallen|abegheit|abeghiit|gheit|aagheit|ahegheit';

/** A phone that fell, got wet, was lost or stolen is a mobile phone: a desk phone does none of that. */
export const PORTABLE_MISHAP = new RegExp(String.raw`\b(?:${DROPPED}|fallen|gefallen|stolen|lost|gestohlen|geklaut|verloren|verlore|ins wasser|into the water|into the lake|in den see|in die aare|is wasser)\b`);
/** Where a device fell or got wet ("into the lake", "ins Wasser", "is WC"): the place of a mishap, not a topic. */
export const MISHAP_PLACE = /\b(?:into|in|ins|is|i d|in die|in den|in das) (?:the )?(?:water|lake|river|sea|toilet|loo|pool|bathtub|wasser|see|fluss|aare|rhein|limmat|toilette|klo|wc|badewanne|schüssel|schussel)\b/g;
/** Means of transport: where a thing was lost or stolen ("im Tram gestohlen", "left it on the train"), not a topic then. */
export const ON_THE_WAY = /\b(?:tram|trams|train|trains|bus|busse|zug|zuge|postauto|s-bahn|taxi|flugzeug|plane)\b/g;
export const PHONE_WORDS = new Set(['phone', 'telefon', 'telephone', 'tel']);

/** Phrases that say someone pretended to be someone else: fraud. */
export const IMPERSONATION_PHRASES: RegExp[] = [
  /\b(said|saying|says|claimed|claiming|claims|pretended|pretending) (he|she|they) (was|were|is|are|came|come) from\b|\b(claimed|claiming|claims|pretended|pretending|pretends) to be (from|an?|the|our|my)\b/,
  /\b(gab|gibt|hat) sich (als|für) .{0,40}\b(aus|ausgegeben)\b|\bangeblich (von|vom|aus der|aus dem)\b/,
  /\bgift ?cards?\b|\bgeschenkkarten?\b|\bgutscheine? (zu )?(kaufen|besorgen)\b/,
  // Swiss: "er seig vo de IT und wött mis Passwort", "si sig vom Support gsi"
  /\b(er|si|sie|är|de|die) (seig|sig|seigi|säg|sei) (vo|vom|vor|vo de|vo dr|vo der|us de|us dr) ?\b|\b(wött|wott|wet|wetti|wotti|hät welle|het welle|het wöue|hät wöue) (\w+ )?(mis|min|mini|mys|mis|s|dis|din) (passwort|pw|code|pin|login|logindate|zuegangsdate)\b/,
  // "asked for my code and I gave it to him", "wollte mein Passwort", "asked me for my sign-in details"
  /\b(asked|asking|asks|wanted|wants) (me )?(for )?(my|the) (password|passwort|code|pin|login|login details|sign-in details|sign in details|log-in details|credentials)\b|\b(wollte|verlangte|fragte nach) (mein|meinen|meine|das|den|die) (passwort|code|pin|login|logindaten|anmeldedaten|zugangsdaten)\b/,
];

/** Phrases that say a sign-in waits for approval on the phone: two-factor sign-in. */
export const APPROVE_SIGNIN_PHRASES: RegExp[] = [
  /\b(approve|approving|approval|approvals|confirm|confirming|bestätigen|bestätige|bestatigen|bestatige|bstätige)\b.{0,40}\b(login|logins|log ?in|sign ?in|sign-in|anmeldung|anmelden|einloggen)\b/,
  // "the app that gives me six-digit numbers", "auf dem Handy noch eine Zahl eintippen": the second factor
  /\b(six|6)[- ]digit (number|numbers|code|codes)\b|\b(sechsstellig|sechsstellige|sechsstelligen|6-stellig|6-stellige|6-stelligen)\b/,
  /\b(handy|natel|telefon|phone|smartphone)\b.{0,30}\b(zahl|code|nummer|number)\b.{0,20}\b(eintippen|eingeben|tippen|itippe|iitippe|bestätigen|bestatigen|type|enter|confirm|tap)\b/,
  /\b(login|logins|log ?in|sign ?in|sign-in|anmeldung|anmelde|anmelden|einloggen|ilogge)\b.{0,40}\b(approve|confirm|bestätigen|bestatigen|bstätige)\b/,
  // "login approval requests at 3am", "Anmeldebestätigungen", "sign-in prompts"
  /\b(login|log-in|sign-in|signin|sign in|anmelde|anmeldungs|anmelde-)[ -]?(approval|approvals|prompt|prompts|push|pushes|bestätigung|bestätigungen|bestatigung|bestatigungen|anfrage|anfragen)\b/,
  // "beim Einloggen will er noch eine Zahl von meinem Telefon", "it asks for a code from my phone when I sign in"
  /\b(login|logins|log ?in|sign ?in|sign-in|anmeldung|anmelden|einloggen|ilogge|logge)\b.{0,60}\b(zahl|nummer|code|codes|number|digits|ziffern)\b.{0,25}\b(handy|telefon|natel|phone|smartphone|app)\b|\b(zahl|nummer|code|number|digits) (vom|von meinem|von mim|from my|on my) (handy|telefon|natel|phone)\b.{0,60}\b(login|log ?in|sign ?in|anmelden|einloggen|anmeldung)\b/,
];

/** Phrases that say something is to be put on a website: publishing ("einen Artikel online stellen", "post it on our website"). */
export const PUBLISH_PHRASES: RegExp[] = [
  /\b(online|ins netz|ins internet|uf d website|auf die website|auf die webseite|auf unsere website|auf unsere webseite) (stellen|stelle|gestellt|stellt|bringen|schalten|aufschalten|ufschalte)\b/,
  /\b(?:read|see|find) (?:it|them|this) online\b|\bonline (?:lesen|sehen|nachlesen)\b/,
  /\b(?:put|post|posted|publish) (?:it |this |that |something |an? \w+ |our \w+ |the \w+ )?(online|on the website|on our website|on the web)\b/,
];

/**
 * Someone away, with people writing to them or needing to know: the out-of-office reply ("ich bin drei Wochen weg, wie
 * merken die Leute, die mir schreiben, dass ich nicht da bin?"). Away alone (holidays) is no IT matter.
 */
const ABSENT = String.raw`(?:weg|off to|abwesend|nicht da|nicht im buro|nöd da|nod da|nid da|away|out of (?:the )?office|on holiday|on vacation|on leave|in den ferien|in de ferie|in die ferien|im urlaub)`;
const AWAY = String.raw`(?:\b(?:bin|bi|am|i'm|im|will be|be|ist|isch|is) (?:\S+ ){0,6}?${ABSENT}|\b${ABSENT} (?:bin|bi|sind|isch)|\b(?:während|wahrend|währed|wahred|during|over) (?:meiner|meinen|meines|minere|mine|der|den|de|my|the) (?:ferien|ferie|urlaub|urlaubs|abwesenheit|holidays?|vacation|leave))\b`;
const WRITING = String.raw`\b(?:schreib\w*|write|writes|writing|wrote|mail|mails|e-mail\w*|email\w*|nachricht\w*|merken|merkt|wissen|weiss|know|knows|reply|replies|antwort\w*)\b`;
/** Away, then a writing word later on the line; or a writing word earlier on the line, then away (looked back for only where away stands). */
export const AWAY_WRITING = new RegExp(`${AWAY}(?=.*${WRITING})|(?=${AWAY})(?<=${WRITING}.*)${AWAY}`);
const WRITING_WORD = new RegExp(WRITING);

/** Something that finds a phrase in a text, as `RegExp.exec` does. */
export interface PhraseMatcher {
  exec(text: string): RegExpExecArray | null;
}

/**
 * `AWAY_WRITING`, searched line by line and only on the lines with a writing word (no match can
 * cross a line or do without one): the look-ahead and look-behind over the line otherwise cost
 * time with the square of a long message ("bin weg bin weg ..."). `scanned` counts the
 * characters the whole pattern was run over.
 */
export const awayMatcher = {
  scanned: 0,
  exec(text: string): RegExpExecArray | null {
    for (const line of text.split(/[\n\r\u2028\u2029]/)) {
      if (!WRITING_WORD.test(line)) continue;
      this.scanned += line.length;
      const m = AWAY_WRITING.exec(line);
      if (m) return m;
    }
    return null;
  },
};
export const AWAY_PHRASES: PhraseMatcher[] = [
  awayMatcher,
  // "dass die Leute eine automatische Antwort bekommen", "set up an automatic reply": the reply itself, away or not
  /\b(automatische[nrs]? (antwort|rückmeldung|ruckmeldung|e-mail-antwort|mail-antwort)|automatic (reply|replies|answer|response|e-?mail reply)|auto-?reply|auto-?replies|autoreply|autoresponder)\b/,
];

/**
 * "set up out of office", "my out-of-office message": the automatic reply, whose words ("office") are no topic of their
 * own; working away from the office ("out of the office") is not it.
 */
export const OUT_OF_OFFICE_PHRASES: RegExp[] = [
  /\b(?:set up|setup|turn on|switch on|activate|enable|configure|create|write|einrichten|aktivieren|einschalten)\b (?:an? |my |the |mein |meine |die |den )?(out[ -]of[ -]office)(?: (?:reply|replies|message|messages|notice|note|assistant|mail|e-?mail|notiz|meldung))?\b|\b(out[ -]of[ -]office) (?:reply|replies|message|messages|notice|note|assistant|mail|e-?mail|notiz|meldung)\b/,
];

/** Something sent to the wrong person ("an den falschen Empfänger geschickt", "emailed it to the wrong client"): a data breach. */
export const WRONG_RECIPIENT_PHRASES: RegExp[] = [
  /\b(geschickt|gesendet|versendet|verschickt|gschickt|weitergeleitet|sent|mailed|emailed|e-mailed|forwarded)\b.{0,40}\b(falsche[nrm]?|wrong)\b|\b(falsche[nrm]?|wrong)\b.{0,30}\b(geschickt|gesendet|versendet|verschickt|gschickt|weitergeleitet|sent|mailed|emailed|forwarded)\b/,
];

/** Messages exchanged ("Nachrichten austauschen", "exchange messages"): chatting, not replacing anything. */
export const MESSAGING_PHRASES: RegExp[] = [
  /\b(nachrichten|chatnachrichten|messages|kurznachrichten) (\w+ ){0,3}?(austauschen|austausche|ustusche|exchange|exchanging)\b|\b(austauschen|exchange) (\w+ ){0,2}?(nachrichten|messages)\b/,
];
/** Seeing each other on the screen: a video call ("uns am Bildschirm sehen", "see each other on screen"). */
export const SEE_EACH_OTHER_PHRASES: RegExp[] = [
  /\b(uns|euch|sich|einander) (\w+ )?(am|uber den|über den|per|via) (bildschirm|video|screen) (\w+ )?(sehen|treffen|gseh|gsehe)\b|\b(see|seeing|meet|meeting) each other (on|via|over) (the )?(screen|video)\b/,
];

/** "face to face without travelling there", "von Angesicht zu Angesicht, ohne hinzufahren", "per Bild und Ton": a video call. */
export const FACE_TO_FACE_PHRASES: RegExp[] = [
  /\b(face to face|von angesicht zu angesicht|per bild und ton|mit bild und ton|with (?:picture|video) and sound)\b/,
  /\b(without (?:travelling|traveling|having to travel|going there|driving there)|(?:don'?t|do not) want to (?:travel|drive|go) there|ohne (?:hinzufahren|hinfahren|hinzureisen|zu reisen|anzureisen))\b/,
];

/**
 * Calls to one's office number reaching one on the computer or away from the desk ("calls to my office number to ring on
 * my laptop when I work from home", "unter meiner Büronummer im Homeoffice erreichbar"): telephony on the computer.
 */
export const PHONE_ANYWHERE_PHRASES: RegExp[] = [
  /^(?=.*\b(buronummer|büronummer|office number|office phone number|business number|geschaftsnummer|geschäftsnummer|festnetznummer|usual number|normal number|normal swiss number|swiss number|work number|direct number|direktnummer|durchwahl|nummer|number|anrufe|anruf|calls|call|telefonieren|anrufen|klingelt|ring|rings|erreichen|erreichbar|reach)\b)(?=.*\b(laptop|computer|pc|rechner|homeoffice|home office|zuhause|zu hause|daheim|from home|at home|travelling|traveling|auf reisen|unterwegs|kitchen table)\b)(?=.*\b(buronummer|büronummer|office number|business number|geschaftsnummer|geschäftsnummer|festnetznummer|usual number|normal number|swiss number|work number|direct number|direktnummer|durchwahl|meiner nummer|my number|telefonieren|anrufe|calls|klingelt|ring)\b)/,
];

/** Phrases that ask for a machine to write or summarise: an AI assistant ("something that summarises my meeting notes"). */
export const AI_PHRASES: RegExp[] = [
  /\b(summari[sz]e|summari[sz]es|summari[sz]ing|summary|zusammenfassen|zusammenfasst|zusammenfassung|zamefasse|zämefasse)\b/,
  /\b(write|writes|writing|write up|schreibt|schreiben|formuliert|formulieren)\b.{0,50}\b(for me|for us|automatically|automatisch|von selbst|für mich|für uns|fur mich|fur uns)\b/,
  /\b(automatically|automatisch|von selbst)\b.{0,20}\b(write|schreibt|schreiben|schreibe|formulieren)\b/,
];

/** A size in gigabytes or terabytes ("40 GB of raw pictures", "mehrere Gigabyte"): large files. */
export const LARGE_FILES_PHRASES: RegExp[] = [
  /\b\d+(?:[.,]\d+)?[ -]?(gb|tb|gigabytes?|terabytes?)\b|\b(mehrere|several|many|viele|ein paar|a few) (gigabytes?|terabytes?|gb|tb)\b/,
];

/** Phrases that say a device makes odd noises: something is wrong with it, nothing suspicious, nothing made. */
export const NOISE_PHRASES: RegExp[] = [
  /\b(?:(macht|mached|machen|makes|making|made) (?:so |some |)?)?(komische|komischi|seltsame|merkwürdige|laute|lauti|strange|weird|funny|odd|loud) (geräusche|gerausche|grüsch|grüüsch|töne|noises?|sounds?)\b/,
];

/** Phrases that say there is no room left ("kein Platz mehr", "out of space"): full. */
export const FULL_PHRASES: RegExp[] = [
  /\b(?:kein|keinen|keine|kei|no) (platz|space|room|speicher|speicherplatz|storage) (?:mehr|meh|left|more)\b|\b(?:out of|running out of) (space|storage|room)\b|\bno (?:more )?(space|storage) left\b/,
];

/** Phrases that say a file was overwritten or an earlier version is wanted: restoring. */
export const RESTORE_PHRASES: RegExp[] = [
  // "I emptied the recycle bin", "Papierkorb geleert"
  /\b(recycle bin|recycling bin|trash|papierkorb|abfallkorb|bin)\b.{0,20}\b(emptied|empty|geleert|gelert|glärt|gleert)\b|\b(emptied|geleert|leeren|glärt) (the |my |den |de )?(recycle bin|recycling bin|trash|papierkorb)\b/,
  // "der Ordner ist seit gestern weg, kriegt man den zurück?", "it's gone, can I get it back?"
  /\b(weg|verschwunden|gone|disappeared|vanished|furt|wäg|verschwunde)\b.{0,60}\b(zuruck|zurück|zrugg|zruck|back|wiederherstellen|wiederhaben|retten|restore|recover)\b/,
  /\b(uberschrieben|uberschreiben|uberschriebe|uberschribe|uberschribä|uberschribt|overwrote|overwritten|overwrite|saved over|drubergespeichert|uberspeichert)\b/,
  /\b(altere|alte|alten|fruhere|fruheren|vorherige|vorherigen|previous|older|earlier|yesterday'?s?|gestrige|gestrigen) (version|versionen|versions|stand)\b|\bstand von (gestern|vorgestern|letzter woche|letzter wuche)\b/,
];

/** Getting at something from home ("wie chum i vo dihei is redax", "access my folders from home"): remote access. */
/** ("from home", and the places people work from away from the office: the kitchen table, the sofa, a café; such a
 * place is where, never what: "kitchen" is no kitchen system) */
const HOME = String.raw`\b(?:von|vo|from) (?:(?:my|our) (?:flat|apartment|place)|zu ?hause|daheim|dihei|dehei|deheim|home)\b|\b(?:from|on|at) (?:my|the|a|our) (kitchen table|sofa|couch|living room|cafe|coffee shop|holiday flat|holiday home)\b|\b(?:vom|vo|am|auf dem|uf em|im) (kuchentisch|sofa|couch|stubentisch|wohnzimmer|cafe|kafi|ferienwohnung)\b`;
const GET_AT = String.raw`\b(?:komme?|chum[ei]?|chunnt|chunt|zugreifen|zuegriife|zuegriiffe|access|connect|get|verbinde|verbinden|arbeiten|schaffe|work|working)\b`;
/** (calls to the office number at home are telephony on the computer: PHONE_ANYWHERE_PHRASES) */
const OFFICE_NUMBER = String.raw`\b(?:buronummer|büronummer|office number|business number|geschaftsnummer|geschäftsnummer|festnetznummer|usual number|work number|direktnummer|durchwahl)\b`;
const REMOTE = new RegExp(`${GET_AT}.{0,40}${HOME}|${HOME}.{0,40}${GET_AT}`);
const OFFICE_NUMBER_WORD = new RegExp(OFFICE_NUMBER);
export const REMOTE_PHRASES: PhraseMatcher[] = [{ exec: (text: string) => (OFFICE_NUMBER_WORD.test(text) ? null : REMOTE.exec(text)) }];

/** A link clicked, or a link in a mail or a text message: most likely phishing. */
export const LINK_PHRASES: RegExp[] = [
  /\b(clicked|clicking|click|tapped|geklickt|klicke|klickt|klicken|aklickt|druf ?drucke|druf ?drücke|drufdruckt|drufdrückt)\b.{0,30}\b(link|links)\b|\b(link|links)\b.{0,30}\b(geklickt|clicked|tapped|aklickt|drucke|drücke|öffne|offne|klicke|klicken)\b/,
  /\b(link|links)\b.{0,60}\b(mail|e-mail|email|mails|sms|text|nachricht|message)\b|\b(mail|e-mail|email|sms|text|nachricht|message)\b.{0,60}\b(link|links)\b/,
];

/**
 * A mail, a message, an invoice or a caller that seems odd ("looks fishy", "der Absender kommt mir komisch vor"), or bank
 * details that changed ("pay the next invoice to a new IBAN"): most likely phishing or fraud.
 */
export const SUSPICIOUS_PHRASES: RegExp[] = [
  /\b(fishy|phishy|weird|strange|odd|suspicious|dodgy|shady|seltsam|seltsame[nrs]?|komisch|komische[nrs]?|faul|verdächtig|verdachtig|dubios|dubiose[nrs]?|merkwürdig|merkwurdig|gspässig|gspassig|suspekt|kömisch)\b.{0,60}\b(mail|mails|e-mail|email|emails|message|messages|nachricht|sms|text|rechnung|invoice|absender|sender|link|anhang|attachment|anruf|call|caller|anrufer)\b|\b(mail|mails|e-mail|email|emails|message|messages|nachricht|sms|rechnung|invoice|absender|sender|link|anhang|attachment|anruf|call|caller|anrufer)\b.{0,60}\b(fishy|phishy|weird|strange|suspicious|dodgy|shady|seltsam|komisch|faul|verdächtig|verdachtig|dubios|merkwürdig|merkwurdig|gspässig|gspassig|suspekt|kömisch)\b/,
  // (bank details changed on an invoice or a payment; one's own new account for the salary is HR's)
  /^(?=.*\b(rechnung|invoice|invoices|supplier|lieferant|pay|zahlen|zahlung|überweis\w*|uberweis\w*|payment)\b)(?!.*\b(lohn|salary|gehalt|pay slip|payslip)\b)(?=.*\b(new|neue|neuen|neuer|changed|geändert|geandert|geänderte|geanderte|different|andere|anderen)\b.{0,20}\b(iban|kontonummer|bank account|bankverbindung|bank details|account number|konto|zahlungsverbindung)\b)/,
];

/** Files encrypted, money demanded on the screen: ransomware, a security incident. */
export const RANSOM_PHRASES: RegExp[] = [
  /\b(dateien|files|daten|data|ordner|folders)\b.{0,40}\b(verschlusselt|encrypted)\b|\b(verschlusselt|encrypted)\b.{0,40}\b(bezahlen|pay|zahlen|money|geld|bitcoin)\b/,
  /\b(demanding|demands|asks for|verlangt|fordert)\b.{0,20}\b(money|geld|payment|bitcoin|zahlung|lösegeld|losegeld|ransom)\b/,
];

/** No computer of one's own ("I don't have my own computer", "ich habe ja keinen Computer"): the shared PCs. */
/**
 * A laptop plugged in at the desk with its screens dark or blank: the docking station ("the screens stay black when I plug
 * in my laptop", "Laptop am Pult eingesteckt, die grossen Schirme bleiben schwarz"); a projector or a meeting room's screen is not.
 */
export const DOCKING_PHRASES: RegExp[] = [
  /^(?=.*\b(?:laptop|laptops|notebook|rechner|computer|lappi|gerat|gerät|device)\b)(?=.*\b(einsteck\w*|iisteck\w*|anschliess\w*|angeschlossen|aaschliess\w*|ansteck\w*|aasteck\w*|anhang\w*|anhäng\w*|ahang\w*|ahäng\w*|plug|plugs|plugged|plugging|dock|docked|hinstelle|put|connect|connected|(?:stecke|steck|steckt|hange|hänge|hang|häng) (?:\S+ ){0,4}?(?:ein|an|ii|aa))\b)(?=.*\b(bildschirm\w*|monitor\w*|screens?|displays?|anzeige\w*|schirm\w*)\b)(?=.*\b(schwarz|black|dunkel|dark|blank|nothing|nichts|nüt|nut|kein bild|no picture|no signal|kein signal|wake up|bleib\w*|stay\w*)\b)(?!.*\b(?:leinwand|beamer|projektor|projector|tv|tvs|fernseher|sitzungs\w*|sitzigs\w*|besprechungs\w*|meeting room|conference room|rapportraum|room|raum|zimmer|saal|hall)\b)/,
];

export const NO_OWN_DEVICE_PHRASES: RegExp[] = [
  /\b(don'?t|do not|no|without) (have )?(my own|own|a) (computer|pc|laptop)\b|\b(keinen|kein|keis|ohne) (eigenen |eigene |eigenes |eigete )?(computer|pc|laptop|gerat|compi)\b/,
];

/**
 * One mail address or inbox that several people read ("one inbox that all four receptionists can read", "eine Adresse,
 * die wir alle lesen"): the shared mailbox.
 */
export const SHARED_INBOX_PHRASES: RegExp[] = [
  /\b(one|a single|a shared|a common|the same|same|eine|einer|ein|einem|gemeinsame|gemeinsamen|gemeinsames|dieselbe|derselben|die gleiche|der gleichen|es gmeinsams|e gmeinsami) (e-?mail |mail )?(address|inbox|mailbox|adresse|mailadresse|e-mail-adresse|postfach|adrässe)\b.{0,60}\b(all|everyone|everybody|several of us|each of us|we all|all of us|alle|mehrere|jeder|jede|zu viert|zu dritt|zu zweit|two|three|four|five|six|zwei|drei|vier|funf|sechs)\b(?!.{0,20}\b(?:send|schick))/,
];

/** Too cold or too warm somewhere ("im Tropenhaus viel zu kalt", "the freezer got too warm"): the temperature. */
export const TEMPERATURE_PHRASES: RegExp[] = [
  /\b(zu|z|too|so) (kalt|warm|heiss|chalt|cold|warm|hot)\b/,
];

/** Talking instead of typing ("nicht mehr tippen, sondern einfach reden"): dictation. */
export const DICTATION_PHRASES: RegExp[] = [
  /\b(tippen|tippe|schreiben|typing|type)\b.{0,30}\b(sondern|stattdessen|instead|but) (einfach |just |simply )?(reden|sprechen|red[ae]|schwätze|talk|speak|say)\b|\b(reden|sprechen|talk|speak) (instead of|statt) (tippen|schreiben|typing|writing)\b/,
];

/** Something on the head or ears to talk on calls ("something on my head so I can talk on calls hands-free"): a headset. */
export const HEADSET_PHRASES: RegExp[] = [
  /\b(on|over|auf|uf|über|uber) (my|the|dem|meinem|mim|de) (head|kopf|chopf|ears|ohren|ohre)\b.{0,50}\b(calls?|call|talk|telefon\w*|telefoniere|anruf\w*|sprechen|speak|meetings?)\b|\bhands[- ]free\b|\bfreihändig\b|\bfreihandig\b/,
  // "etwas für die Ohren", "something for my ears"
  /\b(etwas|something|was|öppis|oppis|anything) (für|fur|for) (die|my|meine|d) (ohren|ears|ohre)\b/,
];

/** Putting paper into the computer ("wie bekomme ich das Papier in den Computer?"): scanning. */
export const PAPER_IN_PHRASES: RegExp[] = [
  /\b(papier|paper|papers|unterlagen|formular|formulare|blatter|blätter|sheets|documents on paper)\b.{0,30}\b(in den|in die|ins|in the|into the|into my|auf den|in de|i de) (computer|pc|rechner|laptop|system|compi)\b/,
];

/**
 * Wanting a program for some purpose ("I need a program to edit photos", "Ich bräuchte ein Programm zum Zeichnen von
 * Plänen", "can I get a tool for comparing PDFs"): a software request, whatever the purpose's words meet.
 */
export const PROGRAM_WANTED_PHRASES: RegExp[] = [
  /\b(need|needs|want|wants|would like|i'd like|like to have|get|install|brauche|bräuchte|brauchte|bruch|bruuch|hätte gern|hatte gern|hätte gerne|hatte gerne|möchte|mochte|wünsche|wunsche|bekomme|bekommen|besorgen|installieren|haben)\b.{0,25}\b(program|programs|programm|programme|software|tool|tools|werkzeug|app)\b.{0,6}\b(to|for|that|which|zum|zur|für|fur|um|womit|mit dem|with which|wo)\b/,
];

/**
 * Working on one document at the same time ("gleichzeitig am selben Word-Dokument arbeiten", "everybody can edit the same
 * documents", "work on it together"): working together on shared files.
 */
export const CO_EDIT_PHRASES: RegExp[] = [
  /\b(gleichzeitig|at the same time|simultaneously|zusammen|gemeinsam|together|miteinander|zu zweit|zu dritt)\b.{0,30}\b(an|am|on|in) (der |dem |den |die |das |the |one |a )?(selben|gleichen|derselben|demselben|same|single) (\S+ )?(dokument|dokumenten|datei|dateien|prasentation|präsentation|tabelle|excel-liste|excel|word-dokument|bericht|file|files|document|documents|presentation|spreadsheet|plan|plane|pläne|liste|text)\b/,
  /\b(everybody|everyone|all of us|we all|alle|mehrere|several of us) (can |could |konnen |können )?(edit|work on|bearbeiten|mitbearbeiten|mitschreiben)\b.{0,20}\b(same|selben|gleichen|dieselben)\b|\b(work|working|arbeiten|schreiben) on (it|them|this|a \w+|the \w+) together\b|\b(gleichzeitig|zusammen|gemeinsam) an (einem|einer|dem|der) (dokument|bericht|tabelle|präsentation|prasentation|datei|text) (arbeiten|schreiben)\b/,
];

/**
 * Nothing comes out of the machine, a machine eats the paper ("beim Gerät im Gang kommt nichts raus", "nothing comes out of
 * the big machine in the corridor", "keeps eating paper"): the printer.
 */
export const NOTHING_OUT_PHRASES: RegExp[] = [
  /\b(nothing|nichts|nüt|nut|nix|no pages?|keine seiten?|kei blatt|kein blatt) (\w+ )?(comes|came|come|kommt|chunnt|chunt|chonnt|kam) (\w+ )?(out|raus|use|uus|heraus)\b|\b(kommt|chunnt|chunt|chonnt|kam|comes) (\w+ )?(nichts|nüt|nut|nix|nothing|kein blatt|keine seite) (\w+ )?(raus|heraus|use|uus|out)\b|\b(seiten|blätter|blatter|pages) (nicht|nöd|nid|not) (raus|heraus|use)(geben|gibt|rausgeben)?\b|\b(will|wollen|won'?t) (meine |my )?(seiten|pages|blätter|blatter) (nicht )?(rausgeben|herausgeben|give out|print)\b/,
  /\b(eats|eating|ate|chews|frisst|frass|verschluckt|verschlingt)\b.{0,20}\b(paper|papier|pages|seiten|blätter|blatter)\b/,
];

/**
 * A bigger screen wanted, or the screen too small ("etwas Grösseres zum Draufschauen", "my screen is tiny and my neck
 * hurts", "Nacken weh vom kleinen Display"): another monitor.
 */
export const BIGGER_SCREEN_PHRASES: RegExp[] = [
  /\b(bigger|larger|grösser\w*|grosser\w*|grössere\w*|groessere\w*)\b.{0,40}\b(look at|to look|draufschauen|drauf schauen|anschauen|zum schauen|zum luege|screen|display|bildschirm|monitor|on my desk|auf den tisch|auf dem tisch|aufs pult|auf das pult)\b/,
  /\b(screen|display|bildschirm|monitor|screen's|schirm)\b.{0,20}\b(too small|tiny|so small|zu klein|so klein|winzig|chli)\b|\b(tiny|small|kleinen|kleine|kleinem|kleines|chline|chlinä) (laptop[- ]?)?(screen|display|bildschirm|screenli|schirm)\b/,
];

/** No juice left ("S Funkgrät het kei Saft meh", "my phone has no juice"): the battery. */
export const NO_JUICE_PHRASES: RegExp[] = [
  /\b(?:kein|kei|keinen|no|out of) (saft|juice|pfuus|pfus|power) ?(?:mehr|meh|left|anymore)?\b/,
];

/** Asking for a new one ("Bekomme ich einen neuen?", "can I get a new one?"): a replacement. */
export const NEW_ONE_PHRASES: RegExp[] = [
  /\b(einen neuen|ein neues|eine neue|en neue|es neus|e neui|a new one|a newer one|a replacement)\s*[?.!]*\s*$/,
];

/** Phrases that say something ordered has not come: waiting (for delivery). */
export const NOT_ARRIVED_PHRASES: RegExp[] = [
  /\b(hasn'?t|has not|haven'?t|have not|still not|not yet|never) (arrived|come|been delivered|shown up|turned up)\b/,
  /\b(noch nicht|immer noch nicht|noch immer nicht|no nöd|no nid|nonig|nanig) (da|angekommen|geliefert|eingetroffen|cho|aacho|choo)\b/,
];

/** Asking someone to do a thing ("Kann die IT ...", "can someone ..."), as PRIVATE_REPAIR_PHRASES read it. */
const ASK_SOMEONE = String.raw`\b(kann (die it|mir jemand|jemand)|konnt ihr|konnen sie|chond ihr|chonnd ihr|chasch du|can (it|someone|somebody|you)|could (it|someone|somebody|you))\b`;
/** Setting up a device, in all three languages. */
const SET_UP = String.raw`(einrichten|einrichte|iirichte|iirichta|installieren|installiere|neu aufsetzen|aufsetzen|set up|setup|install|reinstall|connect|anschliessen)`;
/** At home, where a private device is. */
const AT_HOME = String.raw`(zu hause|zuhause|daheim|dihei|deheim|at home|at my home|at my place)`;

/**
 * Asking IT to repair or rescue a private device ("Can IT repair my private laptop?"): not an IT
 * service unless the catalog offers it; the search treats it like a workplace word that is not IT.
 */
export const PRIVATE_REPAIR_PHRASES: RegExp[] = [
  /\b(privat|private[nmrs]?|privaten|personal|own|eigene[nmrs]?)\b.{0,50}\b(reparier\w*|repair\w*|fix|fixed|flicken|flicke|recover\w*|retten|rescue)\b/,
  /\b(reparier\w*|repair\w*|fix|flicken|flicke|recover\w*|retten|rescue)\b.{0,50}\b(privat|private[nmrs]?|privaten|personal|own|eigene[nmrs]?)\b/,
  // (asking IT to set up or reinstall a private device: "Kann die IT meinen privaten Drucker zu Hause einrichten?"; may I install
  // a work app on my private phone is another question)
  new RegExp(String.raw`${ASK_SOMEONE}.{0,60}\b(privat|private[nmrs]?|privaten)\b.{0,50}\b${SET_UP}\b`),
  // (or a device at home: "Kann die IT bei mir zuhause das WLAN einrichten?", "Can someone connect my TV at home to my wifi?")
  new RegExp(String.raw`${ASK_SOMEONE}.{0,60}\b${AT_HOME}\b.{0,50}\b(${SET_UP.slice(1, -1)}|reparieren|repair|fix)\b`),
  new RegExp(String.raw`${ASK_SOMEONE}.{0,40}\b(${SET_UP.slice(1, -1)}|reparieren|repair|fix)\b.{0,40}\b${AT_HOME}\b`),
  // ("look at" only with a private device: "keinen eigenen Computer ... Mails anschauen" is no repair)
  /\b(privat|private[nmrs]?|privaten)\b.{0,50}\b(anschauen|ansehen|aluege|aaluege|look at|have a look)\b/,
];

/**
 * Asking which thing to buy or which offer to take ("Welchen Drucker soll ich mir kaufen?", "Can you recommend a
 * phone plan"): with a private word (PRIVATE_WORD) beside it, advice for a private purchase, not an IT service.
 */
export const PRIVATE_ADVICE_PHRASES: RegExp[] = [
  /\b(welche[nrs]?|which|what|wele[ns]?|weli|was fur)\b.{0,40}\b(soll|sollte|sollten|should|would you|wurdet ihr|wurden sie)\b.{0,40}\b(kaufen|chaufe|choufe|buy|purchase|anschaffen|nehmen|get|go for)\b/,
  /\b(recommend|recommendation|empfehlen|empfehlung|empfiehlst|empfehlt|empfiehlt)\b/,
  // "Welcher Drucker ist fürs Homeoffice am besten?", "which laptop is best for home", "a good printer to buy for my home office"
  /\b(welche[nrs]?|wele[ns]?|weli|which)\b [a-z]+ .{0,40}\b(am besten|am beschte|best)\b|\b(good|decent|cheap) [a-z]+ to (buy|get)\b|\bgute[nrs]? [a-z]+ (zum )?(kaufen|chaufe)\b/,
  // "Where can I buy a case for my private phone?", "Wo kann ich privat einen Drucker kaufen?"
  /\b(where|wo)\b.{0,50}\b(buy|purchase|kaufen|kauft|chaufe|choufe)\b/,
];
/** What says that IT develops applications or websites, every word in one entry. */
const DEVELOPMENT_OFFERS = ['app entwicklung', 'appentwicklung', 'apps entwickeln', 'app development', 'develop apps', 'software entwicklung', 'softwareentwicklung', 'software development', 'web entwicklung', 'webentwicklung', 'web development', 'website erstellen', 'individualsoftware', 'programmierung', 'programmieren'];

/**
 * Other matters of the workplace that are no IT service, each unless some service names `unless` (every word of it) in
 * its name, keywords or summary: what the business charges its customers, having an app of one's own built, a password manager, the weather forecast, a 3D printer, business cards, applying for holidays, a staff discount.
 */
export const NOT_IT_PHRASES: Array<{ re: RegExp; unless: string[] }> = [
  // what the business charges its customers or when it opens for them ("Was kostet eine Wunschnummer für Kunden?"): its own
  // matter, whatever the catalog offers
  { re: /\b(kostet|kosten|koschtet|cost|costs|price|prices|preis|preise|gebuhr|gebuhren|fee|fees|tarif|tarife|verlangen|verlangt|charge|charges|offnet|offen|open|opens|offnungszeiten|opening hours)\b.{0,60}\b(fur (die |unsere |einen |eine )?(kunden|kundin|kundinnen|kundschaft)|for (our |a )?(customers?|clients?))\b/, unless: [] },
  // having an application of one's own built ("Kann die IT uns eine eigene App programmieren?"): software development
  { re: /\b(eigene[nmrs]?|own|custom|individuelle[nmrs]?|neue[nmrs]?|new|a|an|eine?n?)\b.{0,40}\b(app|apps|website|webseite|homepage|anwendung|applikation|application|programm|makro|macro)\b.{0,60}\b(programmier\w*|entwickeln|entwickelt|entwickle|develop\w*|build|bauen|baut|aufschalten|erstellen lassen|schreiben lassen)\b/, unless: DEVELOPMENT_OFFERS },
  { re: /\b(programmier\w*|entwickeln|entwickelt|develop|build|bauen|baut)\b.{0,30}\b(eigene[nmrs]?|own|custom|individuelle[nmrs]?|neue[nmrs]?|new|a|an|eine?n?) (\w+ )?(app|apps|website|webseite|homepage|anwendung|applikation|application|makro|macro)\b/, unless: DEVELOPMENT_OFFERS },
  { re: /\bwie wird das wetter\b|\bwie isch s wetter\b|\bwetter(prognose|bericht|vorhersage)\b|\bweather forecast\b|\b(what|how)('s| is| will be) the weather\b/, unless: ['wetterprognose', 'forecast'] },
  { re: /\b3d[ -]?(drucker|printer|druck|printing|print)\b/, unless: ['3d drucker', '3d druck', '3d printer', '3d printing', '3ddrucker', '3ddruck'] },
  { re: /\b(bestell\w*|order\w*|need|brauche|neue|new|get|bekomme|krieg\w*)\b.{0,30}\b(business ?cards?|visitenkarten?)\b/, unless: ['visitenkarte', 'visitenkarten', 'businesscard', 'businesscards'] },
  { re: /\b(beantrage|beantragen|beantragt|eingeben|einreichen|request|apply for|book)\b.{0,20}\b(ferien|ferie|urlaub|vacation|holidays?|annual leave)\b|\b(ferien|ferie|urlaub|vacation|holidays?|annual leave)\b.{0,20}\b(beantragen|beantrage|aaträge|eingeben|einreichen|requested|request|booked|book)\b/, unless: ['ferienantrag', 'urlaubsantrag'] },
  { re: /\b(password|passwort|kennwort) ?-?(manager|safe|tresor|vault)\b|\bpasswortverwaltung\b|\b(1password|keepass|bitwarden|lastpass)\b/, unless: ['passwortmanager', 'passwordmanager', 'passwortsafe', 'passworttresor', 'kennwortmanager', 'password manager', 'password safe', 'password vault', 'passwort tresor', 'passwort manager', 'zugangsdatenverwaltung', 'keepass', 'bitwarden', 'lastpass', '1password', 'keeper'] },
  { re: /\b(swap|swapping|switch|trade|tauschen|tausche|tuusche)\b.{0,40}\b(shift|shifts|schicht\w*|dienst|dienste)\b|\b(shift|shifts|schicht\w*)\b.{0,40}\b(swap|switch|trade|tauschen|tausche|tuusche)\b|\b(schichttausch|diensttausch|shift swap)\w*/, unless: ['schichtplan', 'schichtplanung', 'dienstplan', 'dienstplanung', 'einsatzplan', 'einsatzplanung', 'shift planning', 'shift plan', 'shift swap', 'roster', 'rostering', 'schichttausch'] },
  { re: /\b(was gibt es|was gits|was git s|whats|what is|what's)\b.{0,25}\b(heute|today|hut|hüt|zmittag|zum mittagessen|for lunch)\b.{0,30}\b(kantine|mensa|personalrestaurant|cafeteria|canteen|restaurant)\b|\b(menu|menue|speiseplan|menuplan)\b.{0,25}\b(kantine|mensa|canteen|cafeteria|personalrestaurant)\b/, unless: ['speiseplan', 'menuplan', 'menu', 'menue'] },
  { re: /\b(lohn|lohnes|salar|salary|gehalt|wages?)\b.{0,30}\b(ausbezahlt|ausbezahlen|uberwiesen|auszahlung|paid|gezahlt|bezahlt|kommt)\b|\bpay ?day\b|\bzahltag\b/, unless: ['lohnauszahlung', 'payroll'] },
  { re: /\b(does|will|would) (the |our )?(company|firm|employer) (pay|cover|contribute|reimburse)\b|\b(zahlt|bezahlt|ubernimmt|vergutet|zahlt) (mir )?(die |d |de )?(firma|arbeitgeber|arbeitgeberin)\b|\b(beitrag|zuschuss) (von der firma |der firma |vom arbeitgeber )?(ans|an das|an den|an die|zum|zur|fur)\b|\bvon der firma (einen|e) (beitrag|zuschuss)\b/, unless: ['pauschale', 'entschadigung', 'allowance', 'reimbursement', 'ruckvergutung', 'zuschuss'] },
  // the guarantee the business gives its customers ("How long is the warranty we give customers?"): its own matter
  { re: /\b(warranty|warranties|guarantee|garantie|garantiezeit|gewahrleistung)\b.{0,60}\b(customers?|clients?|kunden|kundin|kundinnen|kundschaft)\b|\b(customers?|clients?|kunden|kundin|kundschaft)\b.{0,40}\b(warranty|guarantee|garantie|gewahrleistung)\b/, unless: [] },
  // booking a trip ("a train ticket for a business trip to Geneva", "Hotel für die Messe buchen"): travel, not IT, unless an entry books travel
  { re: /\b(book|booking|buche|buchen|bucht|reserve|reservieren|bestelle|bestellen|kaufe|kaufen)\b.{0,30}\b(train ticket|train tickets|zugbillett|bahnbillett|billett|zugticket|bahnticket|flight|flights|flug|fluge|hotel|hotelzimmer|hotel room)\b|\b(train ticket|zugbillett|bahnbillett|flight|flug|hotel|halbtax|halbtaxabo|half-fare|half fare|travelcard|generalabonnement)\b.{0,30}\b(business trips?|geschaftsreisen?|dienstreisen?)\b/, unless: ['reisebuchung', 'travel booking', 'travel management', 'reisemanagement', 'flugbuchung', 'hotelbuchung', 'bahnbillette', 'train tickets'] },
  // the key of a locker, a cupboard or a bike ("I lost the key to my locker", "Schlüssel für meinen Garderobenkasten"): facilities, not IT
  { re: /\b(key|keys|schlussel)\b.{0,30}\b(locker|lockers|spind|garderobe\w*|schrank|kasten|briefkasten|velo|fahrrad|bike|car|auto)\b/, unless: ['schliessfach', 'schliessfacher', 'spind', 'schlusselverwaltung', 'key management'] },
  // claiming travel expenses ("How do I submit my travel expenses for the trip to Bern?"): finance, unless an entry does expenses
  { re: /\b(submit|claim|claims|file|report|abrechnen|abrechne|einreichen|einreiche|erfassen|erfasse|zuruckfordern|approves?)\b.{0,40}\b(expenses?|expense claims?|spesen|reisekosten|spesenabrechnung)\b|\b(spesenabrechnung|reisekostenabrechnung|expense claims?|expense reports?)\b/, unless: ['spesen', 'spesenabrechnung', 'expenses', 'expense', 'reisekosten'] },
  // general knowledge and small talk ("What's the capital of Australia?", "Wie spät ist es in Singapur?", "How was your weekend?")
  { re: /\b(capital of|hauptstadt von|hauptstadt der|hauptstadt des)\b|\b(what time is it|wie spat ist es|wie viel uhr ist es|wieviel uhr ist es)\b|\b(how was your (weekend|day)|wie war (dein|ihr|euer) (wochenende|tag))\b|\b(do you like|magst du|mögen sie) (cats|dogs|katzen|hunde|music|musik|football|fussball)\b/, unless: [] },
  // further education for one's career ("Weiterbildung zum Bauleiter", "Bildungsurlaub", "wer bezahlt meine Weiterbildung?"): HR,
  // unless an entry runs it; IT courses ("eine Weiterbildung in Excel") stay
  { re: /\bbildungsurlaub\b|\bweiterbildung(en)? (zum|zur) \w+|\b(beantrage|beantragen|beantragt|anmelden|melde|besuchen|bezahlt|bezahlen|zahlt|beitrag an|selber bezahlen)\b.{0,30}\bweiterbildung(en)?\b(?! (in|zu|fur) (excel|word|outlook|teams|office|powerpoint|sap|it|informatik|cyber\w*|sharepoint|power bi))|\bweiterbildung(en)?\b.{0,30}\b(bezahlt|bezahlen|zahlt|beantragen|beantrage)\b|\b(further|continuing) education\b/, unless: ['weiterbildung', 'bildungsurlaub', 'weiterbildungen'] },
  // when the next event of the business is ("Wann ist die nächste Synode?", "when is the next staff party"): the communication plan or
  // the business, not a service of the catalog; maintenance and updates stay
  { re: /\b(wann ist|wann isch|wenn isch|when is|when's) (der|die|das|d|de|s|the) (nachste[nrs]?|nachsti|nachscht\w*|next) (?!(wartung\w*|maintenance|\w*schulung\w*|training\w*|update\w*|release\w*|patch\w*|unterbruch\w*|downtime|ausfall\w*|migration\w*|umstellung\w*|backup\w*|sicherung\w*|it-\w+|informatik\w*)\b)\w+/, unless: [] },
  // one's contact in another department ("Wer ist meine Ansprechperson bei HR?"): the directory or that department, not IT
  { re: /\b(ansprechperson|ansprechpartner\w*|kontaktperson|contact person|contact|kontakt)\b (bei|at|in|for|im|in der|von der|from) (der |the |our |unserer )?(hr|personal|personalabteilung|personaldienst|human resources|finanz\w*|buchhaltung|accounting|payroll|lohnburo|einkauf|purchasing|marketing|legal|rechtsdienst|empfang|reception)\b/, unless: [] },
  { re: /\b(personalrabatt|mitarbeiterrabatt\w*|mitarbeiterangebot\w*|personalangebot\w*)\b|\b(staff|employee|personal) discounts?\b|\b(employees|staff) get a discount\b/, unless: ['mitarbeiterrabatt', 'personalrabatt', 'mitarbeiterangebot'] },
];

/** Home or private: what makes advice for a purchase private. */
export const PRIVATE_WORD = /\b(zuhause|zu hause|daheim|dihei|dehei|deheim|heim|home|flat|apartment|wohnung|wohnig|privat\w*|private|personal|my own|mein eigene[nmrs]?|for myself|fur mich)\b/;

/** Phrases that say someone leaves the company. */
export const LEAVING_PHRASES: RegExp[] = [
  /\b(hort|hoert|hört|hor|hör) (.{0,30} )?(auf|uf)\b/,
  /\b(verlasst|verlässt|verlassen|verlaat|verlaht) (.{0,20} )?(firma|unternehmen|uns|company)\b/,
  /\b(leaves|leaving|leave) (the|our) (company|firm|organisation|organization)\b/,
  // "unsere Sekretärin geht Ende Monat", "är gaht uf Ändi Jahr"
  /\b(geht|gaht|goht|geit) (.{0,20} )?(per |auf |uf |am |an )?(ende|ändi|endi) (des |vom |vo )?(monats|monat|jahres|jahr|woche|januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember|jänner)\b/,
  /\b(is|am|are) (leaving|quitting)\b|\blast (working )?day\b|\bletzte[rn]? (arbeits)?tag\b/,
  // "Wänn en Mitarbeiter gaht, wer nimmt de Laptop zrugg?", "when someone leaves, who takes back the laptop?"
  /\b(wenn|wänn|wann|when|if) (en|ein|eine|e|jemand|öpper|oepper|opper|someone|somebody|an?|ein mitarbeiter|eine mitarbeiterin) (\w+ )?(gaht|geht|goht|leaves|quits|verlässt|verlasst|kündigt|kundigt|chündet|chundet|chundigt|chündigt)\b/,
  // "Mein Vertrag endet Ende Juni", "my contract ends in June", "d Astellig lauft us"
  /\b(vertrag|arbeitsvertrag|anstellung|astellig|praktikum|lehre|contract|employment|internship) (\w+ )?(endet|endät|lauft aus|läuft aus|lauft us|lauft ab|läuft ab|ends|is ending|expires|runs out)\b/,
  /\b(in (die )?pension|in rente|pensioniert|pensionierung|retire|retires|retiring|retirement)\b/,
  // "ich arbeite ab Montag nicht mehr hier", "I won't be working here after Friday"
  /\b(arbeite|schaffe|bin) (ab \w+ )?(nicht|nid|nöd|nod|nüm|nümme) (mehr |meh )?(hier|da|do|bi euch|bei euch|bei uns)\b|\bno longer (work|be working) (here|for (the|this|our) (company|firm))\b|\b(won'?t|will not) be working here\b/,
];

/** Phrases that say "I cannot get in": the account, not the device. */
export const LOGIN_PHRASES: RegExp[] = [
  // "nach drei Versuchen ist Schluss", "too many failed attempts": locked out
  /\b(nach|after) (zwei|drei|vier|funf|mehreren|ein paar|x|\d+|two|three|several|a few|too many) (fehl)?(versuchen|anlaufen|attempts|tries|failed attempts|login attempts)\b|\b(zu viele|too many) (fehl)?(versuche|fehlversuche|attempts|tries|failed attempts|login attempts)\b/,
  /\b(komme?|chume?|kommt|chunt|chunnt)\b.{0,40}\b(nicht|nöd|nid|nod|nüm|nümme|nirgends|nirgendwo|niene|nienet)\b.{0,40}\b(rein|ine|hinein|drii|drin|dri)\b/,
  /\b(can'?t|cannot|can not|unable to|won'?t let me|cant|wont let me) (log|sign|get) ?(in|on|into)\b/,
  /\b(log|sign) ?(in|on)\b.{0,30}\b(forgot|forgotten|vergessen)\b|\b(forgot|forgotten|vergessen)\b.{0,40}\b(log|sign) ?(in|on)\b/,
  /\b(locked out|ausgesperrt|gesperrt|gsperrt|blocked account)\b/,
  // "after typing the wrong secret too many times", "nachdem ich dreimal das Falsche eingetippt habe": locked out (typed: a
  // delivery wrong twice is no sign-in)
  /^(?=.*\b(typ(?:e|ed|ing)|enter(?:ed|ing)?|tipp\w*|eingetippt|eingegeben|getippt|itippt|iitippt|ygäh)\b)(?=.*(?:\b(wrong|incorrect|falsch|falsche|falsches|falschen|fautsch)\b.{0,40}\b(too many times|several times|(two|three|four|five|\d+) times|twice|mehrmals|zweimal|dreimal|viermal|funfmal|x-mal|\d+ ?mal|zwöimal|drümal)\b|\b(too many times|several times|(two|three|four|five|\d+) times|twice|mehrmals|zweimal|dreimal|viermal|funfmal|x-mal|\d+ ?mal|zwöimal|drümal)\b.{0,40}\b(wrong|incorrect\w*|falsch\w*|fautsch\w*)\b))/,
  // "the secret word I use to get in", "mein Geheimwort": the password in other words
  /\bsecret (word|words|code|phrase)\b|\bgeheim(wort|code|zahl)\b/,
  /\b(nothing|it|they|the system|windows) (lets|let|will let|won'?t let) me (in|log ?in|sign ?in)\b|\b(typed|entered|put in) (my |the )?(code|password|pin|passwort)s? (wrong|incorrectly)\b|\b(passwort|code|pin|kennwort) (\w+ )?(falsch|mehrmals falsch) (eingegeben|eingetippt|itippt|iigäh)\b/,
];

/** Separable verbs that say something expires ("läuft ab", "lauft bald ab"). */
export const EXPIRED_PHRASES: RegExp[] = [/\b(lauft|laufen|loift) (.{0,20} )?ab\b/];

/** Phrases that ask who helps: the helpdesk. */
export const WHO_HELPS_PHRASES: RegExp[] = [
  // (asking whom to contact for a thing is about the thing: WHO_FOR_THING)
  new RegExp(String.raw`\bwho(?:m)? (do i|should i|can i|could i|to|would i) (call|ask|contact|turn to|phone|talk to|speak to|go to)\b(?! ${FOR_THING})|\bwho (fixes|repairs|can fix|will fix|can repair)\b|\bwho (can|could|will) help\b|\bwer (kann|könnte) (mir |uns )?helfen\b|\bwer hilft\b|\ban wen (kann|soll|muss) ich mich\b|\ban wen wende ich mich\b(?! ${FOR_THING_DE})|\ban wen ich mich .{0,60}\bwenden\b|\bwär (cha|chan|chönnt) (mer |mir |üs )?(hälfe|helfe)\b`),
  /\b(wen|wem) (kann|soll|muss|könnte|sollte) ich (anrufen|fragen|kontaktieren|mich wenden)\b|\bwen (rufe|frage|kontaktiere) ich\b|\bwer (ist|isch|wär) (da )?(zuständig|zueständig)\b|\bwär (isch|chan|söll) (zueständig|hälfe|helfe)\b/,
  /\b(nothing|nichts|nix|nüt|nünt) (works|is working|geht|gaht|goht|funktioniert|lauft|läuft)\b/,
  // "wo chan i es Ticket für d IT ufmache?", "open an IT ticket", "wo lüüt i a, wenn de PC spinnt?"
  /\b(?:it|support|informatik|storungs|störungs|helpdesk)[- ]?tickets?\b|\btickets? (?:fur|für|for|bei|at|an) (?:d |die |the |de )?(?:it|informatik|support|helpdesk)\b|\b(?:wo|wem|wen|wer) (?:lüüt|luut|lüt|lut|lüte|lute) (?:i|ich|mer) (?:a|aa|ah|an)\b/,
  // "Bei wem melde ich mich, wenn ...", "where do I get help with computer stuff?", "wo bekomme ich Hilfe?"
  /\bbei wem (melde|meld|mälde|mäld|soll|muss|kann|chan|cha|mues)\b|\b(where|who) (do|can|could|should) (i|we) (get|find) (some )?help\b|\bwo (bekomme|kriege|finde|chume|bechume|überchume|find) (ich |i )?(hilfe|hilf|support|unterstützung)\b/,
];

/** Phrases that say "it does not work", in all three languages. */
export const BROKEN_PHRASES: RegExp[] = [
  // (also as typed in a hurry: "funktionirt nich", "geht nciht")
  /\b(geht|gaht|goht|geit|lauft|läuft|louft|funktion\w*|funkt|tuet|tut|klappt|klapt|startet|druckt|verbindet|lädt|ladet|reagiert|klingelt|lütet|läutet|synchronisiert|synchronisieren|synct|synchronisiärt|stimmt|stimmen|stimt|stimmed|stimmet) ?([a-zäöü]+ )?(?:(?:scho|schon|immer) (?:wieder|widr|no|noch) )?(nöd|nid|nit|nüd|nüt|nünt|nichts|nix|nicht|nich|nciht|nicth|nihct|nüm|nümme|nimmer|mehr nicht|gar nicht|kaum)\b/,
  // "the clinical system is down", "de server isch scho wieder down"
  /\b(is|are|was|were|went|goes|gone|ist|isch|sind|sin|war) (completely |totally |still |again |wieder |schon wieder |scho wieder |komplett )?down\b/,
  // a subordinate clause puts the verb last: "wenn der Drucker nicht druckt", "wo nüm lauft"
  /\b(nöd|nid|nüd|nicht|nüm|nümme|nimmer) (mehr |meh |richtig |rächt )?(geht|gaht|goht|geit|lauft|läuft|louft|funktioniert|tuet|tut|klappt|startet|druckt|verbindet|reagiert)\b/,
  /\b(not|isn'?t|aren'?t|doesn'?t|won'?t|can'?t|cannot|stopped|stops) ?(working|work|start|starting|connect|connecting|print|printing|turn on|load|loading|sync|syncing|respond|responding)\b|\b(prints|shows|does|did) nothing\b|\bnothing (happens|happened|comes out|came out)\b/,
  new RegExp(String.raw`\b(broken|breaks|broke|kaputt|defekt|dead|crashed|abgestürzt|abgstürzt|hängt|hanget|hangt|hänkt|spinnt|sponnen|gsponne|acts up|acting up|plays up|playing up|freezes|froze|frozen|kaputtgegangen|${DROPPED}|cracked|craked|gesprungen|verschriss\w*|spilled|spilt|rauscht|knackt|krächzt|kracht|chrosnet|chroslet|chrooset|crackles|crackling|buzzes|buzzing|verschüttet|verschuttet|ausgeleert|gschüttet|wasserschaden|water damage|(?:kaffee|kafi|tee|cola|getränke|getranke|flüssigkeits|flussigkeits|sturz|fall|regen)schaden)\b`),
  /\b(bleibt|bleiben|blibt|bliibt|bliibed|blibed|blibet|isch|ist|is|are|stays|stay|remain|remains|went|goes|go|zeigt|zeiget|shows) (.{0,30} )?(schwarz|black|blank|dunkel|dark)\b(?! ?(?:mode|modus|theme|design))|\b(don'?t|doesn'?t|won'?t|didn'?t|never) wake up\b|\b(wachen|wacht|erwachen|erwacht) (.{0,20} )?(nicht|nid|nöd|nüm|nümme) (mehr )?auf\b|\b(no|kein|keis|kei) (signal|bild|picture)\b|\bblack screen\b|\b(zeigt|zeiget|shows) .{0,25}\b(nur noch|nur no|nur|only) (schwarz|black)\b/,
  // "de Drucker macht scho wieder nüt", "macht nichts mehr": it does nothing
  /\b(macht|machts|mached|machet)\b (\w+ ){0,3}?(nüt|nünt|nüüt|nüd|nichts mehr|nix mehr|gar nichts|überhaupt nichts|gar nüt)\b/,
  // "a blue screen", "en blaue Bildschirm": the computer crashed, the screen is no topic
  /\b(blue ?screen|bsod|blaue[nrs]? (bild)?schirm|blaue[nrs]? screen|blue screen of death)\b/,
  // "lässt sich nicht mehr einschalten", "lat sich nüme ufstarte", "den Geist aufgegeben", "the battery won't hold"
  /\b(lat|lasst|lässt|laat|lot|lond|lönd) sich (\w+ )?(nüme|nümme|nüm|nicht|nöd|nid|nimmer)\b|\b(geist|geischt) (ufgäh|ufgeh|ufgä|aufgegeben)\b|\bgave up the ghost\b/,
  /\b(akku|batterie|battery)\b.{0,30}\b(hält|haltet|hebt|hät|hed|holds|lasts)\b.{0,10}\b(nicht|nüm|nümm|nümme|kei|keine|keis|nöd|nid|nur noch|no longer|barely|not)\b|\bbattery (dies|drains|doesn'?t last|won'?t hold)\b/,
  // "bleibt hängen", "stürzt dauernd ab"
  /\b(bleibt|bleiben|blibt|bliibt) (\w+ )?(hängen|hangen|hange|hänge)\b|\b(stürzt|sturzt|stürtzt|stürzen) (\w+ )?(ab|ap)\b|\b(crashes|crashing|keeps crashing|freezing)\b/,
  // "zeigt nichts mehr an", "zeigt nix an", "shows nothing", "displays nothing"
  /\b(zeigt|zeiget|zeigen|zeigt's) (\w+ )?(nichts|nix|nüt|nünt|gar nichts) (mehr |meh )?(an|aa|ah)\b|\b(shows|displays) (nothing|no picture|no image)\b/,
  // "wird nicht erkannt", "isn't recognised"
  /\b(isn'?t|is not|not|no longer|never) (being )?(recogni[sz]ed|detected)\b|\b(wird|werden|wirds?) (\w+ )?(nicht|nöd|nid|nüm|nümme|nicht mehr|gar nicht) (mehr )?(erkannt|akzeptiert)\b/,
  // "druckt nur noch Streifen", "prints blank pages", "kommt leer raus": what comes out is wrong
  /\b(druckt|drucke|druckts|drucked|prints|printing|printed|kommt|chunt|chunnt|comes out|come out)\b.{0,20}\b(streifen|streifig|stripes|striped|streaks|streaky|striche|linien|leer|leere|leeri|blank|blass|faded|verschmiert|smudged|smeared|schief|crooked|zeichensalat|gibberish|hieroglyphen)\b/,
  // "schaltet sich einfach aus", "turns itself off", "kein Freizeichen"
  /\b(schaltet|stellt|schaltät) sich (\w+ )?(aus|ab|us)\b|\b(turns|switches|shuts) (itself |himself |herself )?(off|down)\b|\b(kein|keis|no) (freizeichen|dial tone|signal)\b/,
];
