import Handlebars from 'handlebars';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Block, Lang, OutMessage } from '../chat/model.ts';
import { compareNames, countOf, formatCount, formatDay, formatDecimal, monthName, pick, sentence } from '../i18n/index.ts';
import { localDay } from '../projects/targets.ts';
import { DATA_DIR } from '../paths.ts';
import { AppError } from '../errors.ts';
import type { NewsletterContent, Variant } from './model.ts';
import { isEmpty } from './model.ts';
import { heldBackText } from '../surveys/texts.ts';
import { nlTexts as t } from './texts.ts';

export const TEMPLATE_DIR = join(DATA_DIR, 'templates', 'newsletter');

// one Handlebars environment of our own: no helper or partial of another module leaks in
const hbs = Handlebars.create();
const cache = new Map<string, { mtimeMs: number; fn: Handlebars.TemplateDelegate }>();

/**
 * `{{count n}}`: a count with the language's thousands separator (1'500, 1,500);
 * `{{count n "Antwort" "Antworten"}}`: with its noun, singular for 1.
 */
hbs.registerHelper('count', function (this: unknown, n: unknown, ...rest: unknown[]) {
  const options = rest.pop() as Handlebars.HelperOptions;
  const lang: Lang = (options.data?.root as { lang?: Lang } | undefined)?.lang === 'de' ? 'de' : 'en';
  const v = typeof n === 'number' ? n : Number(n);
  if (!Number.isFinite(v)) return String(n ?? '');
  const [one, many] = rest as [unknown, unknown];
  return typeof one === 'string' ? countOf(v, lang, one, typeof many === 'string' ? many : one) : formatCount(v, lang);
});

/** The template for a variant and language; recompiled when IT edits the file. */
function template(variant: Variant, lang: Lang, dir: string): Handlebars.TemplateDelegate {
  const file = join(dir, `${variant}.${lang}.hbs`);
  let mtimeMs: number;
  try {
    mtimeMs = statSync(file).mtimeMs;
  } catch {
    throw new AppError('template_missing', `${file}: newsletter template missing (one per variant and language: ${variant}.${lang}.hbs)`);
  }
  const c = cache.get(file);
  if (c && c.mtimeMs === mtimeMs) return c.fn;
  let fn: Handlebars.TemplateDelegate;
  try {
    // strict: a misspelt field in an edited template is an error, not an empty line
    fn = hbs.compile(readFileSync(file, 'utf8'), { strict: true, noEscape: false });
  } catch (e) {
    throw new AppError('template_invalid', `${file}: ${(e as Error).message.split('\n')[0]}`, { cause: e });
  }
  // strict mode finds a misspelt field only when it renders: name the file and line there too
  const checked: Handlebars.TemplateDelegate = (context, options) => {
    try {
      return fn(context, options);
    } catch (e) {
      throw new AppError('template_invalid', `${file}: ${renderError(e as Error)}`, { cause: e });
    }
  };
  cache.set(file, { mtimeMs, fn: checked });
  return checked;
}

/** Handlebars' '"titel" not defined in [object Object] - 3:2' in words: the line and the field. */
function renderError(e: Error): string {
  const first = e.message.split('\n')[0] ?? '';
  const m = /^"(.*)" not defined in .* - (\d+):\d+$/.exec(first);
  return m ? `line ${m[2]}: unknown field "${m[1]}" (the fields are listed in docs/newsletter.md)` : first;
}


export function issueTitle(c: NewsletterContent, lang: Lang): string {
  const [y, m] = c.issueDate.split('-').map(Number);
  if (c.name) return `${oneLine(pick(c.name, lang))}, ${formatDay(c.issueDate, lang)}`;
  return t(lang, 'title', { month: `${monthName(m!, lang)} ${y}` });
}

const clocks = new Map<string, Intl.DateTimeFormat>();

/** An instant's time of day in a zone ("09:00"), with one formatter per zone. */
export function clockTime(at: Date, tz: string): string {
  let f = clocks.get(tz);
  if (!f) clocks.set(tz, (f = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: tz })));
  return f.format(at);
}

