import { readYaml } from '../files/yaml.ts';
import type { App } from '../app-types.ts';
import type { Block, Lang, OutMessage } from '../chat/model.ts';
import { InputError, type Problem } from '../errors.ts';
import { countOf, monthName, pick, type Bi } from '../i18n/index.ts';
import { localDay } from './targets.ts';
import { readImportFile } from '../people/import.ts';
import { ProjectsRepo } from '../store/projects-repo.ts';
import { calendarDay } from './parse.ts';
import { bi } from '../files/texts.ts';
import { projectTexts as t } from './texts.ts';

interface RoadmapMilestone {
  id: string;
  /** the planned day, YYYY-MM-DD */
  date: string;
  title: Bi;
  done: boolean;
}

/** The IT marketing concept: vision, principles, a 12-month roadmap. */
export interface Strategy {
  vision: Bi;
  principles: Bi[];
  roadmap: RoadmapMilestone[];
}

const ID = /^[a-z0-9][a-z0-9-]*$/;

/**
 * Validates data/strategy.yaml; every problem with file, entry and field. A text in one language
 * only is taken, with a warning in `warnings` (as in the plan, projects and survey files).
 */
function parseStrategy(text: string, file: string, warnings: Problem[]): Strategy {
  const { doc, problem } = readYaml(text, file);
  if (problem) throw new InputError([problem]);
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new InputError([{ file, message: 'expected a mapping with vision, principles and roadmap' }]);
  const r = doc as Record<string, unknown>;
  const problems: Problem[] = [];
  for (const k of Object.keys(r)) if (!['vision', 'principles', 'roadmap'].includes(k)) problems.push({ file, field: k, message: 'unknown field (expected vision, principles, roadmap)' });
  const warn = (entry?: string) => (field: string, message: string) => warnings.push({ file, ...(entry ? { entry } : {}), field, message });
  const vision = bi(r.vision, { field: 'vision', warn: warn() });
  if (typeof vision === 'string') problems.push({ file, field: 'vision', message: r.vision === undefined ? 'required' : vision });
  const principles: Bi[] = [];
  if (!Array.isArray(r.principles)) problems.push({ file, field: 'principles', message: 'required: a list of texts' });
  else r.principles.forEach((p, i) => {
    const v = bi(p, { field: `principles[${i}]`, warn: warn() });
    if (typeof v === 'string') problems.push({ file, entry: `principles[${i}]`, message: v });
    else principles.push(v);
  });
  const roadmap: RoadmapMilestone[] = [];
  if (!Array.isArray(r.roadmap)) problems.push({ file, field: 'roadmap', message: 'required: a list of {id, date, title, done}' });
  else {
    const seen = new Set<string>();
    r.roadmap.forEach((m, i) => {
      const o = (m && typeof m === 'object' && !Array.isArray(m) ? m : {}) as Record<string, unknown>;
      const entry = `roadmap[${i}]${typeof o.id === 'string' ? ` (id ${o.id})` : ''}`;
      const at = (field: string, message: string) => problems.push({ file, entry, field, message });
      for (const k of Object.keys(o)) if (!['id', 'date', 'title', 'done'].includes(k)) at(k, 'unknown field (expected id, date, title, done)');
      const id = typeof o.id === 'string' ? o.id.trim() : '';
      if (!ID.test(id)) at('id', id ? `"${id}" may only hold a-z, 0-9 and -` : 'required');
      else if (seen.has(id)) at('id', 'duplicate id');
      seen.add(id);
      const date = calendarDay(o.date);
      if (!date) at('date', o.date === undefined ? 'required: YYYY-MM-DD' : `"${String(o.date)}" is not a date (YYYY-MM-DD)`);
      const title = bi(o.title, { field: 'title', warn: warn(entry) });
      if (typeof title === 'string') at('title', o.title === undefined ? 'required' : title);
      if (o.done !== undefined && typeof o.done !== 'boolean') at('done', `"${String(o.done)}" is not true or false`);
      if (date && typeof title !== 'string') roadmap.push({ id, date, title, done: o.done === true });
    });
    roadmap.sort((a, b) => a.date.localeCompare(b.date));
  }
  if (problems.length || typeof vision === 'string') throw new InputError(problems);
  return { vision, principles, roadmap };
}

/** Imports the strategy, replacing the previous one; `warnings` gets what is imported with a warning. */
export function importStrategy(app: App, file: string, warnings: Problem[] = []): Strategy {
  const s = parseStrategy(readImportFile(file), file, warnings);
  new ProjectsRepo(app.db).setStrategy(s, app.clock.now());
  return s;
}

export function loadStrategy(app: App): Strategy | null {
  return new ProjectsRepo(app.db).strategy() as Strategy | null;
}

/** "What is IT's strategy?": vision, principles, the roadmap of the coming 12 months with what is reached. */
export function strategyReply(app: App, lang: Lang): OutMessage[] {
  const s = loadStrategy(app);
  if (!s) return [{ text: t(lang, 'strategyNone'), lang }];
  // (the coming 12 months, as the heading says: what is open up to then, an overdue one included,
  // and what was reached in the last 12; the milestones further ahead are counted, not listed)
  const today = localDay(app.clock.now(), app.config.ITBOT_TIMEZONE);
  const yearFrom = (day: string, years: number) => `${Number(day.slice(0, 4)) + years}${day.slice(4)}`;
  const until = yearFrom(today, 1);
  const since = yearFrom(today, -1);
  const shown = s.roadmap.filter((m) => m.date <= until && (!m.done || m.date >= since));
  const later = s.roadmap.filter((m) => m.date > until).length;
  const month = (day: string) => `${monthName(Number(day.slice(5, 7)), lang)} ${day.slice(0, 4)}`;
  const roadmap = shown.map((m) => `${m.done ? '✓' : '○'} ${month(m.date)}: ${pick(m.title, lang)} (${t(lang, m.done ? 'reached' : 'open')})`);
  if (later) roadmap.push(t(lang, 'roadmapLater', { count: lang === 'de' ? countOf(later, lang, 'weitere Etappe', 'weitere Etappen') : countOf(later, lang, 'more milestone', 'more milestones') }));
  const principles = s.principles.map((p) => `• ${pick(p, lang)}`);
  // a section the strategy leaves empty (`principles: []`, `roadmap: []`) is left out, not shown as a heading over nothing
  const sections = [
    `${t(lang, 'vision')}: ${pick(s.vision, lang)}`,
    ...(principles.length ? [`${t(lang, 'principles')}:\n${principles.join('\n')}`] : []),
    ...(roadmap.length ? [`${t(lang, 'roadmap')}:\n${roadmap.join('\n')}`] : []),
  ];
  const blocks: Block[] = [{ type: 'header', text: t(lang, 'strategyTitle') }, ...sections.map((text): Block => ({ type: 'text', text }))];
  return [{ text: [t(lang, 'strategyTitle'), ...sections].join('\n'), lang, blocks }];
}
