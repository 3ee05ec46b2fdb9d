import type { App, Feature, Intent, TurnContext } from '../app-types.ts';
import type { Block, InboundEvent, Lang, OutMessage } from './model.ts';
import { coreTexts as t } from './texts.ts';
import { departmentName, type Department, type Person, personLanguage } from '../people/person.ts';
import { enqueue } from '../jobs/outbox.ts';
import { fold, normalize } from './normalize.ts';
import { headOfItIn, IT_DEPARTMENT } from '../people/audience.ts';

function pattern(re: RegExp, score = 0.9) {
  return (text: string) => (re.test(normalize(text)) ? score : 0);
}

const GREETING = /^(hallo|hello|hi|hey|hoi|sali|salü|gruezi|grüezi|gruessech|grüessech|guten (morgen|tag|abend)|good (morning|afternoon|evening)|moin|servus)[\s!.,]*(bot|itbot|it-bot)?[\s!.]*$/;
const HELP = /^(\/?help|\/?hilfe|\?|help me|hilf mir|what can you do|was kannst du( alles)?( tun)?|was kann(st)? (ich|du)|menu|menü|commands|befehle)[\s?!.]*$/;
/**
 * "Who is my IT contact?" and its kin: the asker's own contact. "Who do I contact when the
 * scanner fails?" names a topic and goes to the catalog (contact there is a verb).
 */