/** "10. Dezember 2026, 18:30 (Europe/Zurich)": the day and time in a zone, named. */
function dayTimeIn(at: Date, tz: string, lang: Lang): string {
  return `${formatDay(localDay(at, tz), lang)}, ${clockTime(at, tz)} (${tz})`;
}

/**
 * An event's time for every reader: in the organisation's zone, named, and also in the
 * plan's own zone when that is another (the readers' and the organisers' clocks).
 */
function when(iso: string, lang: Lang, c: NewsletterContent): string {
  // an issue drafted before the zones were kept: iso's wall-clock part is the plan's local time
  if (!c.timeZone) return `${formatDay(iso.slice(0, 10), lang)}, ${iso.slice(11, 16)}`;
  const at = new Date(iso);
  const plan = c.planTimeZone ?? c.timeZone;
  return plan === c.timeZone ? dayTimeIn(at, c.timeZone, lang) : `${dayTimeIn(at, c.timeZone, lang)} / ${dayTimeIn(at, plan, lang)}`;
}

/** A day of the period (stored as an instant) as the plan's local day, never the UTC one. */
function dayOf(iso: string, lang: Lang, c: NewsletterContent): string {
  const tz = c.planTimeZone ?? c.timeZone;
  return formatDay(tz ? localDay(new Date(iso), tz) : iso.slice(0, 10), lang);
}

/** A figure with decimals, Swiss style as everywhere else (4.5; thousands as counts are: 1'500.5). */
function num(n: number, lang: Lang): string {
  return formatDecimal(n, lang, 0, 2);
}

function days(n: number, lang: Lang): string {
  return t(lang, n === 1 ? 'day' : 'days', { n: num(n, lang) });
}

/**
 * A survey question as the label of its figure: a question keeps its question mark ("How
 * satisfied are you with IT? 3.6 out of 5"), a statement ends in a colon instead of its full
 * stop ("IT informs me in good time about changes: 4.3 out of 5"), never "?:" or ".:".
 */
function figureLabel(question: string): string {
  const q = question.trim();
  if (/[?!…]$/.test(q)) return q;
  return `${q.replace(/[.:;,]+$/, '')}:`;
}

/**
 * The services of an issue as the catalog lists them: by name in the reader's language, a number
 * in it by its value ("Testdienst 2" before "Testdienst 10"), then by id.
 */
function servicesByName(c: NewsletterContent, lang: Lang): NewsletterContent['services'] {
  return [...c.services].sort((a, b) => compareNames(pick(a.name, lang), pick(b.name, lang), lang) || compareNames(a.id, b.id, lang));
}

/**
 * A text of the catalog, the projects, the plan or the surveys as it stands in one line of the
 * issue (a list item): its line breaks become spaces, so a line of it never starts a title or a
 * section ("# ", "## ") of the message nor leaves its list item.
 */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ');
}

/** The data a template sees: texts in one language, figures formatted. Documented in docs/newsletter.md. */
function viewModel(c: NewsletterContent, lang: Lang, variant: Variant, editorial: string | null) {
  const line = (text: Parameters<typeof pick>[0]) => oneLine(pick(text, lang));
  const h = c.helpdesk;
  const services = servicesByName(c, lang);
  const median = h?.medianResolutionHours ?? null;
  return {
    lang,
    variant,
    title: issueTitle(c, lang),
    date: formatDay(c.issueDate, lang),
    since: dayOf(c.periodFrom, lang, c),
    editorial: editorial ?? '',
    empty: isEmpty(c),
    quiet: c.services.length + c.projects.length + c.strategy.length + c.surveys.length === 0,
    newServices: services.filter((s) => s.status === 'new').map((s) => ({ name: line(s.name), summary: line(s.summary), url: s.url ?? '' })),
    retiringServices: services.filter((s) => s.status === 'retiring').map((s) => ({ name: line(s.name), summary: line(s.summary), replacedBy: s.replacedBy ? line(s.replacedBy) : '' })),
    projects: c.projects.map((p) => ({
      title: line(p.title),
      headline: p.kind === 'milestone' ? t(lang, 'milestone', { milestone: p.milestone ? line(p.milestone) : p.date ?? '' }) : t(lang, `phase_${p.phase ?? 'running'}` as const),
      done: p.phase === 'done',
      changes: sentence(line(p.changes)),
      link: p.link ?? '',
      // whom it concerns when not every reader (news of a narrower project no chat announcement told)
      audience: p.concerns ? line(p.concerns) : '',
    })),
    strategy: c.strategy.map((s) => ({ title: line(s.title), date: formatDay(s.date, lang) })),
    surveys: c.surveys.map((s) => {
      const own = s.actions.filter((a) => a.lang === null || a.lang === lang);
      const actions = (own.length ? own : s.actions).map((a) => oneLine(a.text));
      return {
        title: line(s.title),
        responses: s.responses,
        recipients: s.recipients,
        withheld: !!s.withheld,
        // ("2 later answers are left out to protect anonymity": the figures are those of the last step, the count is all)
        heldBack: !s.withheld && s.heldBack ? heldBackText(lang, s.heldBack) : '',
        figures: s.figures.map((f) => ({
          question: line(f.question),
          label: figureLabel(line(f.question)),
          value: f.type === 'nps' ? t(lang, 'npsValue', { n: num(Math.round(f.value), lang) }) : t(lang, 'csatValue', { n: num(Math.round(f.value * 10) / 10, lang) }),
        })),
        actions,
        hasActions: actions.length > 0,
      };
    }),
    events: c.events.map((e) => ({ title: line(e.title), when: when(e.start, lang, c) })),
    // the tickets of the period were in an earlier issue's figures: name it rather than "none imported"
    helpdeskReportedIn: !h && c.helpdeskReportedIn ? issueTitle({ ...c, name: c.helpdeskReportedIn.name, issueDate: c.helpdeskReportedIn.issueDate }, lang) : '',
    helpdesk: h
      ? {
          opened: h.opened,
          closed: h.closed,
          median: median === null ? '-' : median >= 48 ? days(Math.round(median / 2.4) / 10, lang) : t(lang, median === 1 ? 'hour' : 'hours', { n: num(median, lang) }),
          satisfaction: h.satisfaction === null ? '' : t(lang, h.rated === 1 ? 'outOf5One' : 'outOf5', { n: num(h.satisfaction, lang), rated: formatCount(h.rated, lang) }),
        }
      : null,
  };
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'", '&#x60;': '`', '&#x3D;': '=' };

/** The template's output as HTML-safe text (autoescaped): for the admin page. */
export function renderEscaped(c: NewsletterContent, lang: Lang, variant: Variant, editorial: string | null, dir = TEMPLATE_DIR): string {
  const out = template(variant, lang, dir)(viewModel(c, lang, variant, editorial));
  return out.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
}

/**
 * Plain text for chat. The templates autoescape (safe wherever the text lands in HTML);
 * chat messages are plain text that every renderer escapes itself, so the entities are
 * turned back into characters here instead of showing "&amp;".
 */
export function renderText(c: NewsletterContent, lang: Lang, variant: Variant, editorial: string | null, dir = TEMPLATE_DIR): string {
  return renderEscaped(c, lang, variant, editorial, dir).replace(/&(amp|lt|gt|quot|#x27|#x60|#x3D);/g, (m) => ENTITIES[m] ?? m);
}

/** The rendered issue as a neutral message: "# " starts the header, "## " a section block. */
export function renderMessage(c: NewsletterContent, lang: Lang, variant: Variant, editorial: string | null, dir = TEMPLATE_DIR): OutMessage {
  const text = renderText(c, lang, variant, editorial, dir);
  const blocks: Block[] = [];
  let current: string[] = [];
  const flush = () => {
    const body = current.join('\n').trim();
    if (body) blocks.push({ type: 'text', text: body });
    current = [];
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('# ')) {
      flush();
      blocks.push({ type: 'header', text: line.slice(2).trim() });
    } else if (line.startsWith('## ')) {
      flush();
      current.push(line.slice(3).trim());
    } else current.push(line);
  }
  flush();
  const plain = text.replace(/^#{1,2} /gm, '');
  return { text: plain, lang, blocks };
}