const CONTACT = new RegExp(
  [
    // naming IT: anything may follow ("who is my IT contact for Finance?")
    /\b(who|whom)('s| is| are)? ?(my|our) it (contact|person|partner|key account|account manager)\b|\bmy it (contact|person|partner)\b/.source,
    /\b(wer|wen)\b.{0,30}\b(mein|meine|meinen|unser|unsere|unseren|mi|mis|mini|üse|eusi)e?n? it.?(ansprechpartner|ansprechperson|kontaktperson|kontakt|key.?account)/.source,
    /\b(mein|meine|mi|mis|mini)e?n? it.?(ansprechpartner|ansprechperson|kontakt)/.source,
    // a department's contact: "who is the IT contact for Sales?", "Wer ist die IT-Ansprechperson des Verkaufs?"
    /\b(who|whom)('s| is| are)? ?the it (contact|contact person|key account|account manager)\b/.source,
    /\b(wer|wen)\b.{0,30}\b(der|die|de|d) it.?(ansprechpartner|ansprechperson|kontaktperson|key.?account)/.source,
    // IT named after the word: "Wer ist mein Ansprechpartner in der IT?", "my contact in IT", "Kontakt bei der Informatik"
    /\b(mein|meine|meinen|unser|unsere|unseren|mi|mis|mini|üse|eusi|my|our)e?n? (ansprechpartner|ansprechperson|ansprechpartnerin|kontaktperson|kontakt|key.?account|contact|contact person|person|account manager)\w* (in der|bei der|von der|aus der|in de|bi de|vo de|in|at|from|bei|für die|fur die|for|im) (it|informatik|edv|ict|it-abteilung|it department|informatikabteilig)\b/.source,
    // not naming IT: only as the whole question ("who is my contact for payroll?" is not about IT)
    /^(who|whom)('s| is| are)? ?(my|our) (contact|key account( manager)?|account manager|person to (talk|ask))\s*[?!.]*$/.source,
    /^(who|whom) (do|should|can|could) (i|we) (contact|ask|talk to)( in it| at it| in the it)?\s*[?!.]*$/.source,
    /^(wer|wen) (ist|isch|sind) (der |die |de |d |mein |meine |mini |mis )?(ansprechpartner|ansprechperson|kontaktperson|key.?account(.?manager)?)\w*\s*[?!.]*$/.source,
    /^(mein|meine|mi|mis|mini)e?n? (ansprechpartner|ansprechperson|kontakt)\w*\s*[?!.]*$/.source,
    /^\/?(contact|kontakt|it contact|it kontakt)\s*$/.source,
  ].join('|'),
);
/**
 * A department's key account, IT unnamed ("key" account is the IT contact's own title): "Wer ist
 * der Key Account von Verkauf?", "key account for Finance?". What follows (the one group that took part) makes it a
 * contact question only when it is a department or nothing (`departmentKeyAccount`): "key account
 * for SAP licences" asks the catalog.
 */
const DEPARTMENT_KEY_ACCOUNT = new RegExp(
  [
    /^(?:wer|wen) (?:ist|isch|sind) (?:der |die |de |d )?key.?account(?:.?manager)?\w* (?:von|vom|vo|fur|für|fürs|bei|im|der|des|in der)\b(.*)$/.source,
    /^(?:(?:who|whom)(?:'s| is| are)? ?)?(?:the )?key.?account(?: manager)? (?:for|of|in|von|vom|für|fur|der|des)\b(.*)$/.source,
  ].join('|'),
);
/** Words around a department's name that do not change which one it is ("for the Finance department", "für unsere Abteilung"). */
const AROUND_DEPARTMENT = /^(?:(?:the|our|my|den|dem|die|der|das|des|unser|unsere|unseren|unserer|mein|meine|meinen|meiner) )*|(?: (?:department|dept|team|division|abteilung|bereich))$/g;

/** A text folded (`fold`) with each run of other characters than letters and digits one space. */
function foldedWords(text: string): string {
  return fold(text).replace(/[^\p{L}\p{N}]+/gu, ' ');
}

/** Whether a key-account question names a department, or nothing after its "for", "von" (the asker's own). */
function departmentKeyAccount(app: App, text: string): boolean {
  const m = DEPARTMENT_KEY_ACCOUNT.exec(text);
  if (!m) return false;
  const of = foldedWords(m[1] ?? m[2] ?? '').trim().replace(AROUND_DEPARTMENT, '').trim();
  return !of || of === 'department' || of === 'abteilung' || namedDepartment(app, of, { whole: true }) !== null;
}
const THANKS = /^(danke|merci|thanks|thank you|thx|dankeschön|vielen dank|merci vielmal)[\s!.]*$/;

/** A text that names the helpdesk itself ("IT-Helpdesk, ...", "Service Desk ..."). */
export const NAMES_HELPDESK = /help\s*-?\s*desk|service\s*-?\s*desk/i;

/**
 * How to reach the helpdesk: ITBOT_HELPDESK when it is set, else what a feature knows (the catalog's helpdesk
 * entry, with its request link and e-mail), else just "the IT helpdesk": never another company's number.
 */
export function helpdeskOf(app: App, lang: Lang): string {
  if (app.config.ITBOT_HELPDESK) return app.config.ITBOT_HELPDESK;
  for (const f of app.features) {
    const h = f.helpdesk?.(app, lang);
    if (h) return h;
  }
  return t(lang, 'helpdeskGeneric');
}

/** The helpdesk as a line: the value alone where it names the helpdesk ("Helpdesk: IT-Helpdesk, ..." would say it twice), else after "Helpdesk:". */
export function helpdeskLine(app: App, lang: Lang): string {
  const helpdesk = helpdeskOf(app, lang);
  return NAMES_HELPDESK.test(helpdesk) ? helpdesk : t(lang, 'fallbackHelpdesk', { helpdesk });
}

/**
 * Whether an answer in this turn is read by others than the asker: a Slack or Teams channel or a
 * group chat (not an answer only the asker sees). There a card names no one's personal IT contact,
 * which every reader would take for their own, but the helpdesk, everybody's.
 */
export function sharedAnswer(event: InboundEvent): boolean {
  return !event.conversation.isDirect && !event.conversation.privateAnswer;
}

/** Lines naming the person's IT contact and the helpdesk, for every fallback (in a shared conversation the helpdesk alone). VIPs get their key account first. */
export function fallbackContacts(ctx: TurnContext): string[] {
  const { app, person, lang } = ctx;
  const ka = sharedAnswer(ctx.event) ? null : app.people.keyAccountFor(person);
  const lines: string[] = [];
  if (ka) lines.push(t(lang, 'fallbackContact', { name: ka.name, email: ka.email }));
  lines.push(helpdeskLine(app, lang));
  return lines;
}

/**
 * A VIP's question the bot could not answer goes straight to their key account manager, or,
 * where their department has none (or it is the VIP themself), to the head of IT, told why
 * (through the outbox, once per question). Returns the confirmation line for the VIP, or null
 * (also when there is nobody to forward it to: the answer names the helpdesk).
 * In a shared conversation (a channel, a group chat) the answer there says nothing of it, as
 * the line would show the others that the asker is a VIP and name their contact: the VIP is
 * told in a direct message instead (null is returned).
 */
export function escalateVipQuestion(ctx: TurnContext, question: string): string | null {
  const { app, person, lang } = ctx;
  if (!person?.vip) return null;
  const other = (p: Person | null) => (p && p.email.toLowerCase() !== person.email.toLowerCase() ? p : null);
  const account = other(app.people.keyAccountFor(person));
  const ka = account ?? other(headOfItIn(app.people, app.config.ITBOT_HEAD_OF_IT));
  if (!ka) return null;
  const kaLang: Lang = personLanguage(ka, app.config.ITBOT_LANG);
  const dept = departmentName(app.people.department(person.department), kaLang) ?? person.department ?? '-';
  const now = app.clock.now();
  // (one question of one person: the key of its forwarding, and of the VIP's own note of it)
  const asked = `${person.email}:${ctx.event.eventId ?? now.toISOString()}:${question.slice(0, 100)}`;
  const key = `vip-question:${asked}`;
  // (the head of IT is told why the question comes to them)
  const body = [t(kaLang, 'vipEscalationText', { name: person.name, department: dept, question }), ...(account ? [] : [t(kaLang, 'vipEscalationNoAccount', { name: person.name })])].join('\n');
  const message: OutMessage = {
    lang: kaLang,
    text: body,
    blocks: [
      { type: 'header', text: t(kaLang, 'vipEscalationTitle', { name: person.name }) },
      { type: 'text', text: body },
      { type: 'fields', fields: [{ label: t(kaLang, 'email'), value: person.email }] },
    ],
  };
  enqueue(app.db, now, { key, kind: 'vip-question', target: { kind: 'person', email: ka.email }, message, source: { from: person.email } });
  if (!sharedAnswer(ctx.event)) return t(lang, 'vipForwarded', { name: ka.name });
  const text = t(lang, 'vipForwardedPrivately', { name: ka.name, question });
  enqueue(app.db, now, {
    key: `vip-question-told:${asked}`,
    kind: 'vip-question-told',
    target: { kind: 'person', email: person.email },
    message: { lang, text, blocks: [{ type: 'text', text }] },
    source: { from: person.email },
  });
  return null;
}

/**
 * A department's name as a pattern of whole words; a one-word name also in its German forms
 * "des Verkaufs" (genitive) and "der Finanzabteilung" / "dem Verkaufsteam" (the name, or its stem
 * without -en or -e, before -abteilung, -bereich or -team).
 */
function departmentWordsPattern(key: string): RegExp {
  const esc = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (key.includes(' ')) return new RegExp(` ${esc(key)} `);
  const stems = [...new Set([key, key.replace(/(en|e)$/, '')])].filter((x) => x.length >= 3).map(esc);
  const compound = stems.length ? `|(${stems.join('|')})s?(abteilung|bereich|team)(en|s)?` : '';
  return new RegExp(` (${esc(key)}(e?s)?${compound}) `);
}

/**
 * The department a contact question names by its id or its German or English name, as whole
 * words ("who is my IT contact for Sales?", "IT-Ansprechperson für den Verkauf", "des Verkaufs",
 * "der Finanzabteilung"); the longest name wins. Not the IT department: "IT" and "Informatik" are
 * how the question names IT itself.
 */
function namedDepartment(app: App, text: string | undefined, opts: { whole?: boolean } = {}): Department | null {
  if (!text) return null;
  const words = ` ${foldedWords(text)} `;
  let best: { d: Department; length: number } | null = null;
  for (const d of app.people.departments()) {
    if (d.id === IT_DEPARTMENT) continue;
    for (const name of [d.id, d.nameDe, d.nameEn]) {
      const key = name ? foldedWords(name).trim() : '';
      // (`whole`: the text is the name and nothing else)
      const named = key ? departmentWordsPattern(key) : null;
      if (named && (opts.whole ? new RegExp(`^${named.source}$`) : named).test(words) && (!best || key.length > best.length)) best = { d, length: key.length };
    }
  }
  return best?.d ?? null;
}

/** The answer to "who is my IT contact?" (or the contact of the department the question names). */
function contactReply(ctx: TurnContext): OutMessage[] {
  const { app, person, lang } = ctx;
  const helpdesk = helpdeskOf(app, lang);
  const named = namedDepartment(app, ctx.event.text);
  if (named && named.id !== person?.department) return otherContactReply(app, named, lang, helpdesk);
  if (!person || !person.department) {
    // (a guest, or a person the directory gives no department: no "for -" in the answer)
    const text = t(lang, person ? 'contactNoDepartment' : 'contactUnknownPerson', { helpdesk });
    return [{ text, lang, blocks: [{ type: 'header', text: t(lang, 'contactTitle') }, { type: 'text', text }] }];
  }
  const dept = app.people.department(person.department);
  const deptName = departmentName(dept, lang) ?? person.department;
  const ka = app.people.keyAccountFor(person);
  if (!ka) {
    const text = t(lang, 'contactNoAccount', { department: deptName, helpdesk });
    return [{ text, lang, blocks: [{ type: 'header', text: t(lang, 'contactTitle') }, { type: 'text', text }] }];
  }
  const text = t(lang, 'contactKnown', { department: deptName, name: ka.name, email: ka.email, helpdesk });
  const blocks: Block[] = [
    { type: 'header', text: t(lang, 'contactTitle') },
    { type: 'fields', fields: [
      { label: lang === 'de' ? 'Name' : 'Name', value: ka.name },
      { label: t(lang, 'email'), value: ka.email },
      { label: t(lang, 'department'), value: deptName },
      { label: t(lang, 'helpdesk'), value: helpdesk },
    ] },
  ];
  // (not where others read it: the note would tell a channel or group chat that the asker is a VIP)
  if (person.vip && !sharedAnswer(ctx.event)) blocks.push({ type: 'text', text: t(lang, 'vipNote', { name: ka.name }) });
  blocks.push({ type: 'links', links: [{ label: ka.email, url: `mailto:${ka.email}` }] });
  return [{ text, lang, blocks }];
}

/** "Who is the IT contact for Sales?" from someone outside Sales: that department's key account, not the asker's. */
function otherContactReply(app: App, dept: Department, lang: Lang, helpdesk: string): OutMessage[] {
  const deptName = departmentName(dept, lang) ?? dept.id;
  const ka = dept.keyAccountEmail ? app.people.byEmail(dept.keyAccountEmail) : null;
  const text = ka ? t(lang, 'contactOfDepartment', { department: deptName, name: ka.name, email: ka.email, helpdesk }) : t(lang, 'contactNoAccount', { department: deptName, helpdesk });
  const blocks: Block[] = [{ type: 'header', text: t(lang, 'contactOfTitle', { department: deptName }) }, { type: 'text', text }];
  if (ka) blocks.push({ type: 'links', links: [{ label: ka.email, url: `mailto:${ka.email}` }] });
  return [{ text, lang, blocks }];
}

function helpReply(ctx: TurnContext): OutMessage[] {
  const { app, lang } = ctx;
  const lines = [t(lang, 'helpContact')];
  for (const f of app.features) lines.push(...(f.helpLines?.(lang) ?? []));
  lines.push(t(lang, 'helpHelp'));
  const text = [t(lang, 'helpIntro'), ...lines.map((l) => `• ${l}`)].join('\n');
  return [{ text, lang, blocks: [{ type: 'header', text: t(lang, 'helpTitle') }, { type: 'text', text }] }];
}

/** Reply for text nobody understood (when no feature provides a fallback). */
export function unknownInput(ctx: TurnContext): OutMessage[] {
  const { lang } = ctx;
  const lines = [t(lang, 'unknown'), ...fallbackContacts(ctx)];
  return [{ text: lines.join('\n'), lang, blocks: [{ type: 'text', text: lines.join('\n') }] }];
}

function greetingName(p: Person | null): string {
  return p ? p.name.split(' ')[0]! : '';
}

const intents: Intent[] = [
  {
    name: 'greeting',
    match: pattern(GREETING, 0.95),
    handle: (ctx) => {
      const text = t(ctx.lang, 'greeting', { name: greetingName(ctx.person) }).replace(' !', '!');
      return [{ text, lang: ctx.lang, blocks: [{ type: 'text', text }] }];
    },
  },
  { name: 'help', match: pattern(HELP, 0.95), handle: helpReply },
  {
    name: 'contact',
    match: (text, ctx) => {
      const n = normalize(text);
      return CONTACT.test(n) || departmentKeyAccount(ctx.app, n) ? 0.9 : 0;
    },
    handle: contactReply,
  },
  { name: 'thanks', match: pattern(THANKS, 0.95), handle: (ctx) => [{ text: t(ctx.lang, 'thanks'), lang: ctx.lang }] },
];

/** Greeting, help, "who is my IT contact?" and thanks. */
export const coreFeature: Feature = {
  name: 'core',
  intents,
  actions: {
    'core.help': (ctx) => helpReply(ctx),
    'core.contact': (ctx) => contactReply(ctx),
    // a message that is only a file or a picture (the platforms read no attachments)
    'core.textOnly': (ctx) => [{ text: t(ctx.lang, 'textOnly'), lang: ctx.lang }],
  },
};
